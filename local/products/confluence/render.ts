/**
 * Turns a page's storage format into the HTML the host's Confluence page view shows, the way
 * Confluence's viewer would, and finds the app macros the host must mount in iframes.
 *
 * Safety comes from construction, not from filtering: the output consists only of tags and
 * attributes this module writes itself, from an allowlist, with every text and attribute value
 * escaped. Nothing of the input is ever copied verbatim, so `<script>`, event-handler attributes,
 * `javascript:` URLs, `]]>` tricks or broken markup can at worst show up as text.
 *
 * App macros appear in storage format in two ways:
 * - the form Confluence's editor writes for a Forge `macro` module, an ADF extension node
 *   (`extension-type` `com.atlassian.ecosystem`, `extension-key`
 *   `<appId>/<environmentId>/static/<macroKey>`, the instance's configuration under
 *   `parameters` → `guest-params`), followed by an `ac:adf-fallback` copy for renderers that do
 *   not know ADF, which must not become a second macro:
 *   `<ac:adf-extension><ac:adf-node type="extension"><ac:adf-attribute key="extension-key">…`;
 * - a `<ac:structured-macro ac:name="<macroKey>">`, the form of macros written through the API
 *   in the classic format (and of Connect macros a Forge macro with the same key took over).
 * Each becomes `<div data-forge-macro="<index>"></div>` (a `<span>` for an inline extension, which
 * sits inside a paragraph) and an entry in `macros`.
 */
import type { JsonObject, JsonValue } from '../json';
import {
  CONFLUENCE_MACROS,
  DROPPED,
  EMOTICONS,
  EXTENSION_NODE_TYPES,
  FORGE_EXTENSION_TYPE,
  KEPT,
  KEPT_ATTRIBUTES,
  MAX_DEPTH,
  PANELS,
  RENAMED,
  VOID,
} from './render-rules';
import {
  type StorageElement,
  type StorageNode,
  childElements,
  firstChild,
  parseStorageFormat,
  textContent,
} from './storage-format';

export interface RenderedMacro {
  /** The instance's id: `ac:macro-id`, else its local id, else `macro-<index>`. */
  macroId: string;
  /** The macro's key (`rollout-status`): the Forge module key or the structured macro's name. */
  name: string;
  /** The instance's configuration, each value as text. */
  parameters: Record<string, string>;
  /**
   * The same configuration as Forge hands it to the app (`extension.config`): a multi-value
   * parameter as a list, nested parameters as an object, everything else as text.
   */
  config: JsonObject;
  localId?: string;
  /** For the ADF form: `<appId>/<environmentId>/static/<macroKey>`. */
  extensionKey?: string;
}

export interface RenderedPage {
  html: string;
  macros: RenderedMacro[];
}

export interface RenderOptions {
  /**
   * Which `ac:structured-macro` names are app macros. Unset: every name that is not one of
   * Confluence's own macros rendered here. A name it rejects is shown as Confluence shows a macro
   * no installed app provides ("Unknown macro").
   */
  isAppMacro?: (name: string) => boolean;
  /** Where a link to another page (`<ri:page>`) goes; no link when it answers undefined. */
  pageHref?: (target: { title: string; spaceKey: string | undefined }) => string | undefined;
}

/** Escapes text for HTML content and quoted attribute values; drops characters HTML forbids. */
export function escapeHtml(text: string): string {
  return text
    .replace(/[\p{Cc}]/gu, (char) => (char === '\n' || char === '\t' || char === '\r' ? char : ''))
    .replace(/[&<>"']/g, (char) => `&#${char.codePointAt(0) ?? 0};`);
}

/**
 * A link target safe to put in `href`: http(s), mailto or a relative reference. Browsers ignore
 * ASCII whitespace and control characters inside a scheme (`java\tscript:`), so they are removed
 * before the scheme is read.
 */
export function safeHref(raw: string): string | undefined {
  const trimmed = raw.trim();
  const compact = trimmed.replace(/[\p{Cc}\s]/gu, '');
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(compact)?.[1]?.toLowerCase();
  if (scheme === undefined) return compact === '' ? undefined : trimmed;
  return scheme === 'http' || scheme === 'https' || scheme === 'mailto' ? trimmed : undefined;
}

function attribute(element: StorageElement, name: string): string | undefined {
  return element.attributes.get(name);
}

function slug(text: string): string {
  const base = text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return base === '' ? 'section' : base;
}

interface Heading {
  level: number;
  text: string;
  id: string;
}

class Renderer {
  readonly macros: RenderedMacro[] = [];
  private readonly headingIds = new Map<StorageElement, Heading>();
  private readonly headings: Heading[] = [];

  constructor(private readonly options: RenderOptions) {}

  render(nodes: readonly StorageNode[]): string {
    this.collectHeadings(nodes);
    return this.nodes(nodes, 0);
  }

  /**
   * Gives every heading that will be shown an id, in document order, before rendering: a `toc`
   * macro may come before the headings it lists.
   */
  private collectHeadings(nodes: readonly StorageNode[]): void {
    const used = new Set<string>();
    const pending: StorageNode[] = [...nodes].reverse();
    for (let node = pending.pop(); node !== undefined; node = pending.pop()) {
      if (node.kind === 'text') continue;
      const name = node.name.toLowerCase();
      if (DROPPED.has(name) || name === 'ac:adf-extension' || name === 'ac:structured-macro') {
        // Confluence's toc lists the headings inside panels and expands, whose bodies are shown;
        // everything else here is hidden or drawn by an app.
        const macroName = attribute(node, 'ac:name') ?? '';
        if (name === 'ac:structured-macro' && (macroName in PANELS || macroName === 'expand')) {
          const body = firstChild(node, 'ac:rich-text-body');
          if (body) pending.push(...[...body.children].reverse());
        }
        continue;
      }
      const level = /^h([1-6])$/.exec(name)?.[1];
      if (level !== undefined) {
        const text = textContent(node).trim();
        let id = `heading-${slug(text)}`;
        for (let suffix = 2; used.has(id); suffix += 1) id = `heading-${slug(text)}-${suffix}`;
        used.add(id);
        const heading = { level: Number(level), text, id };
        this.headings.push(heading);
        this.headingIds.set(node, heading);
        continue;
      }
      pending.push(...[...node.children].reverse());
    }
  }

  private nodes(nodes: readonly StorageNode[], depth: number): string {
    let html = '';
    for (const node of nodes) html += this.node(node, depth);
    return html;
  }

  private node(node: StorageNode, depth: number): string {
    if (node.kind === 'text') return escapeHtml(node.text);
    if (depth >= MAX_DEPTH) return escapeHtml(textContent(node));
    const name = node.name.toLowerCase();
    if (DROPPED.has(name)) return '';
    const next = depth + 1;
    switch (name) {
      case 'ac:structured-macro':
        return this.structuredMacro(node, next);
      case 'ac:adf-extension':
        return this.adfExtension(node, next);
      case 'ac:link':
        return this.link(node, next);
      case 'ac:task-list':
        return `<ul class="confluence-task-list">${this.elementsNamed(node, 'ac:task', next)}</ul>`;
      case 'ac:task':
        return this.task(node, next);
      case 'ac:emoticon':
        return this.emoticon(node);
      case 'ac:image':
        return this.image(node);
      case 'ac:layout':
        return `<div class="confluence-layout">${this.nodes(node.children, next)}</div>`;
      case 'ac:layout-section': {
        const type = (attribute(node, 'ac:type') ?? 'single').replace(/[^a-z_-]/g, '');
        return `<div class="confluence-layout-section" data-layout="${escapeHtml(type)}">${this.nodes(node.children, next)}</div>`;
      }
      case 'ac:layout-cell':
        return `<div class="confluence-layout-cell">${this.nodes(node.children, next)}</div>`;
      case 'time':
        return this.time(node);
      default:
        break;
    }
    if (name.startsWith('ri:')) return '';
    const tag = RENAMED[name] ?? name;
    if (!KEPT.has(tag)) {
      // Unknown markup (`ac:inline-comment-marker`, `font`, `foo`): keep what it contains.
      return this.nodes(node.children, next);
    }
    if (tag === 'a') return this.anchor(node, next);
    const attributes = this.keptAttributes(tag, node);
    const heading = this.headingIds.get(node);
    const id = heading ? ` id="${escapeHtml(heading.id)}"` : '';
    if (VOID.has(tag)) return `<${tag}${attributes}>`;
    return `<${tag}${id}${attributes}>${this.nodes(node.children, next)}</${tag}>`;
  }

  private elementsNamed(element: StorageElement, name: string, depth: number): string {
    return childElements(element, name)
      .map((child) => this.node(child, depth))
      .join('');
  }

  private keptAttributes(tag: string, element: StorageElement): string {
    const allowed = KEPT_ATTRIBUTES[tag];
    if (!allowed) return '';
    let html = '';
    for (const [name, test] of Object.entries(allowed)) {
      const value = attribute(element, name);
      if (value !== undefined && test(value)) html += ` ${name}="${escapeHtml(value)}"`;
    }
    return html;
  }

  private anchor(element: StorageElement, depth: number): string {
    const href = safeHref(attribute(element, 'href') ?? '');
    const body = this.nodes(element.children, depth);
    if (href === undefined) return `<span class="confluence-link">${body}</span>`;
    // External pages open outside the host page and learn nothing about it.
    return `<a href="${escapeHtml(href)}"${this.keptAttributes('a', element)} rel="noopener noreferrer nofollow">${body}</a>`;
  }

  private time(element: StorageElement): string {
    const datetime = attribute(element, 'datetime') ?? '';
    const text = textContent(element).trim() || datetime;
    const valid = /^\d{4}-\d{2}-\d{2}$/.test(datetime);
    return valid
      ? `<time datetime="${escapeHtml(datetime)}">${escapeHtml(text)}</time>`
      : escapeHtml(text);
  }

  private parameters(macro: StorageElement): Record<string, string> {
    const parameters: Record<string, string> = {};
    for (const parameter of childElements(macro, 'ac:parameter')) {
      const name = attribute(parameter, 'ac:name');
      // The unnamed parameter is the macro's default one (`{toc:2}`); Confluence names it ''.
      parameters[name ?? ''] = textContent(parameter);
    }
    return parameters;
  }

  private structuredMacro(macro: StorageElement, depth: number): string {
    const name = attribute(macro, 'ac:name') ?? '';
    const parameters = this.parameters(macro);
    const body = firstChild(macro, 'ac:rich-text-body');
    const panel = PANELS[name];
    if (panel !== undefined) {
      const title = parameters.title?.trim();
      return (
        `<div class="confluence-panel confluence-panel-${panel}" role="note">` +
        (title ? `<p class="confluence-panel-title">${escapeHtml(title)}</p>` : '') +
        `<div class="confluence-panel-body">${body ? this.nodes(body.children, depth) : ''}</div></div>`
      );
    }
    switch (name) {
      case 'expand': {
        const title = parameters.title?.trim() ?? '';
        const summary = title === '' ? 'Click here to expand...' : title;
        return `<details class="confluence-expand"><summary>${escapeHtml(summary)}</summary>${body ? this.nodes(body.children, depth) : ''}</details>`;
      }
      case 'toc':
        return this.tableOfContents(parameters);
      case 'code':
      case 'noformat': {
        const plain = firstChild(macro, 'ac:plain-text-body');
        return `<pre class="confluence-code"><code>${escapeHtml(plain ? textContent(plain) : '')}</code></pre>`;
      }
      case 'status': {
        const colour = (parameters.colour ?? 'grey').toLowerCase().replace(/[^a-z]/g, '');
        return `<span class="confluence-status confluence-status-${colour}">${escapeHtml(parameters.title ?? '')}</span>`;
      }
      case 'anchor':
        return '';
      default:
        break;
    }
    const isApp =
      this.options.isAppMacro ?? ((macro: string): boolean => !CONFLUENCE_MACROS.has(macro));
    if (name === '' || !isApp(name)) {
      return `<div class="confluence-unknown-macro">${escapeHtml(`Unknown macro: '${name}'`)}</div>`;
    }
    return this.placeholder(
      {
        name,
        parameters,
        config: { ...parameters },
        macroId: attribute(macro, 'ac:macro-id'),
        localId: attribute(macro, 'ac:local-id'),
        extensionKey: undefined,
      },
      false,
    );
  }

  private tableOfContents(parameters: Record<string, string>): string {
    const min = Number(parameters.minLevel ?? '1') || 1;
    const max = Number(parameters.maxLevel ?? '6') || 6;
    const items = this.headings
      .filter((heading) => heading.level >= min && heading.level <= max)
      .map(
        (heading) =>
          `<li class="confluence-toc-level-${heading.level}"><a href="#${escapeHtml(heading.id)}">${escapeHtml(heading.text)}</a></li>`,
      )
      .join('');
    return `<nav class="confluence-toc"><ul>${items}</ul></nav>`;
  }

  /**
   * `ac:adf-extension` wraps one ADF node. Extension nodes are macros; other node types
   * (custom panels, decisions…) are shown through their `ac:adf-fallback`, which exists for
   * exactly such renderers.
   */
  private adfExtension(wrapper: StorageElement, depth: number): string {
    const node = firstChild(wrapper, 'ac:adf-node');
    const type = node ? attribute(node, 'type') : undefined;
    if (!node || type === undefined || !EXTENSION_NODE_TYPES.has(type)) {
      const fallback = firstChild(wrapper, 'ac:adf-fallback');
      return fallback ? this.nodes(fallback.children, depth) : '';
    }
    const attributes = new Map<string, StorageElement>();
    for (const item of childElements(node, 'ac:adf-attribute')) {
      const key = attribute(item, 'key');
      if (key !== undefined && !attributes.has(key)) attributes.set(key, item);
    }
    const text = (key: string): string | undefined => {
      const item = attributes.get(key);
      return item ? textContent(item).trim() : undefined;
    };
    const extensionType = text('extension-type') ?? '';
    const extensionKey = text('extension-key') ?? '';
    const adfParameters = new Map<string, StorageElement>();
    const parametersElement = attributes.get('parameters');
    if (parametersElement) {
      for (const item of childElements(parametersElement, 'ac:adf-parameter')) {
        const key = attribute(item, 'key');
        if (key !== undefined && !adfParameters.has(key)) adfParameters.set(key, item);
      }
    }
    const guest = adfParameters.get('guest-params');
    const config = guest ? adfConfig(guest) : {};
    const parameters: Record<string, string> = {};
    if (guest) {
      for (const item of childElements(guest, 'ac:adf-parameter')) {
        const key = attribute(item, 'key');
        if (key !== undefined) parameters[key] = adfParameterValue(item);
      }
    }
    const localIdParameter = adfParameters.get('local-id');
    // The `local-id` inside `parameters` is the one Forge gives the app; the node's own is the
    // editor's, used only when the other is missing.
    const localId =
      (localIdParameter ? textContent(localIdParameter).trim() : undefined) ?? text('local-id');
    if (extensionType !== FORGE_EXTENSION_TYPE) {
      // A Confluence macro in ADF form: draw the ones this renderer knows, like their classic form.
      return extensionKey === 'toc'
        ? this.tableOfContents(parameters)
        : `<div class="confluence-unknown-macro">${escapeHtml(`Unknown macro: '${extensionKey}'`)}</div>`;
    }
    const name =
      /\/static\/([^/]+)$/.exec(extensionKey)?.[1] ?? extensionKey.split('/').pop() ?? '';
    return this.placeholder(
      {
        name,
        parameters,
        config,
        macroId: undefined,
        localId: localId === '' ? undefined : localId,
        extensionKey,
      },
      type === 'inline-extension',
    );
  }

  private placeholder(
    found: {
      name: string;
      parameters: Record<string, string>;
      config: JsonObject;
      macroId: string | undefined;
      localId: string | undefined;
      extensionKey: string | undefined;
    },
    inline: boolean,
  ): string {
    const index = this.macros.length;
    const macro: RenderedMacro = {
      macroId: found.macroId ?? found.localId ?? `macro-${index}`,
      name: found.name,
      parameters: found.parameters,
      config: found.config,
    };
    if (found.localId !== undefined) macro.localId = found.localId;
    if (found.extensionKey !== undefined) macro.extensionKey = found.extensionKey;
    this.macros.push(macro);
    const tag = inline ? 'span' : 'div';
    return `<${tag} data-forge-macro="${index}"></${tag}>`;
  }

  private link(link: StorageElement, depth: number): string {
    const page = firstChild(link, 'ri:page');
    const url = firstChild(link, 'ri:url');
    const user = firstChild(link, 'ri:user');
    const attachment = firstChild(link, 'ri:attachment');
    const anchor = attribute(link, 'ac:anchor');
    const richBody = firstChild(link, 'ac:link-body');
    const plainBody = firstChild(link, 'ac:plain-text-link-body');

    let href: string | undefined;
    let fallbackText = '';
    if (page) {
      const title = attribute(page, 'ri:content-title') ?? '';
      fallbackText = title;
      const target = this.options.pageHref?.({
        title,
        spaceKey: attribute(page, 'ri:space-key'),
      });
      href = target === undefined ? undefined : safeHref(target);
    } else if (url) {
      const value = attribute(url, 'ri:value') ?? '';
      fallbackText = value;
      href = safeHref(value);
    } else if (user) {
      fallbackText = `@${attribute(user, 'ri:account-id') ?? 'user'}`;
    } else if (attachment) {
      fallbackText = attribute(attachment, 'ri:filename') ?? '';
    }
    if (anchor !== undefined && anchor !== '') {
      if (!page && !url) href = `#${encodeURIComponent(anchor)}`;
      else if (href !== undefined) href = `${href}#${encodeURIComponent(anchor)}`;
      if (fallbackText === '') fallbackText = anchor;
    }
    const body = richBody
      ? this.nodes(richBody.children, depth)
      : escapeHtml(plainBody ? textContent(plainBody) : fallbackText);
    if (user) return `<span class="confluence-mention">${body}</span>`;
    return href === undefined
      ? `<span class="confluence-link">${body}</span>`
      : `<a href="${escapeHtml(href)}">${body}</a>`;
  }

  private task(task: StorageElement, depth: number): string {
    const status = firstChild(task, 'ac:task-status');
    const complete = status !== undefined && textContent(status).trim() === 'complete';
    const body = firstChild(task, 'ac:task-body');
    return (
      `<li class="confluence-task" data-task-status="${complete ? 'complete' : 'incomplete'}">` +
      `<input type="checkbox" disabled${complete ? ' checked' : ''}> ` +
      `${body ? this.nodes(body.children, depth) : ''}</li>`
    );
  }

  private emoticon(element: StorageElement): string {
    const fallback = attribute(element, 'ac:emoji-fallback');
    const glyph = fallback ?? EMOTICONS[attribute(element, 'ac:name') ?? ''] ?? '';
    return escapeHtml(glyph);
  }

  /**
   * Images are shown as their label only: an attachment has no file here, and an external image
   * would make the host page reach a host outside this machine.
   */
  private image(element: StorageElement): string {
    const url = firstChild(element, 'ri:url');
    const attachment = firstChild(element, 'ri:attachment');
    const label =
      attribute(element, 'ac:alt') ??
      (attachment ? attribute(attachment, 'ri:filename') : undefined) ??
      (url ? attribute(url, 'ri:value') : undefined) ??
      'image';
    return `<span class="confluence-image-placeholder">${escapeHtml(`[${label}]`)}</span>`;
  }
}

/**
 * An ADF parameter's value as text: its text, or its `ac:adf-parameter-value` items joined with
 * commas (how a multi-value configuration field is stored).
 */
/**
 * The configuration under an ADF `guest-params` (or any parameter holding parameters): each
 * child parameter by key, as a list when it holds `ac:adf-parameter-value` items, as an object
 * when it holds parameters, else as its text.
 */
function adfConfig(holder: StorageElement, depth = 0): JsonObject {
  const config: JsonObject = {};
  for (const item of childElements(holder, 'ac:adf-parameter')) {
    const key = attribute(item, 'key');
    if (key === undefined) continue;
    const values = childElements(item, 'ac:adf-parameter-value');
    const nested = childElements(item, 'ac:adf-parameter');
    let value: JsonValue;
    if (values.length > 0) value = values.map((entry) => textContent(entry));
    else if (nested.length > 0 && depth < MAX_DEPTH) value = adfConfig(item, depth + 1);
    else value = textContent(item);
    config[key] = value;
  }
  return config;
}

function adfParameterValue(parameter: StorageElement): string {
  const values = childElements(parameter, 'ac:adf-parameter-value');
  if (values.length > 0) return values.map((value) => textContent(value)).join(',');
  return textContent(parameter);
}

/** Renders storage format as safe HTML with a placeholder for each app macro. */
export function renderStorageFormat(xhtml: string, options: RenderOptions = {}): RenderedPage {
  const { nodes } = parseStorageFormat(xhtml, { strict: false });
  const renderer = new Renderer(options);
  const html = renderer.render(nodes);
  return { html, macros: renderer.macros };
}

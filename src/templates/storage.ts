/**
 * Writing Confluence storage format (XHTML) safely. Every piece of user text goes through
 * `text()`, which escapes the five XML specials and drops what XML 1.0 cannot hold (control
 * characters, lone surrogates, U+FFFE/U+FFFF): `<script>`, `]]>`, `&` or macro markup typed into
 * a title come out as text, and the body stays well-formed whatever was typed.
 */

/** Lone surrogates and U+FFFE/U+FFFF: not characters XML 1.0 can hold. */
const NOT_XML =
  /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]|[\uFFFE\uFFFF]/gu;

/** User text as storage-format character data (also safe inside a quoted attribute value). */
export function text(value: string): string {
  return (
    value
      // Control characters but tab, line feed and carriage return: XML 1.0 forbids C0 ones.
      .replace(/\p{Cc}/gu, (char) => ('\t\n\r'.includes(char) ? char : ''))
      .replace(NOT_XML, '')
      .replace(/&/gu, '&amp;')
      .replace(/</gu, '&lt;')
      .replace(/>/gu, '&gt;')
      .replace(/"/gu, '&quot;')
      .replace(/'/gu, '&#39;')
  );
}

/** An element whose content is already storage format. */
export function el(name: string, content: string, attributes: Record<string, string> = {}): string {
  const attrs = Object.entries(attributes)
    .map(([key, value]) => ` ${key}="${text(value)}"`)
    .join('');
  return `<${name}${attrs}>${content}</${name}>`;
}

/** A paragraph of plain text. */
export function p(value: string): string {
  return el('p', text(value));
}

/** A table: a header row and rows of cells that are already storage format. */
export function table(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const head = el('tr', headers.map((header) => el('th', text(header))).join(''));
  const body = rows.map((row) => el('tr', row.map((cell) => el('td', cell)).join(''))).join('');
  return el('table', el('tbody', head + body));
}

/** A link to an outside address (the Jira issue). */
export function link(href: string, label: string): string {
  return el('a', text(label), { href });
}

/** Confluence's panels (info, note, tip, warning) with a rich body. */
export function panel(kind: 'info' | 'note' | 'tip' | 'warning', body: string): string {
  return `<ac:structured-macro ac:name="${kind}" ac:schema-version="1"><ac:rich-text-body>${body}</ac:rich-text-body></ac:structured-macro>`;
}

/**
 * Instruction text of a template: Confluence shows it in the editor only, and it disappears
 * when the author starts typing.
 */
export function placeholder(value: string): string {
  return el('p', el('ac:placeholder', text(value)));
}

/** An anchor macro: invisible on the page; the app finds its generated blocks by these names. */
export function anchor(name: string): string {
  return `<ac:structured-macro ac:name="anchor" ac:schema-version="1"><ac:parameter ac:name="">${text(name)}</ac:parameter></ac:structured-macro>`;
}

/** Where the Forge macro lives: `<appId>/<environmentId>/static/<macroKey>`. */
export interface MacroIdentity {
  appId: string;
  environmentId: string;
  /** The environment's type (`DEVELOPMENT`, `STAGING`, `PRODUCTION`), as `getAppContext()` says. */
  environmentType: string;
  macroKey: string;
  /** The instance's local id (a fresh UUID per instance). */
  localId: string;
  title: string;
}

/**
 * The macro's extension key. It names the environment the page was written in: a page or
 * template made in one environment shows the macro only where that environment is installed.
 */
export function macroExtensionKey(
  macro: Pick<MacroIdentity, 'appId' | 'environmentId' | 'macroKey'>,
): string {
  return `${macro.appId}/${macro.environmentId}/static/${macro.macroKey}`;
}

/** Confluence's editor names the macro with its environment outside production. */
function editorTitle(macro: MacroIdentity): string {
  const type = macro.environmentType.toUpperCase();
  if (type === '' || type === 'PRODUCTION') return macro.title;
  return `${macro.title} (${type.charAt(0)}${type.slice(1).toLowerCase()})`;
}

function adfParameter(key: string, value: string): string {
  return `<ac:adf-parameter key="${text(key)}">${value}</ac:adf-parameter>`;
}

function adfAttribute(key: string, value: string): string {
  return `<ac:adf-attribute key="${key}">${value}</ac:adf-attribute>`;
}

/**
 * A Forge macro as Confluence's editor stores it (the attributes and parameters it writes, in
 * its order): an ADF extension node whose `guest-params` are the macro's config, followed by the
 * fallback copy Confluence writes for renderers that do not read ADF.
 */
export function forgeMacro(macro: MacroIdentity, config: Record<string, string>): string {
  const key = macroExtensionKey(macro);
  const title = text(editorTitle(macro));
  const guest = Object.entries(config)
    .map(([name, value]) => adfParameter(name, text(value)))
    .join('');
  const node =
    '<ac:adf-node type="extension">' +
    adfAttribute('extension-key', text(key)) +
    adfAttribute('extension-type', 'com.atlassian.ecosystem') +
    adfAttribute(
      'parameters',
      adfParameter('local-id', text(macro.localId)) +
        adfParameter('extension-id', text(`ari:cloud:ecosystem::extension/${key}`)) +
        adfParameter('extension-title', title) +
        adfParameter('forge-environment', text(macro.environmentType.toUpperCase())) +
        adfParameter('guest-params', guest),
    ) +
    adfAttribute('text', title) +
    adfAttribute('layout', 'default') +
    adfAttribute('local-id', text(macro.localId)) +
    '</ac:adf-node>';
  return `<ac:adf-extension>${node}<ac:adf-fallback>${node}</ac:adf-fallback></ac:adf-extension>`;
}

/** `<ac:adf-attribute key="extension-key">…</ac:adf-attribute>`, however the editor spaced it. */
const EXTENSION_KEY =
  /<ac:adf-attribute\s+key="extension-key"\s*>\s*([^<]*?)\s*<\/ac:adf-attribute>/gu;

/**
 * The extension keys of the Forge macros `macroKey` in a storage body (fallback copies included,
 * so a key may repeat): `<appId>/<environmentId>/static/<macroKey>` each.
 */
export function forgeMacroKeys(body: string, macroKey: string): string[] {
  const suffix = `/static/${macroKey}`;
  return [...body.matchAll(EXTENSION_KEY)]
    .map((match) => match[1] ?? '')
    .filter((key) => key.endsWith(suffix));
}

/** An ADF node with no node inside it (a macro's node: extensions do not nest nodes). */
const LEAF_NODE = /<ac:adf-node\b[^>]*>(?:(?!<ac:adf-node\b)[\s\S])*?<\/ac:adf-node>/gu;

/**
 * The body with every `macroKey` macro of another app environment moved to `macro`'s: within
 * that macro's node only, the extension key, its `extension-id`, `forge-environment` and the
 * title naming the environment. The instance's config and local id stay, and so does every other
 * app's macro. Answers the body
 * unchanged when there is nothing to move.
 */
export function rekeyForgeMacros(body: string, macro: MacroIdentity): string {
  const current = text(macroExtensionKey(macro));
  const environment = text(macro.environmentType.toUpperCase());
  const title = text(editorTitle(macro));
  return body.replace(LEAF_NODE, (node) => {
    const key = forgeMacroKeys(node, macro.macroKey)[0];
    if (key === undefined || key === current) return node;
    return node
      .replace(EXTENSION_KEY, (whole, found: string) => whole.replace(found, current))
      .replace(
        /(<ac:adf-parameter\s+key="extension-id"\s*>)[^<]*(<\/ac:adf-parameter>)/u,
        (_whole, open: string, close: string) =>
          `${open}ari:cloud:ecosystem::extension/${current}${close}`,
      )
      .replace(
        /(<ac:adf-parameter\s+key="forge-environment"\s*>)[^<]*(<\/ac:adf-parameter>)/u,
        (_whole, open: string, close: string) => `${open}${environment}${close}`,
      )
      .replace(
        /(<ac:adf-parameter\s+key="extension-title"\s*>)[^<]*(<\/ac:adf-parameter>)/u,
        (_whole, open: string, close: string) => `${open}${title}${close}`,
      )
      .replace(
        /(<ac:adf-attribute\s+key="text"\s*>)[^<]*(<\/ac:adf-attribute>)/u,
        (_whole, open: string, close: string) => `${open}${title}${close}`,
      );
  });
}

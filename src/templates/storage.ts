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
  macroKey: string;
  /** The instance's local id (a fresh UUID per instance). */
  localId: string;
  title: string;
}

function adfParameter(key: string, value: string): string {
  return `<ac:adf-parameter key="${text(key)}">${value}</ac:adf-parameter>`;
}

/**
 * A Forge macro as Confluence's editor stores it: an ADF extension node whose `guest-params`
 * are the macro's config, followed by the fallback copy Confluence writes for renderers that do
 * not read ADF.
 */
export function forgeMacro(macro: MacroIdentity, config: Record<string, string>): string {
  const key = `${macro.appId}/${macro.environmentId}/static/${macro.macroKey}`;
  const guest = Object.entries(config)
    .map(([name, value]) => adfParameter(name, text(value)))
    .join('');
  const node =
    '<ac:adf-node type="extension">' +
    '<ac:adf-attribute key="extension-type">com.atlassian.ecosystem</ac:adf-attribute>' +
    `<ac:adf-attribute key="extension-key">${text(key)}</ac:adf-attribute>` +
    '<ac:adf-attribute key="parameters">' +
    adfParameter('local-id', text(macro.localId)) +
    adfParameter('extension-id', text(`ari:cloud:ecosystem::extension/${key}`)) +
    adfParameter('extension-title', text(macro.title)) +
    adfParameter('guest-params', guest) +
    '</ac:adf-attribute>' +
    '<ac:adf-attribute key="layout">default</ac:adf-attribute>' +
    `<ac:adf-attribute key="local-id">${text(macro.localId)}</ac:adf-attribute>` +
    '</ac:adf-node>';
  return `<ac:adf-extension>${node}<ac:adf-fallback>${node}</ac:adf-fallback></ac:adf-extension>`;
}

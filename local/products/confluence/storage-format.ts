/**
 * A parser for Confluence's storage format: XHTML-based XML with the `ac:` and `ri:` namespaces
 * implied, a fragment (several top-level nodes) rather than a document.
 *
 * One tokenizer serves two callers, so that what the API accepts and what the page view renders
 * can never be parsed differently:
 * - `strict` (the REST API): the first well-formedness error is reported with Confluence's own
 *   wording ("Error parsing xhtml: …" with a row and column), and nothing else is accepted — as
 *   Confluence refuses such a body with 400.
 * - lenient (the renderer): every input yields a tree; what is not markup is kept as text, tags
 *   left open are closed at the end, stray close tags are ignored. The renderer never emits
 *   anything of the input verbatim, so recovering is safe.
 *
 * Written by hand rather than with htmlparser2/parse5 (present in node_modules only as
 * dependencies of Forge tooling): those recover from errors silently by design, whereas the API
 * side must find exactly the errors Confluence's XML parser reports; and an undeclared dependency
 * could vanish with the next tooling update.
 */
import { NAMED_ENTITIES } from './entities';

export interface StorageElement {
  kind: 'element';
  /** As written, prefix included (`p`, `ac:structured-macro`, `ri:page`). */
  name: string;
  /** Attribute values with entities decoded; names as written (`ac:name`). */
  attributes: ReadonlyMap<string, string>;
  children: StorageNode[];
}

export interface StorageText {
  kind: 'text';
  /** Entities decoded; CDATA sections arrive as their literal content. */
  text: string;
}

export type StorageNode = StorageElement | StorageText;

export interface StorageFormatError {
  /** Confluence's wording, without position (see `confluenceParseMessage`). */
  message: string;
  /** 1-based, as Confluence reports them. */
  line: number;
  column: number;
}

export interface ParsedStorage {
  nodes: StorageNode[];
  /** Empty when well-formed; in strict mode parsing stops at the first error. */
  errors: StorageFormatError[];
}

/** XML's Name production, restricted to what storage format can hold (prefixes included). */
const NAME = /[A-Za-z_:\u00C0-\u02FF\u0370-\u1FFF\u200C-\uFFFD][-\w:.\u00B7\u00C0-\uFFFD]*/y;
const WHITESPACE = /[ \t\r\n]*/y;
/** XML 1.0 forbids control characters other than tab, line feed and carriage return, and U+FFFE/F. */
function isIllegalCharacter(code: number): boolean {
  return (
    (code < 0x20 && code !== 0x9 && code !== 0xa && code !== 0xd) ||
    code === 0xfffe ||
    code === 0xffff
  );
}

class StrictStop extends Error {}

interface OpenElement {
  element: StorageElement;
  /** Where its start tag began, for "expecting a close tag" messages. */
  at: number;
}

class Parser {
  private index = 0;
  private readonly root: StorageNode[] = [];
  private readonly stack: OpenElement[] = [];
  readonly errors: StorageFormatError[] = [];

  constructor(
    private readonly source: string,
    private readonly strict: boolean,
  ) {}

  parse(): ParsedStorage {
    try {
      this.checkCharacters();
      while (this.index < this.source.length) this.step();
      for (const open of this.stack.slice().reverse()) {
        this.fail(
          `Unexpected EOF; was expecting a close tag for element <${open.element.name}>`,
          this.source.length,
        );
      }
    } catch (error) {
      if (!(error instanceof StrictStop)) throw error;
    }
    return { nodes: this.root, errors: this.errors };
  }

  /** Records an error; in strict mode stops parsing there (Confluence reports the first one). */
  private fail(message: string, at: number): void {
    const { line, column } = position(this.source, at);
    this.errors.push({ message, line, column });
    if (this.strict) throw new StrictStop(message);
  }

  private checkCharacters(): void {
    for (let at = 0; at < this.source.length; at += 1) {
      const code = this.source.charCodeAt(at);
      if (isIllegalCharacter(code)) {
        this.fail(`Illegal character (code 0x${code.toString(16)})`, at);
        return;
      }
    }
  }

  private get children(): StorageNode[] {
    return this.stack[this.stack.length - 1]?.element.children ?? this.root;
  }

  private appendText(text: string): void {
    if (text === '') return;
    const siblings = this.children;
    const last = siblings[siblings.length - 1];
    if (last?.kind === 'text') last.text += text;
    else siblings.push({ kind: 'text', text });
  }

  private startsWith(token: string): boolean {
    return this.source.startsWith(token, this.index);
  }

  private step(): void {
    const char = this.source[this.index];
    if (char === '<') {
      this.markup();
    } else if (char === '&') {
      this.appendText(this.reference(this.index));
    } else {
      this.text();
    }
  }

  private text(): void {
    const start = this.index;
    let end = start;
    while (end < this.source.length && this.source[end] !== '<' && this.source[end] !== '&') {
      end += 1;
    }
    const text = this.source.slice(start, end);
    const cdataEnd = text.indexOf(']]>');
    if (cdataEnd >= 0) this.fail("String ']]>' not allowed in textual content", start + cdataEnd);
    this.appendText(text);
    this.index = end;
  }

  private markup(): void {
    const start = this.index;
    if (this.startsWith('<!--')) {
      const end = this.source.indexOf('-->', start + 4);
      if (end < 0) {
        this.fail('Unexpected EOF in comment', this.source.length);
        this.index = this.source.length;
        return;
      }
      // Comments are not content: dropped, as Confluence's renderer does.
      this.index = end + 3;
      return;
    }
    if (this.startsWith('<![CDATA[')) {
      const end = this.source.indexOf(']]>', start + 9);
      if (end < 0) {
        this.fail('Unexpected EOF in CDATA section', this.source.length);
        this.appendText(this.source.slice(start + 9));
        this.index = this.source.length;
        return;
      }
      this.appendText(this.source.slice(start + 9, end));
      this.index = end + 3;
      return;
    }
    if (this.startsWith('<?')) {
      // A processing instruction carries no content; Confluence ignores it too.
      const end = this.source.indexOf('?>', start + 2);
      this.index = end < 0 ? this.source.length : end + 2;
      if (end < 0) this.fail('Unexpected EOF in processing instruction', this.source.length);
      return;
    }
    if (this.startsWith('<!')) {
      this.fail('DOCTYPE and other declarations are not allowed in storage format', start);
      const end = this.source.indexOf('>', start);
      this.index = end < 0 ? this.source.length : end + 1;
      return;
    }
    if (this.startsWith('</')) {
      this.closeTag();
      return;
    }
    this.openTag();
  }

  private readName(at: number): string | undefined {
    NAME.lastIndex = at;
    return NAME.exec(this.source)?.[0];
  }

  private skipWhitespace(at: number): number {
    WHITESPACE.lastIndex = at;
    WHITESPACE.exec(this.source);
    return WHITESPACE.lastIndex;
  }

  /** The character at `at` as Woodstox names it in messages: `'x' (code 120)`. */
  private describe(at: number): string {
    const char = this.source[at];
    return char === undefined ? 'EOF' : `'${char}' (code ${char.codePointAt(0) ?? 0})`;
  }

  /** Leniently, a `<` that starts no markup is just text. */
  private literalLessThan(message: string): void {
    this.fail(message, this.index + 1);
    this.appendText('<');
    this.index += 1;
  }

  private closeTag(): void {
    const start = this.index;
    const name = this.readName(start + 2);
    if (name === undefined) {
      this.literalLessThan(
        `Unexpected character ${this.describe(start + 2)} in end tag (malformed end element?)`,
      );
      return;
    }
    const after = this.skipWhitespace(start + 2 + name.length);
    if (this.source[after] !== '>') {
      this.literalLessThan(
        `Unexpected character ${this.describe(after)}; expected '>' to close end tag </${name}>`,
      );
      return;
    }
    this.index = after + 1;
    const top = this.stack[this.stack.length - 1];
    if (top?.element.name === name) {
      this.stack.pop();
      return;
    }
    this.fail(
      top
        ? `Unexpected close tag </${name}>; expected </${top.element.name}>.`
        : `Unbalanced close tag </${name}>; no open start tag.`,
      start,
    );
    // Lenient: close up to the matching open element if there is one, else ignore the tag.
    const depth = this.stack.map((open) => open.element.name).lastIndexOf(name);
    if (depth >= 0) this.stack.length = depth;
  }

  private openTag(): void {
    const start = this.index;
    const name = this.readName(start + 1);
    if (name === undefined) {
      this.literalLessThan(
        `Unexpected character ${this.describe(start + 1)} in content after '<' (malformed start element?).`,
      );
      return;
    }
    const attributes = new Map<string, string>();
    let at = start + 1 + name.length;
    for (;;) {
      const beforeSpace = at;
      at = this.skipWhitespace(at);
      const char = this.source[at];
      if (char === '>' || (char === '/' && this.source[at + 1] === '>')) break;
      const attributeName = at > beforeSpace ? this.readName(at) : undefined;
      if (attributeName === undefined) {
        this.literalLessThan(
          `Unexpected character ${this.describe(at)}; expected a space, '>' or '/>' in start tag <${name}>`,
        );
        return;
      }
      at += attributeName.length;
      const value = this.attributeValue(name, attributeName, at);
      if (value === undefined) return;
      at = value.next;
      if (attributes.has(attributeName)) {
        this.fail(`Duplicate attribute '${attributeName}'.`, at);
      }
      attributes.set(attributeName, value.text);
    }
    const selfClosing = this.source[at] === '/';
    this.index = at + (selfClosing ? 2 : 1);
    const element: StorageElement = { kind: 'element', name, attributes, children: [] };
    this.children.push(element);
    if (!selfClosing) this.stack.push({ element, at: start });
  }

  /**
   * Reads `="value"` after an attribute name. Strictly, only quoted values are XML; leniently a
   * bare or unquoted attribute (`<p hidden>`, `<p a=b>`) is read the way a browser would.
   */
  private attributeValue(
    element: string,
    attribute: string,
    from: number,
  ): { text: string; next: number } | undefined {
    let at = this.skipWhitespace(from);
    if (this.source[at] !== '=') {
      this.fail(
        `Unexpected character ${this.describe(at)}; expected '=' after attribute '${attribute}' (element <${element}>)`,
        at,
      );
      return { text: '', next: from };
    }
    at = this.skipWhitespace(at + 1);
    const quote = this.source[at];
    if (quote !== '"' && quote !== "'") {
      this.fail(
        `Unexpected character ${this.describe(at)}; expected a quote character enclosing value for attribute '${attribute}'`,
        at,
      );
      let end = at;
      while (end < this.source.length && !/[\s>]/.test(this.source[end] ?? '')) end += 1;
      return { text: this.source.slice(at, end), next: end };
    }
    const end = this.source.indexOf(quote, at + 1);
    if (end < 0) {
      this.fail(`Unexpected EOF in attribute value for '${attribute}'`, this.source.length);
      this.index = this.source.length;
      return undefined;
    }
    const raw = this.source.slice(at + 1, end);
    const lessThan = raw.indexOf('<');
    if (lessThan >= 0) {
      this.fail(`Unexpected '<' character in attribute value`, at + 1 + lessThan);
    }
    return { text: this.decodeAttribute(raw, at + 1), next: end + 1 };
  }

  private decodeAttribute(raw: string, offset: number): string {
    let result = '';
    let at = 0;
    while (at < raw.length) {
      const amp = raw.indexOf('&', at);
      if (amp < 0) {
        result += raw.slice(at);
        break;
      }
      result += raw.slice(at, amp);
      const end = raw.indexOf(';', amp);
      const reference = end < 0 ? raw.slice(amp) : raw.slice(amp, end + 1);
      result += this.decodeReference(reference, offset + amp);
      at = amp + reference.length;
    }
    // XML normalises whitespace characters in attribute values to spaces.
    return result.replace(/[\t\n\r]/g, ' ');
  }

  /** Reads the reference at `at` in content, advances past it, answers its text. */
  private reference(at: number): string {
    const match = /&(#x[0-9A-Fa-f]+|#[0-9]+|[A-Za-z_][\w.-]*);/y;
    match.lastIndex = at;
    const found = match.exec(this.source);
    const reference = found?.[0] ?? '&';
    this.index = at + reference.length;
    return this.decodeReference(reference, at);
  }

  /** Decodes one `&…;` reference, or reports it and keeps it as literal text. */
  private decodeReference(reference: string, at: number): string {
    const body = /^&(#x[0-9A-Fa-f]+|#[0-9]+|[A-Za-z_][\w.-]*);$/.exec(reference)?.[1];
    if (body === undefined) {
      this.fail(
        `Unexpected character ${this.describe(at + 1)}; expected a semi-colon after the reference for entity`,
        at,
      );
      return reference;
    }
    if (body.startsWith('#')) {
      const code = body.startsWith('#x')
        ? parseInt(body.slice(2), 16)
        : parseInt(body.slice(1), 10);
      const valid =
        code === 0x9 ||
        code === 0xa ||
        code === 0xd ||
        (code >= 0x20 && code <= 0xd7ff) ||
        (code >= 0xe000 && code <= 0xfffd) ||
        (code >= 0x10000 && code <= 0x10ffff);
      if (!valid) {
        this.fail(`Invalid character reference (code 0x${code.toString(16)})`, at);
        return '';
      }
      return String.fromCodePoint(code);
    }
    const code = NAMED_ENTITIES.get(body);
    if (code === undefined) {
      this.fail(`Undeclared general entity "${body}"`, at);
      return reference;
    }
    return String.fromCodePoint(code);
  }
}

function position(source: string, at: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let index = source.indexOf('\n'); index >= 0 && index < at;) {
    line += 1;
    lineStart = index + 1;
    index = source.indexOf('\n', lineStart);
  }
  return { line, column: at - lineStart + 1 };
}

export function parseStorageFormat(xhtml: string, options: { strict: boolean }): ParsedStorage {
  return new Parser(xhtml, options.strict).parse();
}

/** The first well-formedness error of a storage-format body, or undefined when it is well-formed. */
export function findStorageFormatError(xhtml: string): StorageFormatError | undefined {
  return parseStorageFormat(xhtml, { strict: true }).errors[0];
}

/** The message Confluence answers for a body that is not well-formed. */
export function confluenceParseMessage(error: StorageFormatError): string {
  return `Error parsing xhtml: ${error.message}\n at [row,col {unknown-source}]: [${error.line},${error.column}]`;
}

/** All text below `node`, CDATA included, in document order (iterative: input depth is unbounded). */
export function textContent(node: StorageNode): string {
  let text = '';
  const pending: StorageNode[] = [node];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    if (next.kind === 'text') text += next.text;
    else
      for (let index = next.children.length - 1; index >= 0; index -= 1) {
        const child = next.children[index];
        if (child) pending.push(child);
      }
  }
  return text;
}

/** Child elements of `element` named `name`. */
export function childElements(element: StorageElement, name: string): StorageElement[] {
  return element.children.filter(
    (child): child is StorageElement => child.kind === 'element' && child.name === name,
  );
}

export function firstChild(element: StorageElement, name: string): StorageElement | undefined {
  return childElements(element, name)[0];
}

function escapeXmlText(text: string): string {
  return text.replace(/[&<>]/g, (char) =>
    char === '&' ? '&amp;' : char === '<' ? '&lt;' : '&gt;',
  );
}

function escapeXmlAttribute(value: string): string {
  return value.replace(/[&<>"]/g, (char) =>
    char === '&' ? '&amp;' : char === '<' ? '&lt;' : char === '>' ? '&gt;' : '&quot;',
  );
}

/**
 * Writes a parsed tree back as storage format, as Confluence normalises a body it saves:
 * entities become characters, CDATA sections escaped text, comments are gone, empty elements
 * close themselves. Parsing the result gives the same tree. Iterative: input depth is unbounded.
 */
export function serializeStorageFormat(nodes: readonly StorageNode[]): string {
  let out = '';
  type Step = { node: StorageNode } | { close: string };
  const pending: Step[] = [...nodes].reverse().map((node) => ({ node }));
  for (let step = pending.pop(); step !== undefined; step = pending.pop()) {
    if ('close' in step) {
      out += `</${step.close}>`;
      continue;
    }
    const { node } = step;
    if (node.kind === 'text') {
      out += escapeXmlText(node.text);
      continue;
    }
    const attributes = [...node.attributes]
      .map(([name, value]) => ` ${name}="${escapeXmlAttribute(value)}"`)
      .join('');
    if (node.children.length === 0) {
      out += `<${node.name}${attributes} />`;
      continue;
    }
    out += `<${node.name}${attributes}>`;
    pending.push({ close: node.name });
    for (let index = node.children.length - 1; index >= 0; index -= 1) {
      const child = node.children[index];
      if (child) pending.push({ node: child });
    }
  }
  return out;
}

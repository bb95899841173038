/**
 * What the storage-format renderer (render.ts) keeps, renames and drops: its allowlists of
 * elements and attributes, the Confluence macros it draws or names as unsupported, and the
 * emoticons. Anything not listed here never reaches the page.
 */

/** Elements whose content is active or meaningless on a page: dropped with everything inside. */
export const DROPPED = new Set([
  'script',
  'style',
  'iframe',
  'frame',
  'frameset',
  'object',
  'embed',
  'applet',
  'noscript',
  'template',
  'svg',
  'math',
  'form',
  'input',
  'button',
  'select',
  'option',
  'textarea',
  'link',
  'meta',
  'base',
  'head',
  'title',
  'audio',
  'video',
  'source',
  'track',
  'canvas',
  'dialog',
  'img',
  'ac:placeholder',
  'ac:adf-fallback',
  'ac:parameter',
  'ac:task-id',
  'ac:task-uuid',
  'ac:plain-text-body',
]);

/** HTML elements kept as they are (attributes filtered). */
export const KEPT = new Set([
  'p',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'ul',
  'ol',
  'li',
  'dl',
  'dt',
  'dd',
  'table',
  'caption',
  'colgroup',
  'col',
  'thead',
  'tbody',
  'tfoot',
  'tr',
  'th',
  'td',
  'strong',
  'b',
  'em',
  'i',
  'u',
  's',
  'del',
  'ins',
  'sub',
  'sup',
  'code',
  'pre',
  'blockquote',
  'br',
  'hr',
  'span',
  'div',
  'small',
  'cite',
  'q',
  'abbr',
  'time',
  'kbd',
  'samp',
  'var',
  'mark',
  'a',
]);

/** Old presentational elements Confluence still stores, written as their modern equivalent. */
export const RENAMED: Readonly<Record<string, string>> = {
  strike: 's',
  big: 'span',
  center: 'div',
};

export const VOID = new Set(['br', 'hr', 'col']);

/** Attributes kept per element, each with the test its value must pass. */
const DIGITS = (value: string): boolean => /^\d{1,4}$/.test(value);
const ANY_TEXT = (): boolean => true;
export const KEPT_ATTRIBUTES: Readonly<
  Record<string, Readonly<Record<string, (value: string) => boolean>>>
> = {
  td: { colspan: DIGITS, rowspan: DIGITS },
  th: { colspan: DIGITS, rowspan: DIGITS },
  col: { span: DIGITS },
  ol: { start: DIGITS },
  abbr: { title: ANY_TEXT },
  a: { title: ANY_TEXT },
};

/** Confluence's panel-like macros and the CSS class the host styles them with. */
export const PANELS: Readonly<Record<string, string>> = {
  info: 'info',
  note: 'note',
  warning: 'warning',
  tip: 'tip',
  panel: 'panel',
};

/**
 * Confluence's own macros this renderer does not draw. Without `isAppMacro` every other unknown
 * name is taken for an app's macro; these are shown as unsupported instead.
 */
export const CONFLUENCE_MACROS = new Set([
  'jira',
  'children',
  'excerpt',
  'excerpt-include',
  'include',
  'pagetree',
  'recently-updated',
  'contentbylabel',
  'attachments',
  'gallery',
  'roadmap',
  'details',
  'detailssummary',
  'tasks-report-macro',
  'profile',
  'section',
  'column',
  'view-file',
  'widget',
]);

export const FORGE_EXTENSION_TYPE = 'com.atlassian.ecosystem';
export const EXTENSION_NODE_TYPES = new Set(['extension', 'bodied-extension', 'inline-extension']);

/** Nesting deeper than this is flattened to its text: hostile input must not exhaust the stack. */
export const MAX_DEPTH = 200;

export const EMOTICONS: Readonly<Record<string, string>> = {
  smile: '🙂',
  sad: '🙁',
  cheeky: '😛',
  laugh: '😀',
  wink: '😉',
  'thumbs-up': '👍',
  'thumbs-down': '👎',
  information: 'ℹ️',
  tick: '✅',
  cross: '❌',
  warning: '⚠️',
  plus: '➕',
  minus: '➖',
  question: '❓',
  'light-on': '💡',
  'light-off': '💡',
  'yellow-star': '⭐',
  heart: '❤️',
};

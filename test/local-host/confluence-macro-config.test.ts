/**
 * Rewriting one app macro's configuration in storage format (what the host does when a macro's
 * config view submits), and writing a parsed body back: the result is well-formed, reads back
 * as the configuration submitted, and leaves everything else as it was.
 */
import { setMacroConfig } from '../../local/products/confluence/macro-config';
import { renderStorageFormat } from '../../local/products/confluence/render';
import {
  findStorageFormatError,
  parseStorageFormat,
  serializeStorageFormat,
} from '../../local/products/confluence/storage-format';

const KEY = 'local-rollout-coordinator/local-development/static/rollout-status';

function adfMacro(localId: string, guestParams: string): string {
  const node =
    '<ac:adf-node type="extension">' +
    '<ac:adf-attribute key="extension-type">com.atlassian.ecosystem</ac:adf-attribute>' +
    `<ac:adf-attribute key="extension-key">${KEY}</ac:adf-attribute>` +
    '<ac:adf-attribute key="parameters">' +
    `<ac:adf-parameter key="local-id">${localId}</ac:adf-parameter>` +
    '<ac:adf-parameter key="extension-title">Rollout status</ac:adf-parameter>' +
    `<ac:adf-parameter key="guest-params">${guestParams}</ac:adf-parameter>` +
    '</ac:adf-attribute></ac:adf-node>';
  return `<ac:adf-extension>${node}<ac:adf-fallback>${node}</ac:adf-fallback></ac:adf-extension>`;
}

describe('setMacroConfig', () => {
  it('configures the instance with that local id only, in its node and its fallback', () => {
    const body =
      '<p>Avant &amp; après<br/></p>' +
      adfMacro('one', '<ac:adf-parameter key="rolloutId">r-1</ac:adf-parameter>') +
      adfMacro('two', '<ac:adf-parameter key="rolloutId">r-9</ac:adf-parameter>') +
      '<ac:structured-macro ac:name="code"><ac:plain-text-body><![CDATA[if (a < b) {}]]></ac:plain-text-body></ac:structured-macro>';
    const updated = setMacroConfig(body, 'one', {
      rolloutId: 'r-2',
      departments: ['sales', 'finance'],
      view: { compact: true, limit: 3 },
      dropped: null,
    });
    expect(updated).toBeDefined();
    expect(findStorageFormatError(updated ?? '')).toBeUndefined();
    const { macros } = renderStorageFormat(updated ?? '');
    expect(macros.map((macro) => [macro.localId, macro.config])).toEqual([
      [
        'one',
        {
          rolloutId: 'r-2',
          departments: ['sales', 'finance'],
          view: { compact: 'true', limit: '3' },
        },
      ],
      ['two', { rolloutId: 'r-9' }],
    ]);
    expect(updated?.match(/key="rolloutId">r-2</gu)).toHaveLength(2);
    expect(updated).toContain('<p>Avant &amp; après<br /></p>');
    expect(updated).toContain('<ac:plain-text-body>if (a &lt; b) {}</ac:plain-text-body>');
  });

  it('escapes hostile configuration values instead of letting them become markup', () => {
    const body = adfMacro('one', '');
    const hostile = '</ac:adf-parameter><script>alert(1)</script>]]>"&';
    const updated = setMacroConfig(body, 'one', { rolloutId: hostile }) ?? '';
    expect(findStorageFormatError(updated)).toBeUndefined();
    expect(updated).not.toContain('<script>');
    expect(renderStorageFormat(updated).macros[0]?.config).toEqual({ rolloutId: hostile });
  });

  it('configures a classic structured macro by its local or macro id', () => {
    const body =
      '<ac:structured-macro ac:name="rollout-status" ac:macro-id="m-1">' +
      '<ac:parameter ac:name="rolloutId">r-1</ac:parameter></ac:structured-macro>';
    const updated = setMacroConfig(body, 'm-1', { rolloutId: 'r-3', tags: ['a', 'b'] });
    expect(renderStorageFormat(updated ?? '').macros[0]?.parameters).toEqual({
      rolloutId: 'r-3',
      tags: 'a,b',
    });
  });

  it('answers undefined when no instance has that local id, or the body is broken', () => {
    expect(setMacroConfig(adfMacro('one', ''), 'other', { rolloutId: 'x' })).toBeUndefined();
    expect(setMacroConfig('<p>open', 'one', { rolloutId: 'x' })).toBeUndefined();
  });
});

describe('serializeStorageFormat', () => {
  it('writes a body that parses back to the same tree', () => {
    const body =
      '<h1>Titre</h1><p class="x" data-a="&quot;q&quot;">un &lt;b&gt; &#233;t&eacute;</p>' +
      '<table><tbody><tr><td colspan="2">a</td></tr></tbody></table>' +
      '<ac:link><ri:page ri:content-title="Page &amp; co" /></ac:link><!-- note -->';
    const first = parseStorageFormat(body, { strict: true });
    expect(first.errors).toEqual([]);
    const written = serializeStorageFormat(first.nodes);
    const second = parseStorageFormat(written, { strict: true });
    expect(second.errors).toEqual([]);
    expect(second.nodes).toEqual(first.nodes);
    expect(written).not.toContain('note');
  });

  it('handles depth without recursion', () => {
    const deep = `${'<div>'.repeat(20_000)}x${'</div>'.repeat(20_000)}`;
    const parsed = parseStorageFormat(deep, { strict: true });
    expect(serializeStorageFormat(parsed.nodes)).toBe(deep);
  });
});

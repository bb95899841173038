/**
 * Confluence's storage format as the emulator checks it (well-formed XHTML with Confluence's
 * markup, errors with their position) and renders it for the host's page view: Confluence's own
 * macros, app macros in both stored forms, and hostile markup shown as text.
 */
import { renderStorageFormat } from '../../local/products/confluence/render';
import { findStorageFormatError } from '../../local/products/confluence/storage-format';
import { forgeMacro } from '../support/confluence';

describe('storage format', () => {
  it('accepts XHTML entities and Confluence markup, and reports the first error with its position', () => {
    expect(
      findStorageFormatError(
        '<p>&nbsp;&eacute;&laquo;&#233;&#xE9;</p><ac:structured-macro ac:name="toc" /><br/>' +
          '<ac:structured-macro ac:name="code"><ac:plain-text-body><![CDATA[a < b && c]]></ac:plain-text-body></ac:structured-macro>',
      ),
    ).toBeUndefined();
    expect(findStorageFormatError('<p>\n<b>x</p>')).toEqual({
      message: 'Unexpected close tag </p>; expected </b>.',
      line: 2,
      column: 5,
    });
    expect(findStorageFormatError('<p a="1" a="2">x</p>')?.message).toMatch(/Duplicate attribute/);
    expect(findStorageFormatError('<p class=x>y</p>')?.message).toMatch(/quote/);
    expect(findStorageFormatError('<!DOCTYPE html><p/>')).toBeDefined();
  });
});

describe('renderer', () => {
  it('renders Confluence markup: headings with a toc, lists, tables, panels, expand, tasks, links', () => {
    const { html, macros } = renderStorageFormat(
      '<ac:structured-macro ac:name="toc" />' +
        '<h1>Objectif</h1><p>Texte <strong>gras</strong></p><h2>Phases</h2>' +
        '<ul><li>Un</li></ul><table><tbody><tr><td colspan="2" style="color:red">Cellule</td></tr></tbody></table>' +
        '<ac:structured-macro ac:name="warning"><ac:parameter ac:name="title">Risque</ac:parameter>' +
        '<ac:rich-text-body><p>Résistance</p></ac:rich-text-body></ac:structured-macro>' +
        '<ac:structured-macro ac:name="expand"><ac:parameter ac:name="title">Détails</ac:parameter>' +
        '<ac:rich-text-body><p>Caché</p></ac:rich-text-body></ac:structured-macro>' +
        '<ac:task-list><ac:task><ac:task-id>1</ac:task-id><ac:task-status>complete</ac:task-status>' +
        '<ac:task-body>Former</ac:task-body></ac:task></ac:task-list>' +
        '<p><ac:link><ri:page ri:content-title="Plan" ri:space-key="ROLL" /></ac:link></p>' +
        '<p><ac:placeholder>Instruction du modèle</ac:placeholder></p>',
      { pageHref: ({ title }) => `/confluence/page?title=${encodeURIComponent(title)}` },
    );
    expect(macros).toEqual([]);
    expect(html).toContain(
      '<nav class="confluence-toc"><ul><li class="confluence-toc-level-1"><a href="#heading-objectif">Objectif</a></li>' +
        '<li class="confluence-toc-level-2"><a href="#heading-phases">Phases</a></li></ul></nav>',
    );
    expect(html).toContain('<h1 id="heading-objectif">Objectif</h1>');
    expect(html).toContain('<td colspan="2">Cellule</td>');
    expect(html).toContain('confluence-panel-warning');
    expect(html).toContain('<p class="confluence-panel-title">Risque</p>');
    expect(html).toContain(
      '<details class="confluence-expand"><summary>Détails</summary><p>Caché</p></details>',
    );
    expect(html).toContain('data-task-status="complete"');
    expect(html).toContain('<a href="/confluence/page?title=Plan">Plan</a>');
    expect(html).not.toContain('Instruction du modèle');
    expect(html).not.toContain('style');
  });

  it('replaces each app macro with a placeholder and lists it, fallback copies excluded', () => {
    const { html, macros } = renderStorageFormat(
      `<p>Avant</p>${forgeMacro('local-1', 'r-42')}` +
        '<ac:structured-macro ac:name="rollout-status" ac:macro-id="mid-2" ac:local-id="loc-2">' +
        '<ac:parameter ac:name="rolloutId">r-7</ac:parameter></ac:structured-macro>' +
        '<ac:structured-macro ac:name="expand"><ac:rich-text-body>' +
        '<ac:structured-macro ac:name="rollout-status"><ac:parameter ac:name="rolloutId">r-8</ac:parameter></ac:structured-macro>' +
        '</ac:rich-text-body></ac:structured-macro>',
    );
    expect(macros).toEqual([
      {
        macroId: 'local-1',
        name: 'rollout-status',
        parameters: { rolloutId: 'r-42' },
        config: { rolloutId: 'r-42' },
        localId: 'local-1',
        extensionKey: 'local-rollout-coordinator/local-development/static/rollout-status',
      },
      {
        macroId: 'mid-2',
        name: 'rollout-status',
        parameters: { rolloutId: 'r-7' },
        config: { rolloutId: 'r-7' },
        localId: 'loc-2',
      },
      {
        macroId: 'macro-2',
        name: 'rollout-status',
        parameters: { rolloutId: 'r-8' },
        config: { rolloutId: 'r-8' },
      },
    ]);
    expect(html).toBe(
      '<p>Avant</p><div data-forge-macro="0"></div><div data-forge-macro="1"></div>' +
        '<details class="confluence-expand"><summary>Click here to expand...</summary><div data-forge-macro="2"></div></details>',
    );

    const known = renderStorageFormat('<ac:structured-macro ac:name="jira" />', {
      isAppMacro: (name) => name === 'rollout-status',
    });
    expect(known.macros).toEqual([]);
    expect(known.html).toContain('Unknown macro: &#39;jira&#39;');
  });

  it('reads a Forge macro with everything the editor writes: typed and nested guest params, render, an inline one', () => {
    // As found on real pages: a UI Kit macro (render native) with a boolean, a list and nested
    // parameters, the editor's layout parameter, then an inline extension of the same app.
    const key = 'aaaa-app/bbbb-env/static/rollout-status';
    const block =
      '<ac:adf-extension><ac:adf-node type="extension">' +
      `<ac:adf-attribute key="extension-key">${key}</ac:adf-attribute>` +
      '<ac:adf-attribute key="extension-type">com.atlassian.ecosystem</ac:adf-attribute>' +
      '<ac:adf-attribute key="parameters">' +
      '<ac:adf-parameter key="local-id">blk-1</ac:adf-parameter>' +
      `<ac:adf-parameter key="extension-id">ari:cloud:ecosystem::extension/${key}</ac:adf-parameter>` +
      '<ac:adf-parameter key="extension-title">Rollout status</ac:adf-parameter>' +
      '<ac:adf-parameter key="layout">default</ac:adf-parameter>' +
      '<ac:adf-parameter key="forge-environment">PRODUCTION</ac:adf-parameter>' +
      '<ac:adf-parameter key="render">native</ac:adf-parameter>' +
      '<ac:adf-parameter key="guest-params">' +
      '<ac:adf-parameter key="rolloutId">r-9</ac:adf-parameter>' +
      '<ac:adf-parameter key="compact" type="boolean">true</ac:adf-parameter>' +
      '<ac:adf-parameter key="departments"><ac:adf-parameter-value>Sales</ac:adf-parameter-value>' +
      '<ac:adf-parameter-value>Finance</ac:adf-parameter-value></ac:adf-parameter>' +
      '<ac:adf-parameter key="window"><ac:adf-parameter key="days" type="integer">30</ac:adf-parameter></ac:adf-parameter>' +
      '</ac:adf-parameter></ac:adf-attribute>' +
      '<ac:adf-attribute key="text">Rollout status</ac:adf-attribute>' +
      '<ac:adf-attribute key="layout">default</ac:adf-attribute>' +
      '<ac:adf-attribute key="local-id">blk-node</ac:adf-attribute>' +
      '</ac:adf-node></ac:adf-extension>';
    const inline =
      '<p>Status: <ac:adf-extension><ac:adf-node type="inline-extension">' +
      `<ac:adf-attribute key="extension-key">${key}</ac:adf-attribute>` +
      '<ac:adf-attribute key="extension-type">com.atlassian.ecosystem</ac:adf-attribute>' +
      '<ac:adf-attribute key="parameters"><ac:adf-parameter key="local-id">inl-1</ac:adf-parameter>' +
      '<ac:adf-parameter key="forge-environment">PRODUCTION</ac:adf-parameter>' +
      '<ac:adf-parameter key="guest-params"><ac:adf-parameter-value /></ac:adf-parameter>' +
      '</ac:adf-attribute><ac:adf-attribute key="text">Rollout status</ac:adf-attribute>' +
      '</ac:adf-node></ac:adf-extension></p>';
    const body = block + inline;
    expect(findStorageFormatError(body)).toBeUndefined();
    const { html, macros } = renderStorageFormat(body);
    expect(macros).toEqual([
      {
        macroId: 'blk-1',
        name: 'rollout-status',
        parameters: {
          rolloutId: 'r-9',
          compact: 'true',
          departments: 'Sales,Finance',
          window: '30',
        },
        config: {
          rolloutId: 'r-9',
          compact: 'true',
          departments: ['Sales', 'Finance'],
          window: { days: '30' },
        },
        localId: 'blk-1',
        extensionKey: key,
      },
      {
        macroId: 'inl-1',
        name: 'rollout-status',
        parameters: {},
        config: {},
        localId: 'inl-1',
        extensionKey: key,
      },
    ]);
    // Neither the title (`text`) nor any parameter leaks onto the page: the app draws the macro.
    expect(html).toBe(
      '<div data-forge-macro="0"></div><p>Status: <span data-forge-macro="1"></span></p>',
    );
  });

  it('keeps hostile text as text and drops active content', () => {
    const hostile =
      '<p>Bonjour <script>alert("x")</script>monde</p>' +
      '<p onclick="steal()" style="background:url(javascript:alert(1))">Cliquer</p>' +
      '<p><a href="javascript:alert(1)">lien1</a> <a href=" jav&#x09;ascript:alert(2)">lien2</a> ' +
      '<a href="https://example.com/ok" onmouseover="x()">lien3</a> <a href="data:text/html,x">lien4</a></p>' +
      '<p><ac:link><ri:url ri:value="javascript:alert(3)" /><ac:plain-text-link-body><![CDATA[lien5]]></ac:plain-text-link-body></ac:link></p>' +
      '<ac:image ac:alt="pixel"><ri:url ri:value="https://tracker.example/p.png" /></ac:image>' +
      '<img src="x" onerror="alert(4)" /><svg><script>alert(5)</script></svg><iframe src="https://evil.example"></iframe>' +
      '<p>&lt;script&gt;alert(6)&lt;/script&gt; et ]]&gt; restent du texte</p>' +
      '<ac:structured-macro ac:name="code"><ac:plain-text-body><![CDATA[fin ]]><script>alert(7)</script>]]></ac:plain-text-body></ac:structured-macro>' +
      '<ac:structured-macro ac:name="rollout-status"><ac:parameter ac:name="rolloutId">&lt;ac:structured-macro ac:name="evil"/&gt;</ac:parameter>' +
      '<ac:parameter ac:name="other"><ac:structured-macro ac:name="nested" /></ac:parameter></ac:structured-macro>' +
      '<p>a < b & c <b>non fermé';
    const { html, macros } = renderStorageFormat(hostile);
    for (const forbidden of [
      '<script',
      '<img',
      '<svg',
      '<iframe',
      'onclick',
      'onerror',
      'onmouseover',
      'javascript:',
      'style=',
      'data:text',
      'tracker.example',
    ]) {
      expect(html.toLowerCase()).not.toContain(forbidden);
    }
    for (const kept of [
      'Bonjour ',
      'monde',
      'Cliquer',
      'lien1',
      'lien2',
      'lien4',
      'lien5',
      '[pixel]',
      '&#60;script&#62;alert(6)&#60;/script&#62; et ]]&#62; restent du texte',
      'a &#60; b &#38; c',
    ]) {
      expect(html).toContain(kept);
    }
    expect(html).toContain(
      '<a href="https://example.com/ok" rel="noopener noreferrer nofollow">lien3</a>',
    );
    expect(macros).toEqual([
      {
        macroId: 'macro-0',
        name: 'rollout-status',
        parameters: { rolloutId: '<ac:structured-macro ac:name="evil"/>', other: '' },
        config: { rolloutId: '<ac:structured-macro ac:name="evil"/>', other: '' },
      },
    ]);
    expect(html.match(/data-forge-macro/g)).toHaveLength(1);
  });

  it('survives deeply nested and truncated input', () => {
    const deep = `${'<div>'.repeat(5000)}profond${'</div>'.repeat(5000)}`;
    expect(renderStorageFormat(deep).html).toContain('profond');
    expect(
      renderStorageFormat('<ac:adf-extension><ac:adf-node type="extension"><ac:adf-attr').macros,
    ).toEqual([]);
    expect(renderStorageFormat('<![CDATA[ouvert').html).toBe('ouvert');
  });
});

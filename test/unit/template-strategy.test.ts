/**
 * The "Rollout strategy" page and template in storage format: every section in both languages,
 * hostile text in every user field coming out as text in a well-formed body (checked with the
 * same parser and renderer as the Confluence emulator), and re-rendering that keeps the
 * coordinator's own writing.
 */
import {
  findStorageFormatError,
  parseStorageFormat,
  textContent,
} from '../../local/products/confluence/storage-format';
import { renderStorageFormat } from '../../local/products/confluence/render';
import type { Plan } from '../../src/domain/plan';
import {
  isStrategyPageOf,
  refreshStrategyPage,
  strategyPageBody,
  strategyPageTitle,
  strategyTemplate,
  type StrategyPageFacts,
} from '../../src/templates/strategy';
import { forgeMacro, forgeMacroKeys, rekeyForgeMacros, text } from '../../src/templates/storage';

const ROLLOUT_ID = '00000000-0000-4000-8000-000000000700';
const MACRO = {
  appId: 'local-rollout-coordinator',
  environmentId: 'local-development',
  environmentType: 'DEVELOPMENT',
  macroKey: 'rollout-status',
  localId: 'local-1',
  title: 'Rollout status',
};

/** Text meant to break out of its place: markup, CDATA ends, entities, a macro, controls. */
const HOSTILE = [
  '<script>alert("x")</script>',
  ']]><p>injected</p><![CDATA[',
  'R&D &amp; Q&A &nbsp; &colon;',
  '<ac:structured-macro ac:name="html"><ac:plain-text-body><![CDATA[<script>x</script>]]></ac:plain-text-body></ac:structured-macro>',
  `<ac:adf-extension><ac:adf-node type="extension"><ac:adf-attribute key="extension-key">x/y/static/rollout-status</ac:adf-attribute></ac:adf-node></ac:adf-extension>`,
  'it\'s "quoted" \u0001\u0008 and a lone \uD800 surrogate',
];

function hostile(i: number): string {
  return HOSTILE[i % HOSTILE.length] ?? '';
}

function plan(names: (i: number) => string): Plan {
  return {
    phases: [
      {
        id: 'p1',
        name: names(0),
        start: '2031-01-06',
        end: '2031-02-05',
        tasks: [{ id: 't1', title: names(1) }],
      },
      { id: 'p2', name: 'Rollout', start: '2031-02-06', end: '2031-03-08', tasks: [] },
    ],
    sessions: (['training', 'seminar', 'office-hours', 'communication'] as const).map(
      (kind, i) => ({
        id: `s${String(i)}`,
        kind,
        title: names(i + 2),
        phaseId: 'p1',
        ownerAccountId: i === 3 ? 'gone' : 'trainer',
        date: `2031-01-${String(10 + i)}`,
        startTime: '14:30',
        durationMinutes: [90, 45, 120, 30][i] ?? 60,
        // A meeting link with characters XML escapes, and hostile text as a room.
        place: i === 1 ? 'https://meet.example.com/j/123?pwd=a&b=c' : names(i + 4),
        capacity: 25 + i,
        departmentIds: i === 0 ? ['sales', 'finance'] : i === 2 ? [] : ['finance'],
        allDepartments: i === 2,
        audience: names(i + 3),
      }),
    ),
    targets: { adoptionPercent: 90, readinessScore: 4, by: '2031-04-01' },
  };
}

function facts(
  names: (i: number) => string,
  overrides: Partial<StrategyPageFacts> = {},
): StrategyPageFacts {
  return {
    language: 'en',
    rolloutId: ROLLOUT_ID,
    title: names(0),
    objective: `${names(1)}\n${names(2)}`,
    targetDate: '2031-02-06',
    departments: [
      { departmentId: 'sales', name: names(3), headName: names(4), stage: 1 },
      { departmentId: 'finance', name: 'Finance', headName: names(5), stage: 2 },
    ],
    plan: plan(names),
    ownerNames: { trainer: names(6) },
    issue: { key: 'ROLL-2', url: 'https://example.atlassian.net/browse/ROLL-2' },
    macro: MACRO,
    ...overrides,
  };
}

function allText(body: string): string {
  return parseStorageFormat(body, { strict: true }).nodes.map(textContent).join('');
}

/** What user text looks like once stored: the characters XML cannot hold are gone. */
function asStored(value: string): string {
  return value
    .replace(/\p{Cc}/gu, (char) => ('\t\n\r'.includes(char) ? char : ''))
    .replace(/\uD800/gu, '');
}

describe('the strategy page', () => {
  it('has every section, the plan, and the status macro bound to the rollout, in English', () => {
    const body = strategyPageBody(
      facts((i) => ['Pilot', 'Import contacts', 'CRM basics'][i] ?? `Text ${String(i)}`),
    );
    expect(findStorageFormatError(body)).toBeUndefined();
    const rendered = renderStorageFormat(body);
    for (const heading of [
      '1. Objective and scope',
      '2. Affected departments and their heads',
      '3. Phases and milestones',
      '4. Training plan',
      '5. Communication plan',
      '6. Support in the first weeks',
      '7. Risks and expected resistance',
      '8. Success targets',
      '9. How feedback will be collected',
    ]) {
      expect(rendered.html).toContain(`>${heading}</h2>`);
    }
    expect(rendered.macros).toHaveLength(1);
    expect(rendered.macros).toMatchObject([
      {
        name: 'rollout-status',
        parameters: { rolloutId: ROLLOUT_ID },
        localId: 'local-1',
        extensionKey: 'local-rollout-coordinator/local-development/static/rollout-status',
      },
    ]);
    expect(rendered.html).toMatch(
      /<a href="https:\/\/example\.atlassian\.net\/browse\/ROLL-2"[^>]*>ROLL-2<\/a>/u,
    );
    expect(rendered.html).toContain('6 January 2031');
    expect(rendered.html).toContain('90%');
    expect(isStrategyPageOf(body, ROLLOUT_ID)).toBe(true);
    expect(strategyPageTitle('en', 'New CRM')).toBe('Rollout strategy: New CRM');
  });

  it('is written in French for a French coordinator', () => {
    const body = strategyPageBody({ ...facts(() => 'Pilote'), language: 'fr' });
    expect(findStorageFormatError(body)).toBeUndefined();
    const html = renderStorageFormat(body).html;
    expect(html).toContain('>1. Objectif et périmètre</h2>');
    expect(html).toContain('>7. Risques et résistances attendues</h2>');
    expect(html).toContain('6 janvier 2031');
    expect(html).toContain('90\u00a0%');
    expect(strategyPageTitle('fr', 'Nouveau CRM')).toBe('Stratégie de déploiement : Nouveau CRM');
  });

  it('keeps hostile text in every user field as text, in a well-formed body', () => {
    const body = strategyPageBody(facts(hostile));
    expect(findStorageFormatError(body)).toBeUndefined();
    const rendered = renderStorageFormat(body);
    // Only the app's own macro: the macro markup typed into a field stayed text.
    expect(rendered.macros.map((m) => m.parameters)).toEqual([{ rolloutId: ROLLOUT_ID }]);
    expect(rendered.html).not.toMatch(/<script|<p>injected/iu);
    const visible = allText(body);
    for (const value of HOSTILE) expect(visible).toContain(asStored(value));
    // And the browser shows it as text: the renderer's output escapes it again.
    expect(rendered.html).toContain('&#60;script&#62;alert(&#34;x&#34;)&#60;/script&#62;');
  });

  it('escapes the five XML specials and drops what XML cannot hold', () => {
    expect(text(`<a href="x">'&'</a>\u0000\u001F\uFFFE\uD83D\uDE00`)).toBe(
      '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;\uD83D\uDE00',
    );
  });
});

describe('re-rendering a page after a plan change', () => {
  const before = facts((i) => ['Pilot', 'Import contacts', 'CRM basics'][i] ?? `Text ${String(i)}`);
  const original = strategyPageBody(before);

  it('replaces the plan blocks and keeps what the coordinator wrote', () => {
    const edited = original.replace(
      '<h2>7. Risks and expected resistance</h2>',
      '<h2>7. Risks and expected resistance</h2><p>Our own risk: the CFO is sceptical.</p>',
    );
    const after: StrategyPageFacts = {
      ...before,
      plan: {
        ...before.plan,
        phases: before.plan.phases.map((p, i) =>
          i === 0 ? { ...p, name: 'Pilot (extended)', end: '2031-02-05' } : p,
        ),
      },
      targetDate: '2031-02-13',
    };
    const refreshed = refreshStrategyPage(edited, after);
    expect(findStorageFormatError(refreshed)).toBeUndefined();
    expect(refreshed).toContain('Our own risk: the CFO is sceptical.');
    expect(refreshed).toContain('Pilot (extended)');
    expect(refreshed).toContain('13 February 2031');
    expect(refreshed).not.toContain('<strong>Pilot</strong>');
    // Nothing else moved: the same page but for the blocks that changed.
    expect(refreshStrategyPage(edited, before)).toBe(edited);
  });

  it('leaves out a block whose anchors the coordinator deleted, and rebuilds a page that has none', () => {
    const withoutPhases = original.replace(
      /<ac:structured-macro ac:name="anchor"[^>]*><ac:parameter ac:name="">rc-begin-phases<\/ac:parameter><\/ac:structured-macro>[\s\S]*?rc-end-phases<\/ac:parameter><\/ac:structured-macro>/u,
      '<p>Phases: see the roadmap.</p>',
    );
    const refreshed = refreshStrategyPage(withoutPhases, before);
    expect(refreshed).toContain('Phases: see the roadmap.');
    expect(refreshed).not.toContain('rc-begin-phases');
    expect(refreshStrategyPage('<p>Hand-written</p>', before)).toBe(strategyPageBody(before));
  });

  it('finds anchors Confluence rewrote with attributes of its own', () => {
    const rewritten = original.replace(
      /<ac:structured-macro ac:name="anchor" ac:schema-version="1">/gu,
      '<ac:structured-macro ac:name="anchor" ac:schema-version="1" ac:macro-id="abc-123">',
    );
    const after = { ...before, targetDate: '2031-02-20' };
    expect(refreshStrategyPage(rewritten, after)).toContain('20 February 2031');
  });
});

describe('the native template', () => {
  it.each(['en', 'fr'] as const)(
    'is well-formed, with every section, guidance and the unbound macro (%s)',
    (language) => {
      const template = strategyTemplate(language, MACRO);
      expect(findStorageFormatError(template.body)).toBeUndefined();
      const rendered = renderStorageFormat(template.body);
      expect(rendered.macros).toHaveLength(1);
      expect(rendered.macros[0]?.parameters).toEqual({});
      expect(template.body.match(/<h2>/gu)).toHaveLength(10);
      expect(template.body.match(/<ac:placeholder>/gu)).toHaveLength(9);
      expect(template.name).toBe(
        language === 'en' ? 'Rollout strategy' : 'Stratégie de déploiement',
      );
      expect(template.description.length).toBeLessThanOrEqual(100);
    },
  );
});

describe('the Rollout status macro in storage format', () => {
  const KEY = 'local-rollout-coordinator/local-development/static/rollout-status';

  it('carries every attribute and parameter Confluence’s editor writes for a Forge macro', () => {
    const node =
      '<ac:adf-node type="extension">' +
      `<ac:adf-attribute key="extension-key">${KEY}</ac:adf-attribute>` +
      '<ac:adf-attribute key="extension-type">com.atlassian.ecosystem</ac:adf-attribute>' +
      '<ac:adf-attribute key="parameters">' +
      '<ac:adf-parameter key="local-id">local-1</ac:adf-parameter>' +
      `<ac:adf-parameter key="extension-id">ari:cloud:ecosystem::extension/${KEY}</ac:adf-parameter>` +
      '<ac:adf-parameter key="extension-title">Rollout status (Development)</ac:adf-parameter>' +
      '<ac:adf-parameter key="forge-environment">DEVELOPMENT</ac:adf-parameter>' +
      '<ac:adf-parameter key="guest-params">' +
      `<ac:adf-parameter key="rolloutId">${ROLLOUT_ID}</ac:adf-parameter>` +
      '</ac:adf-parameter>' +
      '</ac:adf-attribute>' +
      '<ac:adf-attribute key="text">Rollout status (Development)</ac:adf-attribute>' +
      '<ac:adf-attribute key="layout">default</ac:adf-attribute>' +
      '<ac:adf-attribute key="local-id">local-1</ac:adf-attribute>' +
      '</ac:adf-node>';
    expect(forgeMacro(MACRO, { rolloutId: ROLLOUT_ID })).toBe(
      `<ac:adf-extension>${node}<ac:adf-fallback>${node}</ac:adf-fallback></ac:adf-extension>`,
    );
  });

  it('names production without a suffix, and escapes the title', () => {
    const body = forgeMacro(
      { ...MACRO, environmentType: 'PRODUCTION', title: 'Statut <du> déploiement' },
      {},
    );
    expect(body).toContain(
      '<ac:adf-attribute key="text">Statut &lt;du&gt; déploiement</ac:adf-attribute>',
    );
    expect(body).toContain(
      '<ac:adf-parameter key="forge-environment">PRODUCTION</ac:adf-parameter>',
    );
    expect(findStorageFormatError(body)).toBeUndefined();
  });

  it('finds the macro’s extension keys, fallback copies included, and only this macro’s', () => {
    const other = forgeMacro({ ...MACRO, macroKey: 'another-macro' }, {});
    const body = `<p>a</p>${forgeMacro(MACRO, {})}${other}`;
    expect(forgeMacroKeys(body, 'rollout-status')).toEqual([KEY, KEY]);
  });

  it('moves a macro made in another environment to this one, and nothing else', () => {
    const staging = { ...MACRO, environmentId: 'staging-env', environmentType: 'STAGING' };
    const foreignApp = forgeMacro({ ...staging, macroKey: 'another-macro' }, { x: 'y' });
    const body = `<h2>Status</h2>${forgeMacro(staging, { rolloutId: ROLLOUT_ID })}${foreignApp}`;
    const moved = rekeyForgeMacros(body, MACRO);
    expect(forgeMacroKeys(moved, 'rollout-status')).toEqual([KEY, KEY]);
    // The instance keeps its config and local id; only the environment it names changes.
    expect(moved).toBe(
      `<h2>Status</h2>${forgeMacro(MACRO, { rolloutId: ROLLOUT_ID })}${foreignApp}`,
    );
    expect(moved).toContain(foreignApp);
    expect(renderStorageFormat(moved).macros[0]).toMatchObject({
      extensionKey: KEY,
      config: { rolloutId: ROLLOUT_ID },
      localId: 'local-1',
    });
    expect(rekeyForgeMacros(moved, MACRO)).toBe(moved);
  });
});

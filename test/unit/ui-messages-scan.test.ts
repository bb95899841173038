/**
 * The build's text scan (scripts/vite-ui-messages.mjs, `textKeysNamed`): which strings of a
 * module count as uses of a message group, so a surface's first load carries the groups its code
 * shows and not those whose names a payload path happens to start with. The scanner is an ES
 * module the build imports; Jest runs CommonJS, so it runs in a Node process of its own.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const SCANNER = join(__dirname, '..', '..', 'scripts', 'vite-ui-messages.mjs');

interface Named {
  group: string;
  key?: string;
}

/** Scans each source against `texts` in one Node process; one list of named keys per source. */
function scan(sources: string[], texts: object): Named[][] {
  const script = [
    `import { textKeysNamed } from ${JSON.stringify(pathToFileURL(SCANNER).href)};`,
    `const [sources, texts] = JSON.parse(process.argv[1]);`,
    `process.stdout.write(JSON.stringify(sources.map((s) => textKeysNamed(s, texts))));`,
  ].join('\n');
  const out = execFileSync(
    process.execPath,
    ['--input-type=module', '-e', script, JSON.stringify([sources, texts])],
    { encoding: 'utf8' },
  );
  return JSON.parse(out) as Named[][];
}

const texts = {
  plan: { kind: { phase: 'Phase', session: 'Session' }, kindCount: '{n} kinds', targets: 'T' },
  strategy: { list: { title: 'Strategies' }, push: { start: 'Push' } },
  common: { save: 'Save' },
};

/** The groups (and second-level keys) a source names, in order. */
function named(...sources: string[]): string[][] {
  return scan(sources, texts).map((found) =>
    found.map((n) => (n.key === undefined ? n.group : `${n.group}.${n.key}`)),
  );
}

describe('the text scan of the UI build', () => {
  it('counts whole keys and the subtrees a string names, in any quotes', () => {
    expect(
      named(
        `t('plan.kind.phase')`,
        `<Message id="common.save" />`,
        'label(`strategy.list.title`)',
        `const prefix = 'plan.kind';`,
      ),
    ).toEqual([['plan.kind'], ['common.save'], ['strategy.list'], ['plan.kind']]);
  });

  it('counts keys completed at run time by concatenation or interpolation', () => {
    expect(
      named(
        `t('plan.kind.' + kind)`,
        't(`plan.kind.${kind}`)',
        't(`strategy.${step}`)',
        't(`plan.kind${suffix}`)',
      ),
    ).toEqual([['plan.kind'], ['plan.kind'], ['strategy'], ['plan']]);
  });

  it('does not count payload paths that start with a group name', () => {
    expect(
      named(
        `issuesAt('plan.phases', issues)`,
        'phaseIssues(phase, `plan.phases.${String(index)}`)',
        `{ ...issue, path: 'plan.phases.0.start' }`,
        'path: `plan.sessions.${String(index)}.ownerAccountId`',
        't(`plan.sess${suffix}`)',
      ),
    ).toEqual([[], [], [], [], []]);
  });

  it('does not count a payload path that spells a text key', () => {
    expect(
      named(
        `issues.push({ path: 'plan.targets', messageKey: 'errors.plan.targetsBeforeGoLive' })`,
        '{ field: \'targets\', path : "plan.kind.phase" }',
        'const issue = { path: `plan.kind.${x}` };',
        `t('plan.targets', { path: 'x' })`,
      ),
    ).toEqual([[], [], [], ['plan.targets']]);
  });

  it('does not count a key that goes past a text, nor prose or addresses', () => {
    expect(
      named(
        `t('plan.kind.phase.title')`,
        't(`plan.kind.phase.${x}`)',
        `'plan.kind is the group'`,
        `'common.save/more'`,
        `'plan..kind'`,
        `'unknown.kind.phase'`,
      ),
    ).toEqual([[], [], [], [], [], []]);
  });

  it("with the real locale file, the strategy draft's payload paths name no plan text", () => {
    const english = JSON.parse(
      readFileSync(join(__dirname, '..', '..', 'locales', 'en-US.json'), 'utf8'),
    ) as object;
    const [paths, kinds] = scan(
      [`issuesAt('plan.phases', x); \`plan.sessions.\${String(i)}\``, 't(`plan.kind.${kind}`)'],
      english,
    );
    expect(paths).toEqual([]);
    expect(kinds).toEqual([{ group: 'plan', key: 'kind' }]);
  });
});

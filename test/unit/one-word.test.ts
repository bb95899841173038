/**
 * One word for one thing across every screen, e-mail and page: the rollout's date is the
 * go-live date (Jira's panel once said "Target date" while Confluence said "Go-live date"), and
 * French refuses with "refuser" (a hint said "refuser", an error "rejeter").
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

function messages(file: string): string[] {
  const tree: unknown = JSON.parse(readFileSync(join(__dirname, '../../locales', file), 'utf8'));
  const out: string[] = [];
  const walk = (node: unknown): void => {
    if (typeof node === 'string') out.push(node);
    else if (typeof node === 'object' && node !== null) Object.values(node).forEach(walk);
  };
  walk(tree);
  return out;
}

describe('one word for one thing', () => {
  it('names the rollout’s date the go-live date in English and French', () => {
    expect(messages('en-US.json').filter((m) => /target date/iu.test(m))).toEqual([]);
    expect(messages('fr-FR.json').filter((m) => /date cible/iu.test(m))).toEqual([]);
  });

  it('says "refuser" for a rejection in French, never "rejeter"', () => {
    expect(messages('fr-FR.json').filter((m) => /rejet/iu.test(m))).toEqual([]);
  });
});

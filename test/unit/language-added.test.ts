/**
 * Adding a language is adding its locale file (and listing it in manifest.yml, as Forge asks):
 * no code changes. The fixture app is this app's translations plus a partial German file; run as
 * Forge runs the functions (its files bundled in the app code folder), the same code speaks
 * German to a German reader, counts in German, writes dates in German, and reads in English what
 * the German file does not say yet.
 */
import { join } from 'node:path';
import { bundleAppCode } from '../../local/app-code';
import { loadManifest } from '../../local/manifest';
import { installForgeRuntime } from '../../local/runtime';
import { languageOf, languages, message } from '../../src/i18n';
import { approvalOpenedMail } from '../../src/notifications/approval-opened';
import { strategyTemplate, templateNames } from '../../src/templates/strategy';
import { gateMessage } from '../../src/triggers/gate-messages';

const absent = () => Promise.reject(new Error('not in this test'));

function runAs(appCodeDir?: string): void {
  installForgeRuntime({ kvs: absent, product: absent, ...(appCodeDir ? { appCodeDir } : {}) });
}

beforeAll(() => {
  runAs(bundleAppCode(loadManifest(join(__dirname, '..', 'fixtures', 'german-app'))));
});
afterAll(() => {
  runAs();
});

describe('a third locale file, German', () => {
  it('is a language the app speaks, for readers of any German locale', () => {
    expect(languages()).toEqual(['en', 'de', 'fr']);
    expect(languageOf('de-DE')).toBe('de');
    expect(languageOf('de-AT')).toBe('de');
    expect(languageOf('fr-FR')).toBe('fr');
    expect(languageOf('ja-JP')).toBe('en');
  });

  it('speaks German at the gate, stage by stage, with German plurals', () => {
    const pending = [{ department: 'Vertrieb', person: 'Jonas Weber' }];
    expect(gateMessage('de', { kind: 'waiting', pending, stage: 1, stageCount: 2 })).toBe(
      'Wartet auf die Freigabe von Vertrieb (Jonas Weber) (Stufe 1 von 2)',
    );
    expect(gateMessage('de', { kind: 'rejected', title: 'CRM', by: pending })).toBe(
      'Der Rollout „CRM“ wurde von Vertrieb (Jonas Weber) abgelehnt.',
    );
    expect(message('de', 'strategy.push.created', { count: 1 })).toBe(
      'Dieser Versand hat 1 Jira-Vorgang angelegt.',
    );
    expect(message('de', 'strategy.push.created', { count: 1200 })).toBe(
      'Dieser Versand hat 1.200 Jira-Vorgänge angelegt.',
    );
  });

  it('writes what it does not say yet in English', () => {
    expect(gateMessage('de', { kind: 'unavailable' })).toBe(
      "The rollout's approvals could not be checked, so the transition is blocked. Try again in a moment.",
    );
  });

  it('e-mails a German reader in German, dates in German, the rest in English', () => {
    const mail = approvalOpenedMail('de', {
      rolloutTitle: 'Neues CRM',
      objective: 'Alle Teams arbeiten im neuen CRM.',
      targetDate: '2027-03-01',
      issueKey: 'ROLL-1',
      requesterName: 'Anna Schmidt',
      round: 1,
      stage: 1,
      stageCount: 1,
      departments: ['Vertrieb', 'Finanzen'],
    });
    expect(mail.subject).toBe('Freigabe angefragt: Neues CRM');
    expect(mail.textBody).toBe(
      [
        'Anna Schmidt bittet um Ihre Freigabe für den Rollout „Neues CRM“ (ROLL-1), geplant für den 1. März 2027.',
        'Objective:\n\n> Alle Teams arbeiten im neuen CRM.',
        'Round 1: Vertrieb und Finanzen.',
        'Open ROLL-1 in Jira to approve, request changes or reject. If you stand in for a department head, your decision is recorded on their behalf.',
      ].join('\n\n'),
    );
  });

  it('offers a German strategy template, found again by its German name', () => {
    const template = strategyTemplate('de', {
      appId: 'app',
      environmentId: 'env',
      environmentType: 'DEVELOPMENT',
      macroKey: 'rollout-status',
      localId: 'local',
      title: message('de', 'strategyPage.macroTitle'),
    });
    expect(template.name).toBe('Rollout-Strategie');
    expect(templateNames()).toEqual([
      'Rollout strategy',
      'Rollout-Strategie',
      'Stratégie de déploiement',
    ]);
  });
});

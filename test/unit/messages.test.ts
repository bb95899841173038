/**
 * Messages as the app's functions and its UI format them (one formatter, src/i18n/format.ts):
 * each reader's language, plural forms by the language's rules, numbers written its way, and the
 * default language standing in for what a language lacks.
 */
import { createCatalogue } from '../../src/i18n/catalogue';
import { formatMessage } from '../../src/i18n/format';
import {
  defaultLanguage,
  intlLocale,
  isLanguage,
  languageOf,
  languages,
  message,
} from '../../src/i18n';
import { gateMessage } from '../../src/triggers/gate-messages';

describe('the languages the app speaks', () => {
  it('are its locale files, English first, and each reader gets theirs or English', () => {
    expect(languages()).toEqual(['en', 'fr']);
    expect(defaultLanguage()).toBe('en');
    expect(languageOf('fr-FR')).toBe('fr');
    expect(languageOf('fr_CA')).toBe('fr');
    expect(languageOf('FR')).toBe('fr');
    expect(languageOf('en-US')).toBe('en');
    expect(languageOf('de-DE')).toBe('en');
    expect(languageOf('')).toBe('en');
    expect(languageOf(undefined)).toBe('en');
    expect(isLanguage('fr')).toBe(true);
    expect(isLanguage('de')).toBe(false);
  });

  it('write dates day first in English, as the e-mails always did', () => {
    expect(intlLocale('en')).toBe('en-GB');
    expect(intlLocale('fr')).toBe('fr-FR');
    // A language the app does not ship reads as the default one.
    expect(intlLocale('de')).toBe('en-GB');
    expect(message('de', 'gate.waiting', { departments: 'Sales' })).toBe(
      'Waiting for approval from Sales',
    );
  });
});

describe('plurals', () => {
  it('count work on the macro in French by its rules: 0 and 1 are singular', () => {
    expect(message('fr', 'macro.counts', { open: 1, done: 0 })).toBe('1 ouvert · 0 terminé');
    expect(message('fr', 'macro.counts', { open: 2, done: 1 })).toBe('2 ouverts · 1 terminé');
    expect(message('fr', 'macro.totalCounts', { open: 1, done: 3, percent: '75 %' })).toBe(
      '1 ouvert, 3 terminés (75 % terminé)',
    );
    expect(message('en', 'macro.counts', { open: 1, done: 2 })).toBe('1 open · 2 done');
  });

  it('write large counts as the language writes numbers', () => {
    expect(message('en', 'macro.counts', { open: 1500, done: 2 })).toBe('1,500 open · 2 done');
    expect(message('fr', 'macro.counts', { open: 1500, done: 2 })).toBe(
      '1\u202f500 ouverts · 2 terminés',
    );
  });

  it('say one Jira issue, or several, where the UI said "issue(s)"', () => {
    expect(message('en', 'strategy.review.issues', { count: 1 })).toBe(
      'Pushing the plan will create 1 Jira issue.',
    );
    expect(message('en', 'strategy.review.issues', { count: 13 })).toBe(
      'Pushing the plan will create 13 Jira issues.',
    );
    expect(message('fr', 'strategy.push.created', { count: 1 })).toBe(
      'Cet envoi a créé 1 ticket Jira.',
    );
    expect(message('fr', 'strategy.push.created', { count: 13 })).toBe(
      'Cet envoi a créé 13 tickets Jira.',
    );
    expect(message('en', 'strategy.push.status', { inJira: 0, total: 1 })).toBe(
      '0 of 1 planned item is in Jira.',
    );
    expect(message('fr', 'strategy.push.status', { inJira: 1, total: 13 })).toBe(
      '1 élément prévu sur 13 est dans Jira.',
    );
    expect(message('en', 'common.charactersOver', { over: 1, max: '500' })).toBe(
      '1 character too many (500 at most)',
    );
    expect(message('en', 'settings.days', { count: 1 })).toBe('1 day');
    expect(message('fr', 'settings.days', { count: 3 })).toBe('3 jours');
  });

  it('name one more department in French in the singular at the gate', () => {
    const pending = Array.from({ length: 11 }, (_, i) => ({
      department: `D${String(i)}`,
      person: '',
    }));
    const one = { kind: 'waiting', pending, stage: 1, stageCount: 1 } as const;
    expect(gateMessage('fr', one)).toMatch(/, et 1 autre$/u);
    expect(gateMessage('en', one)).toMatch(/, and 1 more$/u);
    const two = { ...one, pending: [...pending, { department: 'D11', person: '' }] };
    expect(gateMessage('fr', two)).toMatch(/, et 2 autres$/u);
  });
});

describe('a catalogue', () => {
  const catalogue = createCatalogue(
    [
      {
        locale: 'en-US',
        messages: { a: { b: 'Hello {name}' }, only: '{n, plural, one {# x} other {# xs}}' },
      },
      { locale: 'fr-FR', messages: { a: { b: 'Bonjour {name}' } } },
    ],
    'en-US',
  );

  it('reads a missing message in the default language, counting in that language', () => {
    expect(catalogue.message('fr', 'a.b', { name: 'Léa' })).toBe('Bonjour Léa');
    expect(catalogue.message('fr', 'only', { n: 0 })).toBe('0 xs');
    expect(catalogue.message('fr', 'missing.everywhere')).toBe('missing.everywhere');
  });

  it('refuses two files of one language, and a default locale without a file', () => {
    expect(() =>
      createCatalogue(
        [
          { locale: 'en-US', messages: {} },
          { locale: 'en-GB', messages: {} },
        ],
        'en-US',
      ),
    ).toThrow('Two locale files for the language "en"');
    expect(() => createCatalogue([{ locale: 'fr-FR', messages: {} }], 'en-US')).toThrow(
      'No locale file for the default locale en-US',
    );
  });

  it('shows a broken message, or one missing a parameter, as written rather than failing', () => {
    expect(formatMessage('{count, plural, one {#}', 'en')).toBe('{count, plural, one {#}');
    expect(formatMessage('Hello {name}', 'en')).toBe('Hello {name}');
  });
});

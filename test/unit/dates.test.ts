/** Dates as French and English readers write them: the French ordinal for the 1st, nothing else. */
import { formatDate, formatDateRange } from '../../src/i18n/dates';
import { formatDay as uiDay, formatDayRange as uiRange } from '../../src/ui/components/dates';
import { formatDay as mailDay } from '../../src/notifications/common';

const first = new Date('2027-01-01T00:00:00Z');
const medium = (locale: string) =>
  new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' });

/** Intl puts thin and no-break spaces around a range's dash and in French dates. */
const spaced = (text: string): string => text.replace(/\s/gu, ' ');

describe('dates', () => {
  it('writes the 1st of the month "1er" in French, in the UI, e-mails and pages', () => {
    expect(formatDate(medium('fr-FR'), 'fr-FR', first)).toBe('1er janv. 2027');
    expect(uiDay('fr-FR', '2027-01-01')).toBe('1er janv. 2027');
    expect(mailDay('2027-03-01', 'fr')).toBe('1er mars 2027');
    expect(spaced(uiRange('fr-FR', '2027-01-01', '2027-02-01'))).toBe('1er janv. – 1er févr. 2027');
    const withTime = new Intl.DateTimeFormat('fr-FR', {
      dateStyle: 'medium',
      timeStyle: 'short',
      timeZone: 'UTC',
    });
    expect(spaced(formatDate(withTime, 'fr-FR', new Date('2027-01-01T10:00:00Z')))).toBe(
      '1er janv. 2027, 10:00',
    );
  });

  it('leaves other days, numeric dates and English as Intl writes them', () => {
    expect(uiDay('fr-FR', '2027-01-11')).toBe('11 janv. 2027');
    expect(uiDay('fr-FR', '2027-01-21')).toBe('21 janv. 2027');
    const numeric = new Intl.DateTimeFormat('fr-FR', { timeZone: 'UTC' });
    expect(formatDate(numeric, 'fr-FR', first)).toBe('01/01/2027');
    expect(formatDate(medium('en-US'), 'en-US', first)).toBe('Jan 1, 2027');
    expect(spaced(formatDateRange(medium('en-US'), 'en-US', first, new Date('2027-01-05')))).toBe(
      'Jan 1 – 5, 2027',
    );
  });
});

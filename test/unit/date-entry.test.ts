import { createLocalizationProvider } from '@atlaskit/locale/localization-provider';
import { datePattern, isoDay, parseTypedDate, weekStart } from '../../src/ui/components/date-entry';

/** What the date picker does with typed text: its own locale parser behind ours. */
function typed(locale: string, text: string): string | null {
  const l10n = createLocalizationProvider(locale);
  return isoDay(parseTypedDate(text, (value) => l10n.parseDate(value)));
}

describe('a date typed into the date picker', () => {
  it('reads French dates day first', () => {
    expect(typed('fr-FR', '31/03/2027')).toBe('2027-03-31');
    expect(typed('fr-FR', '1/4/2027')).toBe('2027-04-01');
  });

  it('reads American dates month first', () => {
    expect(typed('en-US', '3/31/2027')).toBe('2027-03-31');
    expect(typed('en-US', '4/1/2027')).toBe('2027-04-01');
  });

  it('reads ISO days in every language', () => {
    expect(typed('fr-FR', '2027-04-01')).toBe('2027-04-01');
    expect(typed('en-US', ' 2027-4-1 ')).toBe('2027-04-01');
  });

  it('refuses a day that does not exist rather than rolling it into the next month', () => {
    expect(typed('fr-FR', '2027-02-30')).toBeNull();
    expect(typed('en-US', '2027-13-01')).toBeNull();
    expect(typed('fr-FR', 'demain')).toBeNull();
  });
});

describe('the empty date field', () => {
  it('shows the reader’s order with the letters of their language', () => {
    expect(datePattern('fr-FR', { day: 'jj', month: 'mm', year: 'aaaa' })).toBe('jj/mm/aaaa');
    expect(datePattern('en-US', { day: 'dd', month: 'mm', year: 'yyyy' })).toBe('mm/dd/yyyy');
    expect(datePattern('en-GB', { day: 'dd', month: 'mm', year: 'yyyy' })).toBe('dd/mm/yyyy');
  });
});

describe('the calendar’s first day of the week', () => {
  it('is Monday in France and Sunday in the United States', () => {
    expect(weekStart('fr-FR')).toBe(1);
    expect(weekStart('en-US')).toBe(0);
  });

  it('falls back to Monday for a tag the browser cannot read', () => {
    expect(weekStart('not a locale!')).toBe(1);
  });
});

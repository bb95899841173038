import { languageOf, message } from '../../src/i18n';
import { selectLiveMessages } from '../../src/ui/components/select-live';

const reader = (locale: string) =>
  selectLiveMessages((key, params) => message(languageOf(locale), key, params));

describe("the selects' screen-reader announcements", () => {
  it('speak French to a French reader', () => {
    const live = reader('fr-FR');
    expect(live.ariaLiveMessages.onChange({ action: 'select-option', label: 'jeudi' })).toBe(
      'option jeudi sélectionnée.',
    );
    expect(live.ariaLiveMessages.onChange({ action: 'remove-value', label: 'Ventes' })).toBe(
      'option Ventes désélectionnée.',
    );
    expect(live.ariaLiveMessages.onChange({ action: 'clear' })).toBe(
      'Toutes les options sélectionnées ont été effacées.',
    );
    const results = live.screenReaderStatus({ count: 2 });
    expect(results).toBe('2 résultats disponibles');
    expect(live.ariaLiveMessages.onFilter({ inputValue: 'ven', resultsMessage: results })).toBe(
      '2 résultats disponibles pour « ven ».',
    );
  });

  it('speak English to an English reader, one result in the singular', () => {
    const live = reader('en-US');
    expect(live.ariaLiveMessages.onChange({ action: 'select-option', label: 'Thursday' })).toBe(
      'option Thursday, selected.',
    );
    expect(live.screenReaderStatus({ count: 1 })).toBe('1 result available');
  });

  it('say nothing for a disabled option, an empty search or an action without words', () => {
    const live = reader('en-US');
    expect(
      live.ariaLiveMessages.onChange({ action: 'select-option', label: 'Sales', isDisabled: true }),
    ).toBe('');
    expect(live.ariaLiveMessages.onFilter({ inputValue: '', resultsMessage: '3 results' })).toBe(
      '',
    );
    expect(live.ariaLiveMessages.onChange({ action: 'create-option', label: 'x' })).toBe('');
  });
});

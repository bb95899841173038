/**
 * What Atlaskit's selects tell screen readers as the user picks or types, in the reader's
 * language: react-select's own announcements ("option X, selected.", "2 results available for
 * search term …") are English whatever the page's language.
 */
export type Translate = (key: string, params?: Record<string, string | number>) => string;

/** The props a select takes for its live announcements (ChoiceSelectField, SearchSelect). */
export function selectLiveMessages(t: Translate) {
  return {
    ariaLiveMessages: {
      onChange: (props: {
        action: string;
        label?: string;
        isDisabled?: boolean | null;
      }): string => {
        const label = props.label ?? '';
        switch (props.action) {
          case 'deselect-option':
          case 'pop-value':
          case 'remove-value':
            return label === '' ? '' : t('choices.live.deselected', { label });
          case 'clear':
            return t('choices.live.cleared');
          case 'select-option':
            return label === '' || props.isDisabled === true
              ? ''
              : t('choices.live.selected', { label });
          default:
            return '';
        }
      },
      onFilter: (props: { inputValue: string; resultsMessage: string }): string =>
        props.inputValue === ''
          ? ''
          : t('choices.live.filtered', { results: props.resultsMessage, query: props.inputValue }),
    },
    screenReaderStatus: ({ count }: { count: number }): string =>
      t('choices.live.results', { count }),
  };
}

/**
 * The select both pickers draw (UserSelect.tsx, GroupSelect.tsx): Atlaskit's AsyncSelect over a
 * backend search, with typing debounced so a name costs one search, not one per key. Loaded with
 * the picker's chunk, never in a screen's first load (decision 0026).
 */
import { useCallback, useRef } from 'react';
import { AsyncSelect } from '@atlaskit/select';
import { useTranslator } from '../i18n';
import { selectLiveMessages } from './select-live';

const DEBOUNCE_MS = 250;

export interface SearchOption {
  label: string;
  value: string;
}

export interface SearchSelectProps<Option extends SearchOption> {
  inputId: string;
  label: string;
  describedBy?: string | undefined;
  value: Option | null;
  onChange: (value: Option | null) => void;
  /** The options for a typed text (already trimmed); an empty list when the search fails. */
  search: (query: string) => Promise<Option[]>;
  /** Search with an empty text too (the first options show when the menu opens). */
  searchEmpty: boolean;
  clearable: boolean;
  invalid: boolean;
  /** Draw the menu over the page (inside a scrolling table it would be clipped). */
  menuInPortal?: boolean | undefined;
  placeholder: string;
  noOptionsMessage: (query: string) => string;
  loadingMessage: string;
}

export function SearchSelect<Option extends SearchOption>(props: SearchSelectProps<Option>) {
  const { t } = useTranslator();
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const { search, searchEmpty } = props;

  const loadOptions = useCallback(
    (input: string): Promise<Option[]> =>
      new Promise((resolve) => {
        clearTimeout(timer.current);
        const query = input.trim();
        if (query === '' && !searchEmpty) {
          resolve([]);
          return;
        }
        timer.current = setTimeout(() => {
          void search(query).then(resolve);
        }, DEBOUNCE_MS);
      }),
    [search, searchEmpty],
  );

  return (
    <AsyncSelect<Option>
      inputId={props.inputId}
      label={props.label}
      {...(props.describedBy ? { descriptionId: props.describedBy } : {})}
      value={props.value}
      onChange={(option) => {
        props.onChange(option ?? null);
      }}
      loadOptions={loadOptions}
      defaultOptions={searchEmpty}
      isClearable={props.clearable}
      isInvalid={props.invalid}
      {...(props.menuInPortal ? { menuPortalTarget: document.body } : {})}
      placeholder={props.placeholder}
      noOptionsMessage={({ inputValue }) => props.noOptionsMessage(inputValue)}
      loadingMessage={() => props.loadingMessage}
      {...selectLiveMessages(t)}
    />
  );
}

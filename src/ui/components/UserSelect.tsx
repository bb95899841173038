/**
 * The user picker's select (react-select through @atlaskit/select, about 40 KB gzip), in a chunk
 * of its own that UserPicker.tsx loads when a form shows it. Picks a Jira user by name or e-mail through the backend's user search (Jira's own user search,
 * run as the acting user). Typing is debounced so a name costs one search, not one per key.
 */
import { useCallback, useRef } from 'react';
import { AsyncSelect } from '@atlaskit/select';
import { toOption, type UserOption, type UserPickerProps } from './UserPicker';
import { call } from '../invoke';
import { useTranslator } from '../i18n';

const DEBOUNCE_MS = 250;

export default function UserSelect(props: UserPickerProps) {
  const { t } = useTranslator();
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  const loadOptions = useCallback(
    (input: string): Promise<UserOption[]> =>
      new Promise((resolve) => {
        clearTimeout(timer.current);
        const query = input.trim();
        if (query === '') {
          resolve([]);
          return;
        }
        timer.current = setTimeout(() => {
          void call('users/search', { query }).then((answer) => {
            resolve(answer.ok ? answer.data.users.map(toOption) : []);
          });
        }, DEBOUNCE_MS);
      }),
    [],
  );

  return (
    <AsyncSelect<UserOption>
      inputId={props.inputId}
      label={props.label}
      {...(props.describedBy ? { descriptionId: props.describedBy } : {})}
      value={props.value}
      onChange={(option) => {
        props.onChange(option ?? null);
      }}
      loadOptions={loadOptions}
      isClearable={props.clearable ?? false}
      isInvalid={props.invalid ?? false}
      {...(props.menuInPortal ? { menuPortalTarget: document.body } : {})}
      placeholder={t('users.placeholder')}
      noOptionsMessage={({ inputValue }) =>
        inputValue.trim() === ''
          ? t('users.typeToSearch')
          : t('users.noMatch', { query: inputValue })
      }
      loadingMessage={() => t('users.searching')}
    />
  );
}

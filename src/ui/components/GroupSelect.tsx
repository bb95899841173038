/**
 * The group picker's select, in a chunk of its own that GroupPicker.tsx loads when the form shows
 * it (see UserSelect.tsx). Picks a Jira group through the backend's group search (Jira's group picker, run as the acting
 * Jira administrator). Typing is debounced so a name costs one search, not one per key.
 */
import { useCallback, useRef } from 'react';
import { AsyncSelect } from '@atlaskit/select';
import { call } from '../invoke';
import type { GroupOption, GroupPickerProps } from './GroupPicker';
import { useTranslator } from '../i18n';

const DEBOUNCE_MS = 250;

export default function GroupSelect(props: GroupPickerProps) {
  const { t } = useTranslator();
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  const loadOptions = useCallback(
    (input: string): Promise<GroupOption[]> =>
      new Promise((resolve) => {
        clearTimeout(timer.current);
        timer.current = setTimeout(() => {
          void call('groups/search', { query: input.trim() }).then((answer) => {
            resolve(
              answer.ok ? answer.data.groups.map((g) => ({ label: g.name, value: g.id })) : [],
            );
          });
        }, DEBOUNCE_MS);
      }),
    [],
  );

  return (
    <AsyncSelect<GroupOption>
      inputId={props.inputId}
      label={props.label}
      {...(props.describedBy ? { descriptionId: props.describedBy } : {})}
      value={props.value}
      onChange={(option) => {
        props.onChange(option ?? null);
      }}
      loadOptions={loadOptions}
      defaultOptions
      isClearable
      isInvalid={props.invalid ?? false}
      placeholder={t('admin.group.placeholder')}
      noOptionsMessage={() => t('admin.group.noMatch')}
      loadingMessage={() => t('users.searching')}
    />
  );
}

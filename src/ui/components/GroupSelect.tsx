/**
 * The group picker's select, in a chunk of its own that GroupPicker.tsx loads when the form shows
 * it. Picks a Jira group through the backend's group search (Jira's group picker, run as the
 * acting Jira administrator); the menu lists the first groups before anything is typed.
 */
import { call } from '../invoke';
import type { GroupOption, GroupPickerProps } from './GroupPicker';
import { useTranslator } from '../i18n';
import { SearchSelect } from './SearchSelect';

async function searchGroups(query: string): Promise<GroupOption[]> {
  const answer = await call('groups/search', { query });
  return answer.ok ? answer.data.groups.map((g) => ({ label: g.name, value: g.id })) : [];
}

export default function GroupSelect(props: GroupPickerProps) {
  const { t } = useTranslator();
  return (
    <SearchSelect<GroupOption>
      inputId={props.inputId}
      label={props.label}
      describedBy={props.describedBy}
      value={props.value}
      onChange={props.onChange}
      search={searchGroups}
      searchEmpty
      clearable
      invalid={props.invalid ?? false}
      placeholder={t('admin.group.placeholder')}
      noOptionsMessage={() => t('admin.group.noMatch')}
      loadingMessage={t('users.searching')}
    />
  );
}

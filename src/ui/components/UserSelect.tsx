/**
 * The user picker's select, in a chunk of its own that UserPicker.tsx loads when a form shows it.
 * Picks a Jira user by name or e-mail through the backend's user search (Jira's own user search,
 * run as the acting user); an empty text searches nothing.
 */
import { toOption, type UserOption, type UserPickerProps } from './UserPicker';
import { call } from '../invoke';
import { useTranslator } from '../i18n';
import { SearchSelect } from './SearchSelect';

async function searchUsers(query: string): Promise<UserOption[]> {
  const answer = await call('users/search', { query });
  return answer.ok ? answer.data.users.map(toOption) : [];
}

export default function UserSelect(props: UserPickerProps) {
  const { t } = useTranslator();
  return (
    <SearchSelect<UserOption>
      inputId={props.inputId}
      label={props.label}
      describedBy={props.describedBy}
      value={props.value}
      onChange={props.onChange}
      search={searchUsers}
      searchEmpty={false}
      clearable={props.clearable ?? false}
      invalid={props.invalid ?? false}
      menuInPortal={props.menuInPortal}
      placeholder={t('users.placeholder')}
      noOptionsMessage={(query) =>
        query.trim() === '' ? t('users.typeToSearch') : t('users.noMatch', { query })
      }
      loadingMessage={t('users.searching')}
    />
  );
}

/**
 * Picks a Jira user by name or e-mail through the backend's user search. The select itself
 * (UserSelect.tsx: react-select, about 40 KB gzip) loads only when a form shows a picker, so the
 * screens that merely list people do not fetch it before they draw (decision 0026).
 */
import { lazy, Suspense } from 'react';
import type { UserSummary } from '../../contract';
import { PickerLoading } from './PickerLoading';

export interface UserOption {
  label: string;
  value: string;
}

export function toOption(user: Pick<UserSummary, 'accountId' | 'displayName'>): UserOption {
  return { label: user.displayName || user.accountId, value: user.accountId };
}

export interface UserPickerProps {
  inputId: string;
  label: string;
  value: UserOption | null;
  onChange: (value: UserOption | null) => void;
  clearable?: boolean;
  invalid?: boolean;
  describedBy?: string;
  /** Draw the menu over the page (inside a scrolling table it would be clipped). */
  menuInPortal?: boolean;
}

const UserSelect = lazy(() => import('./UserSelect'));

export function UserPicker(props: UserPickerProps) {
  return (
    <Suspense fallback={<PickerLoading inputId={props.inputId} describedBy={props.describedBy} />}>
      <UserSelect {...props} />
    </Suspense>
  );
}

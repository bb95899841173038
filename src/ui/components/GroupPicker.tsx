/**
 * Picks a Jira group through the backend's group search. The select (GroupSelect.tsx) loads only
 * when the form shows the picker, as the user picker's does (decision 0026).
 */
import { lazy, Suspense } from 'react';
import { PickerLoading } from './PickerLoading';

export interface GroupOption {
  label: string;
  value: string;
}

export interface GroupPickerProps {
  inputId: string;
  label: string;
  value: GroupOption | null;
  onChange: (value: GroupOption | null) => void;
  invalid?: boolean;
  describedBy?: string;
}

const GroupSelect = lazy(() => import('./GroupSelect'));

export function GroupPicker(props: GroupPickerProps) {
  return (
    <Suspense fallback={<PickerLoading inputId={props.inputId} describedBy={props.describedBy} />}>
      <GroupSelect {...props} />
    </Suspense>
  );
}

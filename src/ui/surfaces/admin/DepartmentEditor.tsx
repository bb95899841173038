/**
 * Adds a department, or edits the one chosen in the table (name, head, default delegate,
 * supervisors who may check in, Jira group).
 */
import { useState, type FormEvent } from 'react';
import Button from '@atlaskit/button/new';
import Heading from '@atlaskit/heading';
import { Inline } from '@atlaskit/primitives/compiled/inline';
import { Stack } from '@atlaskit/primitives/compiled/stack';
import { Text } from '@atlaskit/primitives/compiled/text';
import type { AppError, DepartmentView } from '../../../contract';
import { DEPARTMENT_NAME_MAX, SUPERVISORS_MAX } from '../../../domain/limits';
import { InputField } from '../../components/InputField';
import { DEPARTMENT_NAME_TEXT } from '../../../domain/rules/directory';
import { issuesAt } from '../../../domain/rules/issue';
import { textIssues } from '../../../domain/rules/text';
import { call } from '../../invoke';
import { useTranslator } from '../../i18n';
import { ErrorMessage } from '../../components/ErrorMessage';
import {
  FieldError,
  FieldLabel,
  inOrder,
  useFieldErrors,
  SavingNote,
} from '../../components/Field';
import { byPath } from '../../components/issues';
import { toOption, UserPicker, type UserOption } from '../../components/UserPicker';
import { GroupPicker, type GroupOption } from '../../components/GroupPicker';
import { PeopleChooser } from '../../components/PeopleChooser';

const FIELDS = [
  'name',
  'headAccountId',
  'delegateAccountId',
  'supervisorAccountIds',
  'groupId',
] as const;
const place = byPath(FIELDS);
const INPUTS = {
  name: 'name',
  headAccountId: 'head',
  delegateAccountId: 'delegate',
  supervisorAccountIds: 'supervisor',
  groupId: 'group',
} as const;

export function DepartmentEditor(props: {
  department: DepartmentView | null;
  onSaved: (department: DepartmentView, created: boolean) => Promise<void>;
  onCancel: () => void;
  onStale: (error: AppError) => Promise<void>;
}) {
  const { t } = useTranslator();
  const editing = props.department;
  // One id per submission attempt: a retried or double-clicked create reuses it and cannot add twice.
  const [requestId, setRequestId] = useState(() => crypto.randomUUID());
  const [name, setName] = useState(editing?.name ?? '');
  const [head, setHead] = useState<UserOption | null>(editing ? toOption(editing.head) : null);
  const [delegate, setDelegate] = useState<UserOption | null>(
    editing?.delegate ? toOption(editing.delegate) : null,
  );
  const [supervisors, setSupervisors] = useState<UserOption[]>(
    editing?.supervisors.map(toOption) ?? [],
  );
  const [group, setGroup] = useState<GroupOption | null>(
    editing?.group ? { label: editing.group.name, value: editing.group.id } : null,
  );
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppError | null>(null);
  const prefix = editing ? `edit-${editing.id}` : 'new-department';
  const fields = useFieldErrors(inOrder(FIELDS, (field) => `${prefix}-${INPUTS[field]}`));
  const fieldErrors = fields.errors;

  const submit = async (): Promise<void> => {
    setError(null);
    const issues = [
      ...issuesAt('name', textIssues(name, DEPARTMENT_NAME_TEXT)),
      ...issuesAt(
        'headAccountId',
        head ? undefined : { messageKey: 'errors.department.headRequired' },
      ),
    ];
    if (fields.showIssues(issues, place) || !head) return;
    setBusy(true);
    const answer = editing
      ? await call('directory/update', {
          id: editing.id,
          version: editing.version,
          name,
          headAccountId: head.value,
          delegateAccountId: delegate?.value ?? null,
          supervisorAccountIds: supervisors.map((s) => s.value),
          groupId: group?.value ?? '',
          groupName: group?.label ?? '',
        })
      : await call('directory/create', {
          requestId,
          name,
          headAccountId: head.value,
          delegateAccountId: delegate?.value ?? null,
          supervisorAccountIds: supervisors.map((s) => s.value),
          groupId: group?.value ?? '',
          groupName: group?.label ?? '',
        });
    setBusy(false);
    if (answer.ok) {
      if (!editing) {
        setRequestId(crypto.randomUUID());
        setName('');
        setHead(null);
        setDelegate(null);
        setSupervisors([]);
        setGroup(null);
      }
      await props.onSaved(answer.data, !editing);
      return;
    }
    if (
      answer.error.code === 'NOT_FOUND' ||
      answer.error.messageKey === 'errors.department.stale'
    ) {
      await props.onStale(answer.error);
      return;
    }
    if (!fields.showAnswer(answer.error, place)) setError(answer.error);
  };

  const onSubmit = (event: FormEvent): void => {
    event.preventDefault();
    void submit();
  };

  return (
    <div className="rc-panel">
      <form onSubmit={onSubmit} noValidate aria-labelledby={`${prefix}-title`}>
        <Stack space="space.200">
          <Heading size="small" as="h2" id={`${prefix}-title`}>
            {editing ? t('admin.editTitle', { name: editing.name }) : t('admin.addTitle')}
          </Heading>
          {error ? <ErrorMessage error={error} /> : null}
          <InputField
            id={`${prefix}-name`}
            label={t('admin.fieldName')}
            value={name}
            maxLength={DEPARTMENT_NAME_MAX}
            error={fieldErrors.name}
            onChange={setName}
          />
          <Stack space="space.050">
            <FieldLabel htmlFor={`${prefix}-head`}>{t('admin.fieldHead')}</FieldLabel>
            <UserPicker
              inputId={`${prefix}-head`}
              label={t('admin.fieldHead')}
              value={head}
              onChange={setHead}
              invalid={Boolean(fieldErrors.headAccountId)}
              describedBy={`${prefix}-head-error`}
            />
            <FieldError id={`${prefix}-head-error`} text={fieldErrors.headAccountId} />
          </Stack>
          <Stack space="space.050">
            <FieldLabel htmlFor={`${prefix}-delegate`} optional={t('common.optional')}>
              {t('admin.fieldDelegate')}
            </FieldLabel>
            <UserPicker
              inputId={`${prefix}-delegate`}
              label={t('admin.fieldDelegate')}
              value={delegate}
              onChange={setDelegate}
              clearable
              invalid={Boolean(fieldErrors.delegateAccountId)}
              describedBy={`${prefix}-delegate-help`}
            />
            <Text id={`${prefix}-delegate-help`} size="small" color="color.text.subtlest">
              {t('admin.delegateHelp')}
            </Text>
            <FieldError id={`${prefix}-delegate-error`} text={fieldErrors.delegateAccountId} />
          </Stack>
          <Stack space="space.050">
            <FieldLabel htmlFor={`${prefix}-supervisor`} optional={t('common.optional')}>
              {t('admin.supervisors.label')}
            </FieldLabel>
            <PeopleChooser
              inputId={`${prefix}-supervisor`}
              label={t('admin.supervisors.label')}
              addLabel={t('admin.supervisors.add')}
              removeLabel={(name) => t('admin.supervisors.remove', { name })}
              people={supervisors}
              max={SUPERVISORS_MAX}
              onChange={setSupervisors}
              invalid={Boolean(fieldErrors.supervisorAccountIds)}
              describedBy={`${prefix}-supervisor-help`}
            />
            <Text id={`${prefix}-supervisor-help`} size="small" color="color.text.subtlest">
              {t('admin.supervisors.help', { max: SUPERVISORS_MAX })}
            </Text>
            <FieldError id={`${prefix}-supervisor-error`} text={fieldErrors.supervisorAccountIds} />
          </Stack>
          <Stack space="space.050">
            <FieldLabel htmlFor={`${prefix}-group`} optional={t('common.optional')}>
              {t('admin.group.label')}
            </FieldLabel>
            <GroupPicker
              inputId={`${prefix}-group`}
              label={t('admin.group.label')}
              value={group}
              onChange={setGroup}
              invalid={Boolean(fieldErrors.groupId)}
              describedBy={`${prefix}-group-help`}
            />
            <Text id={`${prefix}-group-help`} size="small" color="color.text.subtlest">
              {t('admin.group.help')}
            </Text>
            <FieldError id={`${prefix}-group-error`} text={fieldErrors.groupId} />
          </Stack>
          <Inline space="space.100">
            <Button appearance="primary" type="submit" isLoading={busy}>
              {editing ? t('admin.save') : t('admin.add')}
            </Button>
            {editing ? (
              <Button appearance="subtle" isDisabled={busy} onClick={props.onCancel}>
                {t('common.cancel')}
              </Button>
            ) : null}
          </Inline>
          <SavingNote busy={busy} />
        </Stack>
      </form>
    </div>
  );
}

import { useState } from 'react';
import Button from '@atlaskit/button/new';
import { Lozenge } from '../../components/Lozenge';
import { Inline } from '@atlaskit/primitives/compiled/inline';
import { Stack } from '@atlaskit/primitives/compiled/stack';
import { Text } from '@atlaskit/primitives/compiled/text';
import type { AppError, DepartmentView, UserSummary } from '../../../contract';
import { call } from '../../invoke';
import { useTranslator } from '../../i18n';
import { useErrorText } from '../../components/ErrorMessage';
import { WeightedText } from '../../components/WeightedText';

function Person(props: { user: UserSummary | null }) {
  const { t } = useTranslator();
  if (!props.user) return <Text color="color.text.subtlest">{t('admin.noDelegate')}</Text>;
  return (
    <Inline space="space.100" alignBlock="center">
      <Text>{props.user.displayName || t('admin.unknownUser')}</Text>
      {props.user.active ? null : <Lozenge appearance="removed">{t('admin.inactive')}</Lozenge>}
    </Inline>
  );
}

function RemoveControls(props: {
  department: DepartmentView;
  onRemoved: (department: DepartmentView) => Promise<void>;
  onStale: (error: AppError) => Promise<void>;
}) {
  const { t } = useTranslator();
  const errorText = useErrorText();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppError | null>(null);
  const { department } = props;

  if (!confirming) {
    return (
      <Button
        appearance="subtle"
        aria-label={t('admin.removeNamed', { name: department.name })}
        onClick={() => {
          setConfirming(true);
        }}
      >
        {t('admin.remove')}
      </Button>
    );
  }
  return (
    <Stack space="space.050">
      <Text size="small">{t('admin.confirmRemove', { name: department.name })}</Text>
      <Inline space="space.050">
        <Button
          appearance="danger"
          isLoading={busy}
          aria-label={t('admin.confirmRemoveNamed', { name: department.name })}
          onClick={() => {
            setBusy(true);
            void call('directory/remove', { id: department.id, version: department.version }).then(
              async (answer) => {
                setBusy(false);
                if (answer.ok) await props.onRemoved(department);
                else if (
                  answer.error.code === 'NOT_FOUND' ||
                  answer.error.messageKey === 'errors.department.stale'
                ) {
                  await props.onStale(answer.error);
                } else setError(answer.error);
              },
            );
          }}
        >
          {t('admin.remove')}
        </Button>
        <Button
          appearance="subtle"
          isDisabled={busy}
          onClick={() => {
            setConfirming(false);
            setError(null);
          }}
        >
          {t('common.cancel')}
        </Button>
      </Inline>
      {error ? (
        <Text color="color.text.danger" size="small">
          {errorText(error)}
        </Text>
      ) : null}
    </Stack>
  );
}

export function DepartmentTable(props: {
  departments: DepartmentView[];
  canManage: boolean;
  editingId: string | null;
  onEdit: (department: DepartmentView) => void;
  onRemoved: (department: DepartmentView) => Promise<void>;
  onStale: (error: AppError) => Promise<void>;
}) {
  const { t, locale } = useTranslator();
  if (props.departments.length === 0) {
    return (
      <div className="rc-empty">
        <Stack space="space.100">
          <WeightedText weight="bold">{t('admin.emptyTitle')}</WeightedText>
          <Text>{props.canManage ? t('admin.emptyAdmin') : t('admin.emptyReader')}</Text>
        </Stack>
      </div>
    );
  }
  return (
    <table className="rc-table" aria-label={t('admin.tableLabel')}>
      <thead>
        <tr>
          <th scope="col">{t('admin.columnName')}</th>
          <th scope="col">{t('admin.columnHead')}</th>
          <th scope="col">{t('admin.columnDelegate')}</th>
          <th scope="col">{t('admin.supervisors.column')}</th>
          <th scope="col">{t('admin.group.column')}</th>
          {props.canManage ? <th scope="col">{t('admin.columnActions')}</th> : null}
        </tr>
      </thead>
      <tbody>
        {props.departments.map((department) => (
          <tr
            key={department.id}
            {...(props.editingId === department.id ? { className: 'rc-row-editing' } : {})}
          >
            <th scope="row">
              <WeightedText weight="medium">{department.name}</WeightedText>
            </th>
            <td>
              <Person user={department.head} />
            </td>
            <td>
              <Person user={department.delegate} />
            </td>
            <td>
              {department.supervisors.length > 0 ? (
                <Text>
                  {new Intl.ListFormat(locale, { type: 'conjunction' }).format(
                    department.supervisors.map((s) => s.displayName || s.accountId),
                  )}
                </Text>
              ) : (
                <Text color="color.text.subtlest">{t('admin.supervisors.none')}</Text>
              )}
            </td>
            <td>
              {department.group ? (
                <Text>{department.group.name}</Text>
              ) : (
                <Text color="color.text.subtlest">{t('admin.group.none')}</Text>
              )}
            </td>
            {props.canManage ? (
              <td>
                <Inline space="space.050" alignBlock="start">
                  <Button
                    appearance="subtle"
                    aria-label={t('admin.editNamed', { name: department.name })}
                    onClick={() => {
                      props.onEdit(department);
                    }}
                  >
                    {t('admin.edit')}
                  </Button>
                  <RemoveControls
                    department={department}
                    onRemoved={props.onRemoved}
                    onStale={props.onStale}
                  />
                </Inline>
              </td>
            ) : null}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

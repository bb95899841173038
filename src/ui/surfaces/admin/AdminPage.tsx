/**
 * Jira admin page: the organisation's department directory, then the approval settings. Everyone
 * may read them; Jira administrators add, rename and remove departments, choose each head and
 * default delegate, and change the settings.
 */
import { useCallback, useEffect, useState } from 'react';
import Heading from '@atlaskit/heading';
import { SectionMessage } from '../../components/SectionMessage';
import { Stack } from '@atlaskit/primitives/compiled/stack';
import { Text } from '@atlaskit/primitives/compiled/text';
import type { AppError, DepartmentView, DirectoryView } from '../../../contract';
import { call } from '../../invoke';
import { useTranslator } from '../../i18n';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Loading } from '../../components/Loading';
import { DepartmentEditor } from './DepartmentEditor';
import { DepartmentTable } from './DepartmentTable';
import { SettingsSection } from './SettingsSection';
import './admin.css';
import { confirmWithFlag } from '../../components/flags';

type State =
  | { status: 'loading' }
  | { status: 'failed'; error: AppError }
  | { status: 'ready'; directory: DirectoryView };

/** Reads nothing from the context: the directory is the same wherever it is shown. */
export default function AdminPage() {
  const { t } = useTranslator();
  const [state, setState] = useState<State>({ status: 'loading' });
  const [editing, setEditing] = useState<DepartmentView | null>(null);
  const [notice, setNotice] = useState<AppError | null>(null);
  const [announcement, setAnnouncement] = useState('');

  const load = useCallback(async (): Promise<void> => {
    const answer = await call('directory/list', {});
    setState(
      answer.ok
        ? { status: 'ready', directory: answer.data }
        : { status: 'failed', error: answer.error },
    );
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  const afterChange = useCallback(
    async (message: string): Promise<void> => {
      setEditing(null);
      setNotice(null);
      setAnnouncement(message);
      confirmWithFlag(message);
      await load();
    },
    [load],
  );

  /** Someone else changed or removed it: say so and show the directory as it is now. */
  const onStale = useCallback(
    async (error: AppError): Promise<void> => {
      setEditing(null);
      setNotice(error);
      await load();
    },
    [load],
  );

  if (state.status === 'loading') return <Loading label={t('admin.loading')} />;
  if (state.status === 'failed') {
    return (
      <div className="rc-inset-300">
        <ErrorMessage
          title={t('admin.loadFailed')}
          error={state.error}
          onRetry={() => {
            setState({ status: 'loading' });
            void load();
          }}
        />
      </div>
    );
  }

  const { directory } = state;
  // Who cannot open a rollout their department is in, as the list (or the save before it) checked.
  const unreachable = directory.departments.filter(
    (department) => (department.browseWarnings ?? []).length > 0,
  );
  return (
    <div className="rc-inset-300">
      <Stack space="space.300">
        <Stack space="space.100">
          <Heading size="large" as="h1">
            {t('admin.title')}
          </Heading>
          <Text as="p" color="color.text.subtle">
            {t('admin.intro')}
          </Text>
        </Stack>
        {directory.canManage ? null : (
          <SectionMessage appearance="information">
            <p>{t('admin.readOnly')}</p>
          </SectionMessage>
        )}
        {notice ? <ErrorMessage error={notice} /> : null}
        {unreachable.length > 0 ? (
          <SectionMessage appearance="warning">
            {unreachable.flatMap((department) =>
              (department.browseWarnings ?? []).map((warning) => (
                <p key={`${department.id}-${warning.person.accountId}`}>
                  {t('admin.cannotBrowse', {
                    person: warning.person.displayName,
                    issues: warning.issueKeys.join(', '),
                    name: department.name,
                  })}
                </p>
              )),
            )}
          </SectionMessage>
        ) : null}
        {directory.reachUnchecked ? (
          <SectionMessage appearance="information">
            <p>{t('admin.reachUnchecked', { count: directory.reachUnchecked })}</p>
          </SectionMessage>
        ) : null}
        <DepartmentTable
          departments={directory.departments}
          canManage={directory.canManage}
          editingId={editing?.id ?? null}
          onEdit={(department) => {
            setNotice(null);
            setEditing(department);
          }}
          onRemoved={(department) => afterChange(t('admin.removed', { name: department.name }))}
          onStale={onStale}
        />
        {directory.canManage ? (
          directory.departments.length >= directory.limit && !editing ? (
            <SectionMessage appearance="warning">
              <p>{t('admin.full', { max: directory.limit })}</p>
            </SectionMessage>
          ) : (
            <DepartmentEditor
              key={editing ? `${editing.id}-${editing.version}` : 'new'}
              department={editing}
              onSaved={(department, created) =>
                afterChange(t(created ? 'admin.added' : 'admin.saved', { name: department.name }))
              }
              onCancel={() => {
                setEditing(null);
              }}
              onStale={onStale}
            />
          )
        ) : null}
        <div aria-live="polite" role="status" className="rc-visually-hidden">
          {announcement}
        </div>
        <SettingsSection />
      </Stack>
    </div>
  );
}

/**
 * The settings on the admin page: how often pending approvals are reminded, how many times at
 * most, whether whoever requested approval may also approve, and after how many days an
 * unacknowledged problem reminds the coordinator (then escalates to the head), and how far behind
 * plan the progress gadget calls a phase or department at risk or off track. Jira
 * administrators change them; everyone else reads them.
 */
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import Button from '@atlaskit/button/new';
import Heading from '@atlaskit/heading';
import Textfield from '@atlaskit/textfield';
import { Inline } from '@atlaskit/primitives/compiled/inline';
import { Stack } from '@atlaskit/primitives/compiled/stack';
import { Text } from '@atlaskit/primitives/compiled/text';
import type { AppError, SettingsView } from '../../../contract';
import {
  SETTING_BOUNDS,
  settingIssue,
  thresholdsIssue,
  type NumberSetting,
} from '../../../domain/rules/approvals';
import { issuesAt } from '../../../domain/rules/issue';
import { call } from '../../invoke';
import { useTranslator } from '../../i18n';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Loading } from '../../components/Loading';
import {
  describedBy,
  FieldError,
  FieldHelp,
  FieldLabel,
  useFieldErrors,
  formFields,
  SavingNote,
} from '../../components/Field';
import { typedNumber } from '../../components/numbers';
import { confirmWithFlag } from '../../components/flags';

/** Each field's element id, in the form's order. */
const ids = {
  reminderCadenceDays: 'settings-cadence',
  maxReminders: 'settings-max-reminders',
  allowSelfApproval: 'settings-self-approval',
  problemReminderDays: 'settings-problem-cadence',
  atRiskGap: 'settings-at-risk-gap',
  offTrackGap: 'settings-off-track-gap',
} as const;
const { place, order } = formFields(ids, {
  'progressThresholds.atRiskGap': 'atRiskGap',
  'progressThresholds.offTrackGap': 'offTrackGap',
});

type State =
  | { status: 'loading' }
  | { status: 'failed'; error: AppError }
  | { status: 'ready'; settings: SettingsView };

function SettingsForm(props: {
  settings: SettingsView;
  onSaved: (settings: SettingsView) => void;
  onStale: (error: AppError) => Promise<void>;
}) {
  const { t } = useTranslator();
  const { settings } = props;
  const [cadence, setCadence] = useState(String(settings.reminderCadenceDays));
  const [reminders, setReminders] = useState(String(settings.maxReminders));
  const [selfApproval, setSelfApproval] = useState(settings.allowSelfApproval);
  const [problemDays, setProblemDays] = useState(String(settings.problemReminderDays));
  const [atRisk, setAtRisk] = useState(String(settings.progressThresholds.atRiskGap));
  const [offTrack, setOffTrack] = useState(String(settings.progressThresholds.offTrackGap));
  const fields = useFieldErrors(order);
  const { errors } = fields;
  const [error, setError] = useState<AppError | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (): Promise<void> => {
    setError(null);
    const reminderCadenceDays = typedNumber(cadence) ?? Number.NaN;
    const maxReminders = typedNumber(reminders) ?? Number.NaN;
    const problemReminderDays = typedNumber(problemDays) ?? Number.NaN;
    const progressThresholds = {
      atRiskGap: typedNumber(atRisk) ?? Number.NaN,
      offTrackGap: typedNumber(offTrack) ?? Number.NaN,
    };
    const gapIssues = [
      ...issuesAt('atRiskGap', settingIssue('atRiskGap', progressThresholds.atRiskGap)),
      ...issuesAt('offTrackGap', settingIssue('offTrackGap', progressThresholds.offTrackGap)),
    ];
    const issues = [
      ...gapIssues,
      ...(gapIssues.length === 0 ? issuesAt('', thresholdsIssue(progressThresholds)) : []),
      ...issuesAt('reminderCadenceDays', settingIssue('reminderCadenceDays', reminderCadenceDays)),
      ...issuesAt('maxReminders', settingIssue('maxReminders', maxReminders)),
      ...issuesAt('problemReminderDays', settingIssue('problemReminderDays', problemReminderDays)),
    ];
    if (fields.showIssues(issues, place)) return;
    setBusy(true);
    const answer = await call('settings/update', {
      reminderCadenceDays,
      maxReminders,
      allowSelfApproval: selfApproval,
      problemReminderDays,
      progressThresholds,
      version: settings.version,
    });
    setBusy(false);
    if (answer.ok) {
      props.onSaved(answer.data);
      return;
    }
    if (answer.error.code === 'CONFLICT') {
      await props.onStale(answer.error);
      return;
    }
    if (!fields.showAnswer(answer.error, place)) setError(answer.error);
  };

  const onSubmit = (event: FormEvent): void => {
    event.preventDefault();
    if (!busy) void submit();
  };

  const number = (field: NumberSetting) => {
    const bounds = SETTING_BOUNDS[field];
    const [value, set] = {
      reminderCadenceDays: [cadence, setCadence] as const,
      maxReminders: [reminders, setReminders] as const,
      problemReminderDays: [problemDays, setProblemDays] as const,
      atRiskGap: [atRisk, setAtRisk] as const,
      offTrackGap: [offTrack, setOffTrack] as const,
    }[field];
    const id = ids[field];
    return (
      <Stack space="space.050">
        <FieldLabel htmlFor={id}>{t(`settings.${field}`)}</FieldLabel>
        <FieldHelp id={`${id}-help`}>
          {t(`settings.${field}Help`, { min: bounds.min, max: bounds.max })}
        </FieldHelp>
        <div className="rc-number-input">
          <Textfield
            id={id}
            type="number"
            inputMode="numeric"
            min={bounds.min}
            max={bounds.max}
            value={value}
            isInvalid={Boolean(errors[field])}
            aria-describedby={describedBy(`${id}-help`, errors[field] && `${id}-error`)}
            onChange={(event) => {
              set(event.currentTarget.value);
            }}
          />
        </div>
        <FieldError id={`${id}-error`} text={errors[field]} />
      </Stack>
    );
  };

  return (
    <form onSubmit={onSubmit} noValidate aria-labelledby="settings-title">
      <Stack space="space.200">
        {error ? <ErrorMessage error={error} /> : null}
        {number('reminderCadenceDays')}
        {number('maxReminders')}
        <Stack space="space.050">
          <Inline space="space.100" alignBlock="center">
            <input
              type="checkbox"
              className="rc-checkbox"
              id={ids.allowSelfApproval}
              checked={selfApproval}
              aria-describedby={`${ids.allowSelfApproval}-help`}
              onChange={(event) => {
                setSelfApproval(event.currentTarget.checked);
              }}
            />
            <label htmlFor={ids.allowSelfApproval}>{t('settings.allowSelfApproval')}</label>
          </Inline>
          <FieldHelp id={`${ids.allowSelfApproval}-help`}>
            {t('settings.allowSelfApprovalHelp')}
          </FieldHelp>
        </Stack>
        {number('problemReminderDays')}
        <Heading size="xsmall" as="h3">
          {t('settings.progressTitle')}
        </Heading>
        {number('atRiskGap')}
        {number('offTrackGap')}
        <Inline space="space.100" alignBlock="center">
          <Button appearance="primary" type="submit" isLoading={busy}>
            {t('settings.save')}
          </Button>
          <SavingNote busy={busy} />
        </Inline>
      </Stack>
    </form>
  );
}

function SettingsReadOnly(props: { settings: SettingsView }) {
  const { t } = useTranslator();
  const { settings } = props;
  const rows: [string, string][] = [
    [t('settings.reminderCadence'), t('settings.days', { count: settings.reminderCadenceDays })],
    [t('settings.maxReminders'), String(settings.maxReminders)],
    [
      t('settings.allowSelfApproval'),
      settings.allowSelfApproval ? t('settings.allowed') : t('settings.notAllowed'),
    ],
    [t('settings.problemCadence'), t('settings.days', { count: settings.problemReminderDays })],
    [
      t('settings.atRiskGap'),
      t('settings.points', { count: settings.progressThresholds.atRiskGap }),
    ],
    [
      t('settings.offTrackGap'),
      t('settings.points', { count: settings.progressThresholds.offTrackGap }),
    ],
  ];
  return (
    <Stack space="space.100">
      <Text color="color.text.subtle">{t('settings.readOnly')}</Text>
      <dl className="rc-definitions">
        {rows.map(([term, value]) => (
          <div key={term}>
            <dt>{term}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
    </Stack>
  );
}

export function SettingsSection() {
  const { t } = useTranslator();
  const [state, setState] = useState<State>({ status: 'loading' });
  const [notice, setNotice] = useState<AppError | null>(null);
  const [announcement, setAnnouncement] = useState('');

  const load = useCallback(async (): Promise<void> => {
    const answer = await call('settings/get', {});
    setState(
      answer.ok
        ? { status: 'ready', settings: answer.data }
        : { status: 'failed', error: answer.error },
    );
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  let body;
  if (state.status === 'loading') body = <Loading label={t('settings.loading')} />;
  else if (state.status === 'failed') {
    body = (
      <ErrorMessage
        title={t('settings.loadFailed')}
        error={state.error}
        onRetry={() => {
          setState({ status: 'loading' });
          void load();
        }}
      />
    );
  } else if (state.settings.canManage) {
    body = (
      <SettingsForm
        key={state.settings.version}
        settings={state.settings}
        onSaved={(settings) => {
          setNotice(null);
          setAnnouncement(t('settings.saved'));
          confirmWithFlag(t('settings.saved'));
          setState({ status: 'ready', settings });
        }}
        onStale={async (error) => {
          setNotice(error);
          await load();
        }}
      />
    );
  } else body = <SettingsReadOnly settings={state.settings} />;

  return (
    <section aria-labelledby="settings-title" className="rc-panel">
      <Stack space="space.200">
        <Stack space="space.050">
          <Heading size="small" as="h2" id="settings-title">
            {t('settings.title')}
          </Heading>
          <Text color="color.text.subtle">{t('settings.intro')}</Text>
        </Stack>
        {notice ? <ErrorMessage error={notice} /> : null}
        {body}
        <div aria-live="polite" role="status" className="rc-visually-hidden">
          {announcement}
        </div>
      </Stack>
    </section>
  );
}

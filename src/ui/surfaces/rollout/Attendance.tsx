/**
 * A session's attendance on its issue's Rollout panel: how many attended against the seats, who
 * (and who confirmed it themself), the flag the owner and the coordinator act on, and the
 * controls: recording the list (the owner, the coordinator, a Jira admin) and confirming one's
 * own attendance. Each answers the panel as it now is.
 */
import { useState } from 'react';
import Button from '@atlaskit/button/new';
import Heading from '@atlaskit/heading';
import { Lozenge } from '../../components/Lozenge';
import { SectionMessage } from '../../components/SectionMessage';
import { Inline } from '@atlaskit/primitives/compiled/inline';
import { Stack } from '@atlaskit/primitives/compiled/stack';
import { Text } from '@atlaskit/primitives/compiled/text';
import type { AppError, RolloutPanelView, SessionAttendanceView } from '../../../contract';
import { call } from '../../invoke';
import { useTranslator } from '../../i18n';
import { ErrorMessage } from '../../components/ErrorMessage';
import { UserPicker, type UserOption } from '../../components/UserPicker';
import { formatDay } from '../../components/dates';

type Attendee = SessionAttendanceView['attendees'][number];

function nameOf(attendee: Pick<Attendee, 'displayName' | 'accountId'>): string {
  return attendee.displayName || attendee.accountId;
}

/** Editing the list: the people picked so far, saved as a whole at the version read. */
function RecordForm(props: {
  sessionId: string;
  attendance: SessionAttendanceView;
  onSaved: (view: RolloutPanelView) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslator();
  const [picked, setPicked] = useState<UserOption[]>(
    props.attendance.attendees.map((a) => ({ label: nameOf(a), value: a.accountId })),
  );
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppError | null>(null);

  const save = async () => {
    setBusy(true);
    setError(null);
    const answer = await call('attendance/record', {
      sessionId: props.sessionId,
      attendeeAccountIds: picked.map((option) => option.value),
      version: props.attendance.version,
    });
    setBusy(false);
    if (answer.ok) props.onSaved(answer.data);
    else setError(answer.error);
  };

  return (
    <Stack space="space.100">
      <UserPicker
        inputId={`attendee-${props.sessionId}`}
        label={t('rolloutPanel.attendance.add')}
        value={null}
        onChange={(option) => {
          if (option && !picked.some((p) => p.value === option.value)) {
            setPicked([...picked, option]);
          }
        }}
      />
      {picked.length === 0 ? (
        <Text color="color.text.subtle">{t('rolloutPanel.attendance.nobodyPicked')}</Text>
      ) : (
        <ul className="rc-rp-list" aria-label={t('rolloutPanel.attendance.picked')}>
          {picked.map((option) => (
            <li key={option.value}>
              <Inline space="space.100" alignBlock="center">
                <Text>{option.label}</Text>
                <Button
                  appearance="subtle"
                  spacing="compact"
                  aria-label={t('rolloutPanel.attendance.remove', { name: option.label })}
                  onClick={() => {
                    setPicked(picked.filter((p) => p.value !== option.value));
                  }}
                >
                  {t('rolloutPanel.attendance.removeShort')}
                </Button>
              </Inline>
            </li>
          ))}
        </ul>
      )}
      {picked.length > props.attendance.capacity ? (
        <Text color="color.text.warning">
          {t('rolloutPanel.attendance.pastCapacity', {
            count: picked.length,
            capacity: props.attendance.capacity,
          })}
        </Text>
      ) : null}
      <Inline space="space.100">
        <Button
          appearance="primary"
          isDisabled={busy}
          onClick={() => {
            void save();
          }}
        >
          {busy ? t('rolloutPanel.attendance.saving') : t('rolloutPanel.attendance.save')}
        </Button>
        <Button appearance="subtle" isDisabled={busy} onClick={props.onCancel}>
          {t('rolloutPanel.cancel')}
        </Button>
      </Inline>
      {error ? <ErrorMessage error={error} /> : null}
    </Stack>
  );
}

export function AttendanceSection(props: {
  sessionId: string;
  date: string;
  attendance: SessionAttendanceView;
  onChanged: (view: RolloutPanelView, announcement: string) => void;
}) {
  const { t, locale } = useTranslator();
  const { attendance } = props;
  const [editing, setEditing] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<AppError | null>(null);
  const headingId = `attendance-${props.sessionId}`;

  const confirm = async () => {
    setConfirming(true);
    setError(null);
    const answer = await call('attendance/confirm', { sessionId: props.sessionId });
    setConfirming(false);
    if (answer.ok) props.onChanged(answer.data, t('rolloutPanel.attendance.confirmedDone'));
    else setError(answer.error);
  };

  return (
    <section aria-labelledby={headingId}>
      <Stack space="space.100">
        <Inline space="space.100" alignBlock="center" shouldWrap>
          <Heading size="xsmall" as="h3" id={headingId}>
            {t('rolloutPanel.attendance.title')}
          </Heading>
          <Text>
            {t('rolloutPanel.attendance.count', {
              count: attendance.count,
              capacity: attendance.capacity,
            })}
          </Text>
        </Inline>
        {attendance.flag ? (
          <SectionMessage appearance="warning">
            <p>
              {attendance.flag === 'over-capacity'
                ? t('rolloutPanel.attendance.flag.overCapacity', {
                    count: attendance.count,
                    capacity: attendance.capacity,
                  })
                : t('rolloutPanel.attendance.flag.notRecorded')}
            </p>
          </SectionMessage>
        ) : null}
        {!attendance.held ? (
          <Text color="color.text.subtle">
            {t('rolloutPanel.attendance.opensOn', { date: formatDay(locale, props.date) })}
          </Text>
        ) : attendance.attendees.length === 0 ? (
          <Text color="color.text.subtle">{t('rolloutPanel.attendance.none')}</Text>
        ) : (
          <ul className="rc-rp-list" aria-labelledby={headingId}>
            {attendance.attendees.map((attendee) => (
              <li key={attendee.accountId}>
                {nameOf(attendee)}{' '}
                {attendee.confirmed ? (
                  <Lozenge appearance="success">{t('rolloutPanel.attendance.confirmed')}</Lozenge>
                ) : null}
              </li>
            ))}
          </ul>
        )}
        {attendance.held && !editing ? (
          <Inline space="space.100" shouldWrap>
            {attendance.canRecord ? (
              <Button
                onClick={() => {
                  setEditing(true);
                }}
              >
                {t('rolloutPanel.attendance.record')}
              </Button>
            ) : null}
            {attendance.confirmedByMe ? (
              <Text color="color.text.subtle">{t('rolloutPanel.attendance.youConfirmed')}</Text>
            ) : (
              <Button
                isDisabled={confirming}
                onClick={() => {
                  void confirm();
                }}
              >
                {confirming
                  ? t('rolloutPanel.attendance.confirming')
                  : t('rolloutPanel.attendance.confirm')}
              </Button>
            )}
          </Inline>
        ) : null}
        {editing ? (
          <RecordForm
            sessionId={props.sessionId}
            attendance={attendance}
            onSaved={(view) => {
              setEditing(false);
              props.onChanged(view, t('rolloutPanel.attendance.saved'));
            }}
            onCancel={() => {
              setEditing(false);
            }}
          />
        ) : null}
        {error ? <ErrorMessage error={error} /> : null}
      </Stack>
    </section>
  );
}

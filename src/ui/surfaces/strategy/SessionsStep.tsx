/**
 * Step 4: training and support sessions as a compact table (one row per session: kind, title,
 * owner, phase, date and start, length, place or meeting link, seats, the departments it is for,
 * audience), usable with dozens of rows: rows are memoised so typing in one does not redraw the
 * others, and each row can be duplicated (same session on another date) or removed. Every input
 * is named by its column and row for screen readers. A new row is for no department until the
 * user says which (or all of them).
 */
import { memo, useCallback, useMemo } from 'react';
import Button from '@atlaskit/button/new';
import Select from '@atlaskit/select';
import Textfield from '@atlaskit/textfield';
import { DateInput } from '../../components/DateInput';
import { TimeInput } from '../../components/TimeInput';
import { Inline } from '@atlaskit/primitives/compiled/inline';
import { Stack } from '@atlaskit/primitives/compiled/stack';
import { Text } from '@atlaskit/primitives/compiled/text';
import type { DepartmentOption } from '../../../contract';
import {
  PLAN_SESSIONS_MAX,
  PLAN_TEXT_MAX,
  SESSION_CAPACITY_MAX,
  SESSION_DURATION_MAX,
  SESSION_DURATION_MIN,
  SESSION_PLACE_MAX,
} from '../../../domain/limits';
import { UserPicker } from '../../components/UserPicker';
import { useTranslator } from '../../i18n';
import { selectLiveMessages } from '../../components/select-live';
import { NearLimitCount } from '../../components/CharacterCount';
import { describedBy, FieldError, focusFirst, focusLater } from '../../components/Field';
import { isIsoDay } from '../../../domain/rules/dates';
import { SESSION_KINDS } from '../../../domain/rules/plan';
import {
  fieldIds,
  isSessionField,
  newId,
  type Draft,
  type DraftSession,
  type Errors,
  type SessionField,
} from './draft';
import type { StepProps } from './steps';

type Change = (id: string, change: Partial<DraftSession>) => void;

interface PhaseChoice {
  id: string;
  label: string;
  start: string;
  end: string;
}

/** An option of the row's selects: a session kind, a phase or a department. */
interface Choice {
  label: string;
  value: string;
}

type RowErrors = Partial<Record<SessionField, string>>;

/** A cell's own error line, tied to its input. */
function CellError(props: { id: string; text: string | undefined }) {
  return <FieldError id={`${props.id}-error`} text={props.text} />;
}

const SessionRow = memo(function SessionRow(props: {
  session: DraftSession;
  number: number;
  phases: readonly PhaseChoice[];
  departments: readonly Choice[];
  /** This row's errors by field (`title`, `date`…). */
  errors: RowErrors;
  onChange: Change;
  onDuplicate: (id: string) => void;
  onRemove: (id: string, number: number) => void;
}) {
  const { t } = useTranslator();
  const { session, number, errors, onChange } = props;
  const id = (field: SessionField | 'allDepartments') => fieldIds.session(session.id, field);
  const phase = props.phases.find((candidate) => candidate.id === session.phaseId);
  const kinds: Choice[] = SESSION_KINDS.map((kind) => ({
    value: kind,
    label: t(`plan.kind.${kind}`),
  }));
  const phases: Choice[] = props.phases.map((candidate) => ({
    value: candidate.id,
    label: candidate.label,
  }));
  return (
    <tr>
      <th scope="row" className="rc-st-rownum">
        {number}
      </th>
      <td data-label={t('strategy.sessions.kind')}>
        <Select<Choice>
          inputId={id('kind')}
          label={t('strategy.sessions.kindOf', { number })}
          spacing="compact"
          options={kinds}
          value={kinds.find((choice) => choice.value === session.kind) ?? null}
          isInvalid={Boolean(errors.kind)}
          {...(errors.kind ? { descriptionId: `${id('kind')}-error` } : {})}
          // Over the page: the table scrolls and would clip the menu.
          menuPortalTarget={document.body}
          {...selectLiveMessages(t)}
          onChange={(chosen) => {
            const kind = SESSION_KINDS.find((candidate) => candidate === chosen?.value);
            if (kind) onChange(session.id, { kind });
          }}
        />
        <CellError id={id('kind')} text={errors.kind} />
      </td>
      <td className="rc-st-title" data-label={t('strategy.sessions.title')}>
        <Textfield
          id={id('title')}
          isCompact
          value={session.title}
          isInvalid={Boolean(errors.title)}
          aria-label={t('strategy.sessions.titleOf', { number })}
          aria-describedby={describedBy(errors.title && `${id('title')}-error`)}
          placeholder={t('strategy.sessions.titlePlaceholder')}
          onChange={(event) => {
            onChange(session.id, { title: event.currentTarget.value });
          }}
        />
        <NearLimitCount id={`${id('title')}-count`} value={session.title} max={PLAN_TEXT_MAX} />
        <CellError id={id('title')} text={errors.title} />
      </td>
      <td className="rc-st-owner" data-label={t('strategy.sessions.owner')}>
        <UserPicker
          inputId={id('ownerAccountId')}
          label={t('strategy.sessions.ownerOf', { number })}
          value={
            session.ownerAccountId === ''
              ? null
              : { value: session.ownerAccountId, label: session.ownerName }
          }
          invalid={Boolean(errors.ownerAccountId)}
          {...(errors.ownerAccountId ? { describedBy: `${id('ownerAccountId')}-error` } : {})}
          menuInPortal
          onChange={(picked) => {
            onChange(session.id, {
              ownerAccountId: picked?.value ?? '',
              ownerName: picked?.label ?? '',
            });
          }}
        />
        <CellError id={id('ownerAccountId')} text={errors.ownerAccountId} />
      </td>
      <td data-label={t('strategy.sessions.phase')}>
        <Select<Choice>
          inputId={id('phaseId')}
          label={t('strategy.sessions.phaseOf', { number })}
          spacing="compact"
          options={phases}
          value={phases.find((choice) => choice.value === session.phaseId) ?? null}
          placeholder={t('strategy.sessions.choose')}
          isInvalid={Boolean(errors.phaseId)}
          {...(errors.phaseId ? { descriptionId: `${id('phaseId')}-error` } : {})}
          menuPortalTarget={document.body}
          {...selectLiveMessages(t)}
          onChange={(chosen) => {
            const phaseId = chosen?.value ?? '';
            const next = props.phases.find((candidate) => candidate.id === phaseId);
            // A date outside the new phase moves to its first day, so the row stays valid.
            const keepDate =
              !next ||
              !isIsoDay(next.start) ||
              (session.date >= next.start && session.date <= next.end);
            onChange(session.id, { phaseId, ...(keepDate ? {} : { date: next.start }) });
          }}
        />
        <CellError id={id('phaseId')} text={errors.phaseId} />
      </td>
      <td className="rc-st-date-cell" data-label={t('strategy.sessions.date')}>
        <DateInput
          id={id('date')}
          compact
          value={session.date}
          invalid={Boolean(errors.date)}
          {...(phase && isIsoDay(phase.start) ? { minDate: phase.start } : {})}
          {...(phase && isIsoDay(phase.end) ? { maxDate: phase.end } : {})}
          label={t('strategy.sessions.dateOf', { number })}
          describedBy={describedBy(errors.date && `${id('date')}-error`)}
          onChange={(date) => {
            onChange(session.id, { date });
          }}
        />
        <CellError id={id('date')} text={errors.date} />
      </td>
      <td className="rc-st-time-cell" data-label={t('strategy.sessions.time')}>
        <TimeInput
          id={id('startTime')}
          compact
          value={session.startTime}
          invalid={Boolean(errors.startTime)}
          label={t('strategy.sessions.timeOf', { number })}
          describedBy={describedBy(errors.startTime && `${id('startTime')}-error`)}
          onChange={(startTime) => {
            onChange(session.id, { startTime });
          }}
        />
        <CellError id={id('startTime')} text={errors.startTime} />
      </td>
      <td className="rc-st-number-cell" data-label={t('strategy.sessions.duration')}>
        <Textfield
          id={id('durationMinutes')}
          type="number"
          inputMode="numeric"
          isCompact
          min={SESSION_DURATION_MIN}
          max={SESSION_DURATION_MAX}
          step={5}
          value={session.durationMinutes}
          isInvalid={Boolean(errors.durationMinutes)}
          aria-label={t('strategy.sessions.durationOf', { number })}
          aria-describedby={describedBy(errors.durationMinutes && `${id('durationMinutes')}-error`)}
          onChange={(event) => {
            onChange(session.id, { durationMinutes: event.currentTarget.value });
          }}
        />
        <CellError id={id('durationMinutes')} text={errors.durationMinutes} />
      </td>
      <td className="rc-st-place-cell" data-label={t('strategy.sessions.place')}>
        <Textfield
          id={id('place')}
          isCompact
          value={session.place}
          isInvalid={Boolean(errors.place)}
          aria-label={t('strategy.sessions.placeOf', { number })}
          aria-describedby={describedBy(errors.place && `${id('place')}-error`)}
          placeholder={t('strategy.sessions.placePlaceholder')}
          onChange={(event) => {
            onChange(session.id, { place: event.currentTarget.value });
          }}
        />
        <NearLimitCount id={`${id('place')}-count`} value={session.place} max={SESSION_PLACE_MAX} />
        <CellError id={id('place')} text={errors.place} />
      </td>
      <td className="rc-st-number-cell" data-label={t('strategy.sessions.capacity')}>
        <Textfield
          id={id('capacity')}
          type="number"
          inputMode="numeric"
          isCompact
          min={1}
          max={SESSION_CAPACITY_MAX}
          value={session.capacity}
          isInvalid={Boolean(errors.capacity)}
          aria-label={t('strategy.sessions.capacityOf', { number })}
          aria-describedby={describedBy(errors.capacity && `${id('capacity')}-error`)}
          onChange={(event) => {
            onChange(session.id, { capacity: event.currentTarget.value });
          }}
        />
        <CellError id={id('capacity')} text={errors.capacity} />
      </td>
      <td className="rc-st-audience" data-label={t('strategy.sessions.departments')}>
        <Stack space="space.050">
          <label className="rc-st-check" htmlFor={id('allDepartments')}>
            <input
              id={id('allDepartments')}
              type="checkbox"
              checked={session.allDepartments}
              aria-label={t('strategy.sessions.allDepartmentsOf', { number })}
              onChange={(event) => {
                const all = event.currentTarget.checked;
                onChange(session.id, {
                  allDepartments: all,
                  ...(all ? { departmentIds: [] } : {}),
                });
              }}
            />
            <span>{t('strategy.sessions.allDepartments')}</span>
          </label>
          {session.allDepartments ? null : props.departments.length === 0 ? (
            <Text size="small" color="color.text.subtle">
              {t('strategy.sessions.noDepartments')}
            </Text>
          ) : (
            <Select<Choice, true>
              inputId={id('departmentIds')}
              label={t('strategy.sessions.departmentsOf', { number })}
              isMulti
              spacing="compact"
              options={props.departments}
              value={props.departments.filter((choice) =>
                session.departmentIds.includes(choice.value),
              )}
              isInvalid={Boolean(errors.departmentIds)}
              {...(errors.departmentIds ? { descriptionId: `${id('departmentIds')}-error` } : {})}
              placeholder={t('strategy.sessions.departmentsPlaceholder')}
              // Over the page: the table scrolls and would clip the menu.
              menuPortalTarget={document.body}
              {...selectLiveMessages(t)}
              onChange={(chosen) => {
                onChange(session.id, { departmentIds: chosen.map((choice) => choice.value) });
              }}
            />
          )}
          <CellError id={id('departmentIds')} text={errors.departmentIds} />
        </Stack>
      </td>
      <td className="rc-st-wide" data-label={t('strategy.sessions.audience')}>
        <Textfield
          id={id('audience')}
          isCompact
          value={session.audience}
          isInvalid={Boolean(errors.audience)}
          aria-label={t('strategy.sessions.audienceOf', { number })}
          aria-describedby={describedBy(errors.audience && `${id('audience')}-error`)}
          placeholder={t('strategy.sessions.audiencePlaceholder')}
          onChange={(event) => {
            onChange(session.id, { audience: event.currentTarget.value });
          }}
        />
        <NearLimitCount
          id={`${id('audience')}-count`}
          value={session.audience}
          max={PLAN_TEXT_MAX}
        />
        <CellError id={id('audience')} text={errors.audience} />
      </td>
      <td className="rc-st-actions">
        <Stack space="space.0">
          <Button
            appearance="subtle"
            spacing="compact"
            aria-label={t('strategy.sessions.duplicateOf', { number })}
            onClick={() => {
              props.onDuplicate(session.id);
            }}
          >
            {t('strategy.sessions.duplicate')}
          </Button>
          <Button
            appearance="subtle"
            spacing="compact"
            data-action="remove"
            aria-label={t('strategy.sessions.removeOf', { number })}
            onClick={() => {
              props.onRemove(session.id, number);
            }}
          >
            {t('strategy.remove')}
          </Button>
        </Stack>
      </td>
    </tr>
  );
});

/** This row's errors, picked out of the flow's (`session:<id>:<field>` keys). */
function rowErrors(errors: Errors, sessionId: string): RowErrors {
  const prefix = `session:${sessionId}:`;
  const found: RowErrors = {};
  for (const [key, text] of Object.entries(errors)) {
    const field = key.startsWith(prefix) ? key.slice(prefix.length) : '';
    if (isSessionField(field) && text !== undefined) found[field] = text;
  }
  return found;
}

/** The same object for rows without errors, so their memoised rows are not redrawn. */
const NO_ERRORS: RowErrors = {};

/**
 * A new row follows the last one's kind, phase, day, start and length (sessions come in series),
 * and asks for the rest: who runs it, where, how many seats, and for which departments.
 */
function newSession(draft: Draft): DraftSession {
  const last = draft.sessions[draft.sessions.length - 1];
  const phase = draft.phases.find((candidate) => candidate.id === last?.phaseId) ?? draft.phases[0];
  return {
    id: newId(),
    kind: last?.kind ?? 'training',
    title: '',
    phaseId: phase?.id ?? '',
    ownerAccountId: '',
    ownerName: '',
    date: last?.date ?? phase?.start ?? '',
    startTime: last?.startTime ?? '09:00',
    durationMinutes: last?.durationMinutes ?? '60',
    place: '',
    capacity: '',
    departmentIds: [],
    allDepartments: false,
    audience: '',
  };
}

export function SessionsStep(
  props: StepProps & { options: DepartmentOption[]; announce: (message: string) => void },
) {
  const { t, locale } = useTranslator();
  const { draft, errors, update, announce } = props;
  // Stable while their sources do not change, so the memoised rows skip redrawing.
  const departments = useMemo<Choice[]>(
    () =>
      props.options
        .filter((option) => option.id in draft.choices)
        .map((option) => ({ label: option.name, value: option.id })),
    [props.options, draft.choices],
  );
  const phases = useMemo<PhaseChoice[]>(
    () =>
      draft.phases.map((phase, index) => ({
        id: phase.id,
        label: phase.name.trim() || t('strategy.phases.untitled', { number: index + 1 }),
        start: phase.start,
        end: phase.end,
      })),
    [draft.phases, t],
  );
  const number = new Intl.NumberFormat(locale);

  const onChange = useCallback<Change>(
    (id, change) => {
      update((current) => ({
        ...current,
        sessions: current.sessions.map((session) =>
          session.id === id ? { ...session, ...change } : session,
        ),
      }));
    },
    [update],
  );

  const onDuplicate = useCallback(
    (id: string) => {
      const copy = { id: newId() };
      update((current) => {
        const at = current.sessions.findIndex((session) => session.id === id);
        const original = current.sessions[at];
        if (!original) return current;
        const sessions = [...current.sessions];
        sessions.splice(at + 1, 0, { ...original, ...copy });
        return { ...current, sessions };
      });
      announce(t('strategy.sessions.duplicated'));
      focusLater([fieldIds.session(copy.id, 'title')]);
    },
    [update, announce, t],
  );

  const onRemove = useCallback(
    (id: string, number: number) => {
      update((current) => ({
        ...current,
        sessions: current.sessions.filter((session) => session.id !== id),
      }));
      announce(t('strategy.sessions.removed', { number }));
      // Focus moves to the row that took its place (or the one before, or "Add a session").
      requestAnimationFrame(() => {
        const rows = document.querySelectorAll<HTMLElement>('.rc-st-table tbody tr');
        const row = rows[number - 1] ?? rows[number - 2];
        const button = row?.querySelector<HTMLElement>('[data-action="remove"]');
        if (button) button.focus();
        else focusFirst([fieldIds.addSession]);
      });
    },
    [update, announce, t],
  );

  const add = (): void => {
    const session = newSession(draft);
    update((current) => ({ ...current, sessions: [...current.sessions, session] }));
    announce(t('strategy.sessions.added', { number: draft.sessions.length + 1 }));
    focusLater([fieldIds.session(session.id, 'title')]);
  };

  const full = draft.sessions.length >= PLAN_SESSIONS_MAX;
  // A session happens within a phase: a plan without phases (set up on its Jira issue) adds one
  // first, on the previous step.
  const phaseless = draft.phases.length === 0;
  return (
    <Stack space="space.200">
      <Text color="color.text.subtle">{t('strategy.sessions.intro')}</Text>
      {draft.sessions.length === 0 ? (
        <div className="rc-st-empty">
          <Text>
            {phaseless ? t('strategy.sessions.needsPhase') : t('strategy.sessions.empty')}
          </Text>
        </div>
      ) : (
        <div
          className="rc-st-scroll rc-st-stacking"
          role="region"
          aria-labelledby="strategy-sessions-caption"
          // The region scrolls sideways on narrow screens: keyboard users need to reach it.
          tabIndex={0}
        >
          <table className="rc-st-table">
            <caption id="strategy-sessions-caption" className="rc-visually-hidden">
              {t('strategy.sessions.caption', { count: number.format(draft.sessions.length) })}
            </caption>
            <thead>
              <tr>
                <th scope="col">
                  <span className="rc-visually-hidden">{t('strategy.sessions.number')}</span>
                </th>
                <th scope="col">{t('strategy.sessions.kind')}</th>
                <th scope="col">{t('strategy.sessions.title')}</th>
                <th scope="col">{t('strategy.sessions.owner')}</th>
                <th scope="col">{t('strategy.sessions.phase')}</th>
                <th scope="col">{t('strategy.sessions.date')}</th>
                <th scope="col">{t('strategy.sessions.time')}</th>
                <th scope="col">{t('strategy.sessions.duration')}</th>
                <th scope="col">{t('strategy.sessions.place')}</th>
                <th scope="col">{t('strategy.sessions.capacity')}</th>
                <th scope="col">{t('strategy.sessions.departments')}</th>
                <th scope="col">{t('strategy.sessions.audience')}</th>
                <th scope="col">
                  <span className="rc-visually-hidden">{t('strategy.sessions.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {draft.sessions.map((session, index) => {
                const found = rowErrors(errors, session.id);
                return (
                  <SessionRow
                    key={session.id}
                    session={session}
                    number={index + 1}
                    phases={phases}
                    departments={departments}
                    errors={Object.keys(found).length > 0 ? found : NO_ERRORS}
                    onChange={onChange}
                    onDuplicate={onDuplicate}
                    onRemove={onRemove}
                  />
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <FieldError id="strategy-sessions-error" text={errors.sessions} />
      <Inline space="space.150" alignBlock="center" shouldWrap>
        <Button
          id={fieldIds.addSession}
          appearance="default"
          isDisabled={full || phaseless}
          aria-describedby={describedBy(errors.sessions && 'strategy-sessions-error')}
          onClick={add}
        >
          {t('strategy.sessions.add')}
        </Button>
        <Text size="small" color="color.text.subtlest">
          {full
            ? t('errors.plan.tooManySessions', { max: PLAN_SESSIONS_MAX })
            : t('strategy.sessions.count', {
                count: number.format(draft.sessions.length),
                max: number.format(PLAN_SESSIONS_MAX),
              })}
        </Text>
      </Inline>
    </Stack>
  );
}

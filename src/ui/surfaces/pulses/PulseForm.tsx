/**
 * The pulse form where an employee answers, anonymously: the five ADKAR questions on a 1–5
 * scale, their department and role, an optional comment. The same form serves the "Rollout
 * pulse" macro, the anchor's Rollout panel and a session issue's panel: the backend says from
 * the context whether there is a pulse to answer here, and whether the user answered it. Drawn
 * without Atlaskit's runtime (components/light, decision 0033): the macro may sit on a page
 * several times.
 */
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { SectionMessage } from '../../components/SectionMessage';
import type { AppError, PulseFormView } from '../../../contract';
import { PULSE_COMMENT_MAX, SCORE_SCALE } from '../../../domain/limits';
import { call } from '../../invoke';
import { useTranslator } from '../../i18n';
import { LazyErrorMessage as ErrorMessage } from '../../components/LazyErrorMessage';
import { Button } from '../../components/light/Button';
import { Loading } from '../../components/light/Spinner';
import { Heading, Inline, Stack, Text } from '../../components/light/Text';
import { TextArea } from '../../components/TextArea';
import { FieldError } from '../../components/Field';
import { formatDay } from '../../components/dates';
import { DepartmentChoice } from './DepartmentChoice';
import '../../components/form.css';
import './pulses.css';

type Open = Extract<PulseFormView, { kind: 'open' }>;
type Role = 'employee' | 'manager';

type Load =
  | { status: 'loading' }
  | { status: 'failed'; error: AppError }
  | { status: 'ready'; view: PulseFormView };

function Questions(props: { view: Open; onAnswered: (view: PulseFormView) => void }) {
  const { t, locale } = useTranslator();
  const { view } = props;
  // The server starts on the only department offered, or a session's own: never on one of several.
  const [departmentId, setDepartmentId] = useState(view.departmentId);
  const [role, setRole] = useState<Role>('employee');
  const [scores, setScores] = useState<Record<string, number>>({});
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const [missing, setMissing] = useState(false);
  const [error, setError] = useState<AppError | null>(null);

  const scored = view.elements.every((element) => scores[element] !== undefined);
  const complete = departmentId !== '' && scored;

  const send = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    const answer = await call('pulses/answer', {
      pulseId: view.pulse.id,
      departmentId,
      role,
      scores: {
        awareness: scores.awareness ?? 0,
        desire: scores.desire ?? 0,
        knowledge: scores.knowledge ?? 0,
        ability: scores.ability ?? 0,
        reinforcement: scores.reinforcement ?? 0,
      },
      comment,
    });
    setBusy(false);
    if (answer.ok) props.onAnswered(answer.data);
    else setError(answer.error);
  };

  const onSubmit = (event: FormEvent): void => {
    event.preventDefault();
    if (busy) return;
    if (!complete) {
      setMissing(true);
      return;
    }
    setMissing(false);
    void send();
  };

  return (
    <form noValidate onSubmit={onSubmit} aria-labelledby="pulse-title">
      <Stack space="space.200">
        <Stack space="space.050">
          <Heading as="h2" id="pulse-title">
            {t('pulses.form.title', { title: view.rollout.title })}
          </Heading>
          <Text size="small" color="color.text.subtle">
            {t('pulses.form.until', { to: formatDay(locale, view.pulse.to) })}
          </Text>
        </Stack>
        <SectionMessage appearance="information">
          <p>{t('pulses.form.anonymous')}</p>
        </SectionMessage>
        <Inline space="space.300" shouldWrap>
          <DepartmentChoice
            view={view}
            value={departmentId}
            onChange={setDepartmentId}
            missing={missing}
          />
          <fieldset className="rc-fieldset">
            <legend className="rc-field-label">{t('pulses.form.role')}</legend>
            <Inline space="space.200">
              {(['employee', 'manager'] as const).map((value) => (
                <label key={value} className="rc-pulse-choice">
                  <input
                    type="radio"
                    className="rc-radio"
                    name="pulse-role"
                    value={value}
                    checked={role === value}
                    onChange={() => {
                      setRole(value);
                    }}
                  />
                  {t(`pulses.form.roles.${value}`)}
                </label>
              ))}
            </Inline>
          </fieldset>
        </Inline>
        <ol className="rc-pulse-questions">
          {view.elements.map((element) => (
            <li key={element}>
              <fieldset
                className="rc-fieldset"
                aria-invalid={missing && scores[element] === undefined}
              >
                <legend className="rc-pulse-question">
                  <Text weight="semibold">{t(`pulses.elements.${element}`)}</Text>{' '}
                  <Text>{t(`pulses.form.questions.${element}`)}</Text>
                </legend>
                <div className="rc-pulse-scale">
                  {SCORE_SCALE.map((value) => (
                    <label key={value} className="rc-pulse-point">
                      <input
                        type="radio"
                        className="rc-radio"
                        name={`pulse-${element}`}
                        value={value}
                        checked={scores[element] === value}
                        onChange={() => {
                          setScores({ ...scores, [element]: value });
                        }}
                      />
                      <span>{value}</span>
                      <span className="rc-pulse-point-label">
                        {t(`pulses.form.scale.${String(value)}`)}
                      </span>
                    </label>
                  ))}
                </div>
              </fieldset>
            </li>
          ))}
        </ol>
        <TextArea
          id="pulse-comment"
          label={t('pulses.form.comment')}
          value={comment}
          onChange={setComment}
          max={PULSE_COMMENT_MAX}
          rows={3}
        />
        <FieldError
          id="pulse-missing"
          text={missing && !scored ? t('pulses.form.missing') : undefined}
        />
        {error ? <ErrorMessage error={error} /> : null}
        <Inline space="space.100">
          <Button appearance="primary" type="submit" isLoading={busy}>
            {t('pulses.form.submit')}
          </Button>
        </Inline>
      </Stack>
    </form>
  );
}

/**
 * The form, loaded from the context. `quiet`: in a panel, nothing at all is drawn when there is
 * nothing to answer (the macro says why instead).
 */
export function PulseForm(props: { quiet?: boolean }) {
  const { t, locale } = useTranslator();
  const [load, setLoad] = useState<Load>({ status: 'loading' });
  const [thanked, setThanked] = useState(false);

  const fetchForm = useCallback(async (): Promise<void> => {
    const answer = await call('pulses/form', {});
    setLoad(
      answer.ok
        ? { status: 'ready', view: answer.data }
        : { status: 'failed', error: answer.error },
    );
  }, []);

  useEffect(() => {
    void fetchForm();
  }, [fetchForm]);

  if (load.status === 'loading') {
    return props.quiet ? null : <Loading label={t('pulses.loading')} />;
  }
  if (load.status === 'failed') {
    return props.quiet ? null : (
      <ErrorMessage
        error={load.error}
        onRetry={() => {
          setLoad({ status: 'loading' });
          void fetchForm();
        }}
      />
    );
  }
  const { view } = load;
  if (view.kind === 'open' && !view.answered) {
    return (
      <Questions
        view={view}
        onAnswered={(next) => {
          setThanked(true);
          setLoad({ status: 'ready', view: next });
        }}
      />
    );
  }
  if (props.quiet && view.kind !== 'open') return null;
  return (
    <div role="status">
      {view.kind === 'open' ? (
        <SectionMessage appearance="success">
          <p>{thanked ? t('pulses.form.thanks') : t('pulses.form.answered')}</p>
        </SectionMessage>
      ) : view.kind === 'none' ? (
        <Text color="color.text.subtle">
          {t('pulses.form.none', { title: view.rollout.title })}
        </Text>
      ) : view.kind === 'notAsked' ? (
        <Text color="color.text.subtle">
          {t('pulses.form.notAsked', {
            title: view.rollout.title,
            departments: new Intl.ListFormat(locale, { type: 'conjunction' }).format(
              view.departments,
            ),
          })}
        </Text>
      ) : view.kind === 'unbound' ? (
        <Stack space="space.050">
          <Text>{t('pulses.form.unbound')}</Text>
          {view.canConfigure ? (
            <Text color="color.text.subtle">{t('pulses.form.unboundHelp')}</Text>
          ) : null}
        </Stack>
      ) : (
        <Text color="color.text.subtle">{t('pulses.form.hidden')}</Text>
      )}
    </div>
  );
}

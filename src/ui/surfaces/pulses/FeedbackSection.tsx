/**
 * "Feedback and readiness" on a rollout's anchor panel: the coordinator opens and closes pulses;
 * readers of readiness (the coordinator, heads, Jira admins) see each pulse's ADKAR means,
 * barrier point, score and trend per department, as the anonymity rules let them show, and the
 * comments they may read; supervisors and heads check in by name; whoever still has to answer an
 * open pulse finds its form here. Loaded after the panel draws, with one invoke.
 */
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import Button from '@atlaskit/button/new';
import Heading from '@atlaskit/heading';
import { Lozenge, type LozengeAppearance } from '../../components/Lozenge';
import { SectionMessage } from '../../components/SectionMessage';
import { Inline } from '@atlaskit/primitives/compiled/inline';
import { Stack } from '@atlaskit/primitives/compiled/stack';
import { Text } from '@atlaskit/primitives/compiled/text';
import type {
  AppError,
  Envelope,
  FeedbackView,
  PulseDepartmentView,
  PulseResultView,
  ReadinessView,
} from '../../../contract';
import { CHECK_IN_NOTE_MAX, SCORE_MAX, SCORE_SCALE } from '../../../domain/limits';
import { call } from '../../invoke';
import { useTranslator } from '../../i18n';
import { ErrorMessage } from '../../components/ErrorMessage';
import { InputField } from '../../components/InputField';
import { ChoiceSelect } from '../../components/ChoiceSelect';
import { Loading } from '../../components/Loading';
import { firstState } from '../../components/first-answer';
import { TextArea } from '../../components/TextArea';
import { formatDay, todayUtc } from '../../components/dates';
import { personName } from '../../components/words';
import { PulseForm } from './PulseForm';
import '../../components/form.css';
import './pulses.css';
import { WeightedText } from '../../components/WeightedText';

const ELEMENTS = ['awareness', 'desire', 'knowledge', 'ability', 'reinforcement'] as const;

const STATE_APPEARANCE: Record<PulseResultView['state'], LozengeAppearance> = {
  upcoming: 'new',
  open: 'inprogress',
  ended: 'default',
};

type Load =
  | { status: 'loading' }
  | { status: 'failed'; error: AppError }
  | { status: 'ready'; view: FeedbackView };

function addDays(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

function OpenPulse(props: {
  view: FeedbackView;
  onOpened: (view: FeedbackView, said: string) => void;
}) {
  const { t } = useTranslator();
  const [requestId, setRequestId] = useState(() => crypto.randomUUID());
  const [from, setFrom] = useState(todayUtc());
  const [to, setTo] = useState(addDays(todayUtc(), 6));
  const [asked, setAsked] = useState<string[]>(props.view.departments.map((d) => d.id));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppError | null>(null);

  const onSubmit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(null);
    const answer = await call('pulses/open', { requestId, from, to, departmentIds: asked });
    setBusy(false);
    if (!answer.ok) {
      setError(answer.error);
      return;
    }
    setRequestId(crypto.randomUUID());
    const { mailed, unmailed, ...view } = answer.data;
    props.onOpened(
      view,
      [
        t('pulses.open.mailed', { count: mailed }),
        unmailed.length > 0 ? t('pulses.open.unmailed', { names: unmailed.join(', ') }) : '',
      ]
        .filter(Boolean)
        .join(' '),
    );
  };

  return (
    <form noValidate onSubmit={(event) => void onSubmit(event)} aria-labelledby="pulse-open-title">
      <Stack space="space.150">
        <Heading size="xxsmall" as="h4" id="pulse-open-title">
          {t('pulses.open.title')}
        </Heading>
        <Inline space="space.200" shouldWrap>
          <InputField
            id="pulse-from"
            label={t('pulses.open.from')}
            type="date"
            size="date"
            value={from}
            onChange={setFrom}
          />
          <InputField
            id="pulse-to"
            label={t('pulses.open.to')}
            type="date"
            size="date"
            value={to}
            onChange={setTo}
          />
        </Inline>
        <fieldset className="rc-fieldset">
          <legend className="rc-field-label">{t('pulses.open.departments')}</legend>
          <Inline space="space.200" shouldWrap>
            {props.view.departments.map((department) => (
              <label key={department.id} className="rc-pulse-choice">
                <input
                  type="checkbox"
                  className="rc-checkbox"
                  checked={asked.includes(department.id)}
                  onChange={(event) => {
                    const checked = event.currentTarget.checked;
                    setAsked((list) =>
                      checked
                        ? [...list, department.id]
                        : list.filter((id) => id !== department.id),
                    );
                  }}
                />
                {department.name}
              </label>
            ))}
          </Inline>
        </fieldset>
        {error ? <ErrorMessage error={error} /> : null}
        <Inline space="space.100">
          <Button appearance="primary" type="submit" isLoading={busy}>
            {t('pulses.open.submit')}
          </Button>
        </Inline>
      </Stack>
    </form>
  );
}

function Comments(props: { pulseId: string; department: PulseDepartmentView }) {
  const { t } = useTranslator();
  const [comments, setComments] = useState<string[]>([]);
  const [next, setNext] = useState<number | null>(0);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppError | null>(null);

  const more = useCallback(
    async (fromPage: number): Promise<void> => {
      setBusy(true);
      setError(null);
      const answer = await call('pulses/comments', {
        pulseId: props.pulseId,
        departmentId: props.department.departmentId,
        fromPage,
      });
      setBusy(false);
      if (!answer.ok) {
        setError(answer.error);
        return;
      }
      setComments((list) => [...list, ...answer.data.comments]);
      setNext(answer.data.nextPage);
    },
    [props.pulseId, props.department.departmentId],
  );

  useEffect(() => {
    void more(0);
  }, [more]);

  return (
    <Stack space="space.100">
      <WeightedText weight="semibold">
        {t('pulses.comments.title', { department: props.department.name })}
      </WeightedText>
      {busy && comments.length === 0 ? <Loading label={t('pulses.loading')} /> : null}
      {error ? <ErrorMessage error={error} /> : null}
      {!busy && !error && comments.length === 0 ? (
        <Text color="color.text.subtle">{t('pulses.comments.empty')}</Text>
      ) : (
        <ul className="rc-pulse-comments">
          {comments.map((comment, i) => (
            <li key={`${String(i)}-${comment}`}>{comment}</li>
          ))}
        </ul>
      )}
      {next !== null && next > 0 ? (
        <Inline>
          <Button appearance="subtle" isLoading={busy} onClick={() => void more(next)}>
            {t('pulses.comments.more')}
          </Button>
        </Inline>
      ) : null}
    </Stack>
  );
}

function Figures(props: { readiness: ReadinessView }) {
  const { t, locale } = useTranslator();
  const number = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 });
  const { readiness } = props;
  if (!readiness.shown || !readiness.means) {
    return (
      <td colSpan={ELEMENTS.length + 3} className="rc-pulse-hidden">
        {readiness.answers === 0 ? t('pulses.noAnswers') : t('pulses.hidden')}
      </td>
    );
  }
  const means = readiness.means;
  return (
    <>
      <td>{readiness.answers}</td>
      {ELEMENTS.map((element) => (
        <td key={element} className={means[element] <= 3 ? 'rc-pulse-low' : undefined}>
          {number.format(means[element])}
        </td>
      ))}
      <td>{readiness.score === null ? '—' : number.format(readiness.score)}</td>
      <td>
        {readiness.barrier ? t(`pulses.elements.${readiness.barrier}`) : t('pulses.noBarrier')}
      </td>
    </>
  );
}

function PulseCard(props: {
  pulse: PulseResultView;
  view: FeedbackView;
  onChanged: (view: FeedbackView) => void;
}) {
  const { t, locale } = useTranslator();
  const { pulse, view } = props;
  const [reading, setReading] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppError | null>(null);
  const headingId = `pulse-${pulse.id}`;
  const reader = pulse.byDepartment.find((d) => d.departmentId === reading);

  const close = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    const answer = await call('pulses/close', { pulseId: pulse.id, version: pulse.version });
    setBusy(false);
    if (answer.ok) props.onChanged(answer.data);
    else setError(answer.error);
  };

  return (
    <section className="rc-pulse-card" aria-labelledby={headingId}>
      <Stack space="space.100">
        <Inline space="space.100" alignBlock="center" shouldWrap>
          <Heading size="xxsmall" as="h4" id={headingId}>
            {t('pulses.period', {
              from: formatDay(locale, pulse.from),
              to: formatDay(locale, pulse.to),
            })}
          </Heading>
          <Lozenge appearance={STATE_APPEARANCE[pulse.state]}>
            {t(`pulses.state.${pulse.state}`)}
          </Lozenge>
          {view.canSeeResults ? (
            <Text size="small" color="color.text.subtle">
              {t('pulses.answers', { count: pulse.answers })}
            </Text>
          ) : null}
          {view.canManage && pulse.state !== 'ended' ? (
            <Button
              appearance="subtle"
              spacing="compact"
              isLoading={busy}
              onClick={() => void close()}
            >
              {t('pulses.close')}
            </Button>
          ) : null}
        </Inline>
        {error ? <ErrorMessage error={error} /> : null}
        {view.canSeeResults ? (
          <div className="rc-pulse-table-wrap">
            <table className="rc-rp-grid rc-pulse-table">
              <thead>
                <tr>
                  <th scope="col">{t('pulses.department')}</th>
                  <th scope="col">{t('pulses.count')}</th>
                  {ELEMENTS.map((element) => (
                    <th scope="col" key={element} title={t(`pulses.elements.${element}`)}>
                      <abbr title={t(`pulses.elements.${element}`)}>
                        {t(`pulses.elements.${element}`).slice(0, 1)}
                      </abbr>
                    </th>
                  ))}
                  <th scope="col">{t('pulses.score')}</th>
                  <th scope="col">{t('pulses.barrier')}</th>
                  <th scope="col">{t('pulses.trend')}</th>
                </tr>
              </thead>
              <tbody>
                {pulse.byDepartment.map((department) => (
                  <tr key={department.departmentId}>
                    <th scope="row">
                      <Stack space="space.025">
                        <span>{department.name}</span>
                        {department.canReadComments ? (
                          <Button
                            appearance="subtle"
                            spacing="compact"
                            aria-expanded={reading === department.departmentId}
                            onClick={() => {
                              setReading(
                                reading === department.departmentId
                                  ? null
                                  : department.departmentId,
                              );
                            }}
                          >
                            {reading === department.departmentId
                              ? t('pulses.comments.hide')
                              : t('pulses.comments.show')}
                          </Button>
                        ) : null}
                      </Stack>
                    </th>
                    <Figures readiness={department} />
                    <td>{department.trend ? t(`pulses.trends.${department.trend}`) : '—'}</td>
                  </tr>
                ))}
                <tr>
                  <th scope="row">{t('pulses.total')}</th>
                  <Figures readiness={pulse.total} />
                  <td>—</td>
                </tr>
              </tbody>
            </table>
          </div>
        ) : null}
        {reader ? (
          <Comments key={reader.departmentId} pulseId={pulse.id} department={reader} />
        ) : null}
      </Stack>
    </section>
  );
}

function CheckIns(props: {
  view: FeedbackView;
  onChanged: (view: FeedbackView, said: string) => void;
}) {
  const { t, locale } = useTranslator();
  const { view } = props;
  const [requestId, setRequestId] = useState(() => crypto.randomUUID());
  const mine = view.departments.filter((d) => view.checkInDepartmentIds.includes(d.id));
  const [departmentId, setDepartmentId] = useState(mine[0]?.id ?? '');
  const [rating, setRating] = useState(0);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppError | null>(null);

  const onSubmit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(null);
    const answer = await call('pulses/checkIn', { requestId, departmentId, rating, note });
    setBusy(false);
    if (!answer.ok) {
      setError(answer.error);
      return;
    }
    setRequestId(crypto.randomUUID());
    setRating(0);
    setNote('');
    props.onChanged(answer.data, t('pulses.checkIn.submit'));
  };

  return (
    <Stack space="space.150">
      {mine.length === 0 ? (
        <Text size="small" color="color.text.subtle">
          {t('pulses.checkIn.notYours')}
        </Text>
      ) : (
        <form
          noValidate
          onSubmit={(event) => void onSubmit(event)}
          aria-labelledby="check-in-title"
        >
          <Stack space="space.100">
            <Heading size="xxsmall" as="h4" id="check-in-title">
              {t('pulses.checkIn.title')}
            </Heading>
            <Text size="small" color="color.text.subtle">
              {t('pulses.checkIn.named')}
            </Text>
            <Inline space="space.300" shouldWrap>
              <Stack space="space.050">
                <label htmlFor="check-in-department" className="rc-field-label">
                  {t('pulses.checkIn.department')}
                </label>
                <div className="rc-check-in-department">
                  <ChoiceSelect
                    inputId="check-in-department"
                    label={t('pulses.checkIn.department')}
                    options={mine.map((department) => ({
                      value: department.id,
                      label: department.name,
                    }))}
                    value={departmentId}
                    onChange={setDepartmentId}
                  />
                </div>
              </Stack>
              <fieldset className="rc-fieldset">
                <legend className="rc-field-label">{t('pulses.checkIn.rating')}</legend>
                <Inline space="space.150">
                  {SCORE_SCALE.map((value) => (
                    <label key={value} className="rc-pulse-choice">
                      <input
                        type="radio"
                        className="rc-radio"
                        name="check-in-rating"
                        checked={rating === value}
                        onChange={() => {
                          setRating(value);
                        }}
                      />
                      {value}
                    </label>
                  ))}
                </Inline>
              </fieldset>
            </Inline>
            <TextArea
              id="check-in-note"
              label={t('pulses.checkIn.note')}
              value={note}
              onChange={setNote}
              max={CHECK_IN_NOTE_MAX}
              optional
              rows={2}
            />
            {error ? <ErrorMessage error={error} /> : null}
            <Inline>
              <Button appearance="default" type="submit" isLoading={busy}>
                {t('pulses.checkIn.submit')}
              </Button>
            </Inline>
          </Stack>
        </form>
      )}
      {view.canSeeResults ? (
        <Stack space="space.075">
          <WeightedText weight="semibold">{t('pulses.checkIn.list')}</WeightedText>
          {view.checkIns.length === 0 ? (
            <Text color="color.text.subtle">{t('pulses.checkIn.empty')}</Text>
          ) : (
            <ul className="rc-rp-list">
              {view.checkIns.map((checkIn) => (
                <li key={checkIn.id}>
                  <WeightedText weight="semibold">
                    {checkIn.departmentName} · {checkIn.rating}/{SCORE_MAX}
                  </WeightedText>{' '}
                  <Text size="small" color="color.text.subtle">
                    {personName(t, checkIn.author)}
                    {checkIn.byHead ? ` (${t('pulses.checkIn.byHead')})` : ''} ·{' '}
                    {formatDay(locale, checkIn.at.slice(0, 10))}
                  </Text>
                  {checkIn.note ? <p className="rc-pulse-note">{checkIn.note}</p> : null}
                </li>
              ))}
            </ul>
          )}
        </Stack>
      ) : null}
    </Stack>
  );
}

export function FeedbackSection(props: {
  /** The section as the panel's load answered it (it then skips its own first call). */
  initial?: Envelope<FeedbackView> | undefined;
}) {
  const { t } = useTranslator();
  const [load, setLoad] = useState<Load>(() => firstState(props.initial));
  const [given] = useState(props.initial !== undefined);
  const [said, setSaid] = useState('');

  const fetchView = useCallback(async (): Promise<void> => {
    const answer = await call('pulses/load', {});
    setLoad(
      answer.ok
        ? { status: 'ready', view: answer.data }
        : { status: 'failed', error: answer.error },
    );
  }, []);

  useEffect(() => {
    if (!given) void fetchView();
  }, [given, fetchView]);

  const show = (view: FeedbackView, announcement = ''): void => {
    setLoad({ status: 'ready', view });
    setSaid(announcement);
  };

  return (
    <section aria-labelledby="feedback-title">
      <Stack space="space.200">
        <Heading size="xsmall" as="h3" id="feedback-title">
          {t('pulses.title')}
        </Heading>
        {load.status === 'loading' ? <Loading label={t('pulses.loading')} /> : null}
        {load.status === 'failed' ? (
          <ErrorMessage
            title={t('pulses.loadFailed')}
            error={load.error}
            onRetry={() => {
              setLoad({ status: 'loading' });
              void fetchView();
            }}
          />
        ) : null}
        {load.status === 'ready' ? (
          <>
            {said ? (
              <SectionMessage appearance="success">
                <p>{said}</p>
              </SectionMessage>
            ) : null}
            {load.view.toAnswer ? <PulseForm quiet /> : null}
            {load.view.pulses.length === 0 ? (
              <Text color="color.text.subtle">
                {load.view.canManage ? t('pulses.empty') : t('pulses.emptyReader')}
              </Text>
            ) : (
              [...load.view.pulses].reverse().map((pulse) => (
                <PulseCard
                  key={pulse.id}
                  pulse={pulse}
                  view={load.view}
                  onChanged={(view) => {
                    show(view);
                  }}
                />
              ))
            )}
            {load.view.canSeeResults ? (
              <Text size="small" color="color.text.subtlest">
                {t('pulses.hiddenHelp')}
              </Text>
            ) : null}
            {load.view.canManage && load.view.pulses.every((pulse) => pulse.state === 'ended') ? (
              <OpenPulse view={load.view} onOpened={show} />
            ) : null}
            <CheckIns view={load.view} onChanged={show} />
          </>
        ) : null}
      </Stack>
    </section>
  );
}

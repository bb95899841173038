/**
 * "Push plan to Jira": one Jira issue per planned session or phase task. The push runs in the
 * background (longer than a call may last): the button queues it, and the section follows it,
 * asking where it stands every few seconds while it runs ("Created 150 of 500"), then says what
 * it created and what Jira refused, with Jira's reason and "Try again" for the rest. A reload
 * finds the push where it is. The server creates only what Jira does not hold yet, so pushing
 * again, or after a failure halfway, never duplicates.
 */
import { useEffect, useRef, useState } from 'react';
import { Button } from '../../components/light/Button';
import Heading from '@atlaskit/heading';
import { SectionMessage } from '../../components/SectionMessage';
import { Inline } from '@atlaskit/primitives/compiled/inline';
import { Stack } from '@atlaskit/primitives/compiled/stack';
import { Text } from '@atlaskit/primitives/compiled/text';
import type { AppError, PushJobView, PushStatus, StrategyDetail } from '../../../contract';
import { call } from '../../invoke';
import { useTranslator } from '../../i18n';
import { ErrorMessage, useErrorText } from '../../components/ErrorMessage';
import { Loading } from '../../components/Loading';
import { ProductLink } from '../../components/ProductLink';
import { ProgressBar } from '../../components/ProgressBar';
import { WeightedText } from '../../components/WeightedText';

/** Refusals listed by name; the rest are counted (a plan may hold hundreds of sessions). */
const FAILURES_SHOWN = 10;
/** How often a running push is asked where it stands; slower after a minute, and after errors. */
const POLL_MS = 2_000;
const SLOW_POLL_MS = 5_000;
const SLOW_AFTER_MS = 60_000;
const POLL_MAX_MS = 30_000;

export function jqlUrl(siteUrl: string, jql: string): string {
  return `${siteUrl}/issues/?jql=${encodeURIComponent(jql)}`;
}

function isRunning(job: PushJobView | null): job is PushJobView {
  return job !== null && (job.state === 'queued' || job.state === 'running') && !job.stalled;
}

/** The wait before the next poll: steady while it runs, backing off when the poll itself fails. */
export function pollDelay(sinceMs: number, failures: number): number {
  const base = sinceMs > SLOW_AFTER_MS ? SLOW_POLL_MS : POLL_MS;
  return Math.min(POLL_MAX_MS, base * 2 ** failures);
}

function JobProgress(props: { job: PushJobView }) {
  const { t, locale } = useTranslator();
  const errorText = useErrorText();
  const { job } = props;
  const clock = new Intl.DateTimeFormat(locale, { timeStyle: 'medium' });
  if (job.state === 'queued') return <Loading label={t('strategy.push.queued')} />;
  if (job.toCreate === 0) return <Loading label={t('strategy.push.looking')} />;
  const progress = t('strategy.push.progress', {
    created: job.created,
    toCreate: job.toCreate,
  });
  const resumes = job.resumesAt === null ? null : clock.format(new Date(job.resumesAt));
  return (
    <Stack space="space.075">
      <div role="status" aria-live="polite">
        <WeightedText weight="medium">{progress}</WeightedText>
      </div>
      <div className="rc-st-push-bar">
        <ProgressBar
          done={job.created}
          total={job.toCreate}
          tone="brand"
          label={t('strategy.push.progressLabel')}
        />
      </div>
      {resumes !== null ? (
        <Text color="color.text.subtle">
          {job.error
            ? t('strategy.push.retrying', { reason: errorText(job.error), time: resumes })
            : t('strategy.push.throttled', { time: resumes })}
        </Text>
      ) : null}
    </Stack>
  );
}

function Refusals(props: { job: PushJobView; onRetry: (() => void) | undefined }) {
  const { t, locale } = useTranslator();
  const { job } = props;
  const number = new Intl.NumberFormat(locale);
  return (
    <SectionMessage
      appearance="error"
      title={t('strategy.push.refusedTitle', { count: job.failedCount })}
    >
      <Stack space="space.100">
        <ul className="rc-st-list" aria-label={t('strategy.push.refusedLabel')}>
          {job.failed.slice(0, FAILURES_SHOWN).map((failure) => (
            <li key={failure.planItemId}>
              <WeightedText weight="medium">{failure.summary}</WeightedText>
              {': '}
              <Text>
                {failure.reason !== ''
                  ? failure.reason
                  : t('errors.upstream', { product: 'Jira', status: failure.status ?? 0 })}
              </Text>
            </li>
          ))}
        </ul>
        {job.failedCount > FAILURES_SHOWN ? (
          <Text>
            {t('strategy.push.moreRefused', {
              count: number.format(job.failedCount - FAILURES_SHOWN),
            })}
          </Text>
        ) : null}
        <Text>{t('strategy.push.retryHint')}</Text>
        {props.onRetry ? (
          <div>
            <Button appearance="default" onClick={props.onRetry}>
              {t('common.retry')}
            </Button>
          </div>
        ) : null}
      </Stack>
    </SectionMessage>
  );
}

export function PushSection(props: {
  detail: StrategyDetail;
  siteUrl: string;
  /** A push this page followed has finished: the strategy as it is now, and what to announce. */
  onPushed: (detail: StrategyDetail, message: string) => void;
}) {
  const { t, formatDate } = useTranslator();
  const { rollout, canManage } = props.detail;
  const [status, setStatus] = useState<PushStatus>(props.detail.push);
  const [starting, setStarting] = useState(false);
  const [error, setError] = useState<AppError | null>(null);
  const [pollFailed, setPollFailed] = useState(false);
  // The push this page saw running (its result is "this push"; an older one is "the last push").
  const [followed, setFollowed] = useState<string | null>(null);
  // What the poll needs of the latest render, without restarting it on every render.
  const latest = useRef({ detail: props.detail, onPushed: props.onPushed, t });
  latest.current = { detail: props.detail, onPushed: props.onPushed, t };
  const { job } = status;
  const running = isRunning(job);
  const runningId = running ? job.id : null;

  useEffect(() => {
    setStatus(props.detail.push);
  }, [props.detail.push]);

  useEffect(() => {
    if (runningId !== null) setFollowed(runningId);
  }, [runningId]);

  // Asks where the running push stands until it is over; one request at a time, never a loop.
  useEffect(() => {
    if (runningId === null) return undefined;
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let failures = 0;
    const since = Date.now();
    const poll = async (): Promise<void> => {
      const answer = await call('strategy/push-status', { rolloutId: rollout.id });
      if (cancelled) return;
      if (answer.ok) {
        failures = 0;
        setPollFailed(false);
        const next = answer.data;
        setStatus(next);
        const over = next.job;
        if (over?.id === runningId && (over.state === 'done' || over.state === 'failed')) {
          const { detail, onPushed, t: say } = latest.current;
          onPushed(
            { ...detail, push: next },
            over.state === 'failed'
              ? say('strategy.push.failed')
              : over.failedCount > 0
                ? say('strategy.push.doneWithFailures', {
                    created: over.created,
                    failed: over.failedCount,
                  })
                : say('strategy.push.done', {
                    created: over.created,
                    inJira: next.inJira,
                    total: next.total,
                  }),
          );
          return;
        }
        if (!isRunning(next.job)) return;
      } else {
        // A failed look is no failed push: say so quietly and look again a little later.
        failures += 1;
        setPollFailed(true);
      }
      timer = setTimeout(
        () => {
          void poll();
        },
        pollDelay(Date.now() - since, failures),
      );
    };
    timer = setTimeout(() => {
      void poll();
    }, POLL_MS);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [runningId, rollout.id]);

  const run = async (): Promise<void> => {
    setStarting(true);
    setError(null);
    const answer = await call('strategy/push', { rolloutId: rollout.id });
    setStarting(false);
    if (!answer.ok) {
      setError(answer.error);
      return;
    }
    setStatus(answer.data);
  };
  const retry = canManage
    ? () => {
        void run();
      }
    : undefined;

  const finished = job !== null && (job.state === 'done' || job.state === 'failed');
  const thisPush = job !== null && followed === job.id;

  return (
    <section className="rc-st-section" aria-labelledby="push-title">
      <Stack space="space.150">
        <Heading size="small" as="h2" id="push-title">
          {t('strategy.push.title')}
        </Heading>
        <Text color="color.text.subtle">{t('strategy.push.intro')}</Text>
        {status.total === 0 ? (
          <Text>{t('strategy.push.nothingPlanned')}</Text>
        ) : (
          <Stack space="space.075">
            <WeightedText weight="medium">
              {t('strategy.push.status', {
                inJira: status.inJira,
                total: status.total,
              })}
            </WeightedText>
            <div className="rc-st-push-bar">
              <ProgressBar done={status.inJira} total={status.total} />
            </div>
          </Stack>
        )}
        {running ? (
          <div>
            <JobProgress job={job} />
          </div>
        ) : null}
        {job?.stalled ? (
          <SectionMessage appearance="warning" title={t('strategy.push.stalledTitle')}>
            <p>{t('strategy.push.stalled', { time: formatDate(job.requestedAt) })}</p>
          </SectionMessage>
        ) : null}
        {finished && job.state === 'done' ? (
          <Text>
            {thisPush
              ? job.created > 0
                ? t('strategy.push.created', { count: job.created })
                : t('strategy.push.alreadyInJira')
              : job.created > 0
                ? t('strategy.push.lastPush', {
                    date: formatDate(job.finishedAt ?? job.requestedAt),
                    count: job.created,
                  })
                : t('strategy.push.lastPushNothing', {
                    date: formatDate(job.finishedAt ?? job.requestedAt),
                  })}
          </Text>
        ) : null}
        {finished && job.moved > 0 ? (
          <Text>{t('strategy.push.moved', { count: job.moved, key: rollout.issue.key })}</Text>
        ) : null}
        {job?.linkedOnly ? (
          <SectionMessage
            appearance="warning"
            title={t('strategy.push.linkedOnlyTitle', { key: rollout.issue.key })}
          >
            <p>{t('strategy.push.linkedOnly', { key: rollout.issue.key })}</p>
          </SectionMessage>
        ) : null}
        {finished && job.moveRefused !== '' ? (
          <SectionMessage
            appearance="warning"
            title={t('strategy.push.moveRefusedTitle', { key: rollout.issue.key })}
          >
            <p>{t('strategy.push.moveRefused', { reason: job.moveRefused })}</p>
          </SectionMessage>
        ) : null}
        {finished && job.state === 'failed' && job.error ? (
          <ErrorMessage
            error={job.error}
            title={t('strategy.push.failed')}
            {...(retry ? { onRetry: retry } : {})}
          />
        ) : null}
        {running && pollFailed ? (
          <Text color="color.text.warning">{t('strategy.push.pollFailed')}</Text>
        ) : null}
        {error ? (
          <ErrorMessage
            error={error}
            title={t('strategy.push.failed')}
            {...(retry ? { onRetry: retry } : {})}
          />
        ) : null}
        {finished && job.failedCount > 0 ? <Refusals job={job} onRetry={retry} /> : null}
        <Inline space="space.150" alignBlock="center" shouldWrap>
          {canManage ? (
            <Button
              appearance={status.inJira < status.total && !running ? 'primary' : 'default'}
              isLoading={starting}
              isDisabled={status.total === 0 || running}
              onClick={() => {
                if (!starting && !running) void run();
              }}
            >
              {t('strategy.push.button')}
            </Button>
          ) : null}
          {status.inJira > 0 && props.siteUrl ? (
            <ProductLink href={jqlUrl(props.siteUrl, status.jql)} newTab>
              {t('strategy.push.viewInJira')}
            </ProductLink>
          ) : null}
        </Inline>
        {!canManage ? (
          <Text size="small" color="color.text.subtlest">
            {t('strategy.push.cannotManage')}
          </Text>
        ) : null}
      </Stack>
    </section>
  );
}

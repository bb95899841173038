/**
 * "Push plan to Jira": one Jira issue per planned session or phase task. The server creates
 * only what Jira does not hold yet (it finds existing ones by their issue property), so pushing
 * again, or after a failure halfway, never duplicates: the section says what exists, what this
 * push created, and what Jira refused with Jira's reason, with "Try again" for the rest.
 */
import { useState } from 'react';
import Button from '@atlaskit/button/new';
import Heading from '@atlaskit/heading';
import SectionMessage from '@atlaskit/section-message';
import { Inline, Stack, Text } from '@atlaskit/primitives';
import type { AppError, StrategyDetail } from '../../../contract';
import { call } from '../../invoke';
import { useTranslator } from '../../i18n';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Loading } from '../../components/Loading';
import { ProductLink } from '../../components/ProductLink';
import { ProgressBar } from '../../components/ProgressBar';

/** Refusals listed by name; the rest are counted (a plan may hold hundreds of sessions). */
const FAILURES_SHOWN = 10;

export function jqlUrl(siteUrl: string, jql: string): string {
  return `${siteUrl}/issues/?jql=${encodeURIComponent(jql)}`;
}

export function PushSection(props: {
  detail: StrategyDetail;
  siteUrl: string;
  /** The push answered the strategy as it is now. */
  onPushed: (detail: StrategyDetail, message: string) => void;
}) {
  const { t, locale } = useTranslator();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppError | null>(null);
  // Whether the push shown is one this user just ran (a read always says created: 0).
  const [pushedNow, setPushedNow] = useState(false);
  const { push, rollout, canManage } = props.detail;
  const number = new Intl.NumberFormat(locale);
  const missing = Math.max(0, push.total - push.inJira);

  const run = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    const answer = await call('strategy/push', { rolloutId: rollout.id });
    setBusy(false);
    if (!answer.ok) {
      setError(answer.error);
      return;
    }
    setPushedNow(true);
    const after = answer.data.push;
    props.onPushed(
      answer.data,
      after.failed.length > 0
        ? t('strategy.push.doneWithFailures', {
            created: number.format(after.created),
            failed: number.format(after.failed.length),
          })
        : t('strategy.push.done', {
            created: number.format(after.created),
            inJira: number.format(after.inJira),
            total: number.format(after.total),
          }),
    );
  };

  return (
    <section className="rc-st-section" aria-labelledby="push-title">
      <Stack space="space.150">
        <Heading size="small" as="h2" id="push-title">
          {t('strategy.push.title')}
        </Heading>
        <Text color="color.text.subtle">{t('strategy.push.intro')}</Text>
        {push.total === 0 ? (
          <Text>{t('strategy.push.nothingPlanned')}</Text>
        ) : (
          <Stack space="space.075">
            <Text weight="medium">
              {t('strategy.push.status', {
                inJira: number.format(push.inJira),
                total: number.format(push.total),
              })}
            </Text>
            <div className="rc-st-push-bar">
              <ProgressBar done={push.inJira} total={push.total} />
            </div>
          </Stack>
        )}
        {pushedNow && !busy ? (
          <Text>
            {push.created > 0
              ? t('strategy.push.created', { count: number.format(push.created) })
              : t('strategy.push.alreadyInJira')}
          </Text>
        ) : null}
        {busy ? (
          <Loading
            label={t('strategy.push.running', { count: number.format(Math.max(missing, 1)) })}
          />
        ) : null}
        {error ? (
          <ErrorMessage
            error={error}
            title={t('strategy.push.failed')}
            {...(canManage
              ? {
                  onRetry: () => {
                    void run();
                  },
                }
              : {})}
          />
        ) : null}
        {push.failed.length > 0 && !busy ? (
          <SectionMessage
            appearance="error"
            title={t('strategy.push.refusedTitle', { count: push.failed.length })}
          >
            <Stack space="space.100">
              <ul className="rc-st-list" aria-label={t('strategy.push.refusedLabel')}>
                {push.failed.slice(0, FAILURES_SHOWN).map((failure) => (
                  <li key={failure.planItemId}>
                    <Text weight="medium">{failure.summary}</Text>
                    {': '}
                    <Text>{failure.reason}</Text>
                  </li>
                ))}
              </ul>
              {push.failed.length > FAILURES_SHOWN ? (
                <Text>
                  {t('strategy.push.moreRefused', {
                    count: number.format(push.failed.length - FAILURES_SHOWN),
                  })}
                </Text>
              ) : null}
              <Text>{t('strategy.push.retryHint')}</Text>
              {canManage ? (
                <div>
                  <Button
                    appearance="default"
                    onClick={() => {
                      void run();
                    }}
                  >
                    {t('common.retry')}
                  </Button>
                </div>
              ) : null}
            </Stack>
          </SectionMessage>
        ) : null}
        <Inline space="space.150" alignBlock="center" shouldWrap>
          {canManage ? (
            <Button
              appearance={missing > 0 ? 'primary' : 'default'}
              isLoading={busy}
              isDisabled={push.total === 0}
              onClick={() => {
                if (!busy) void run();
              }}
            >
              {t('strategy.push.button')}
            </Button>
          ) : null}
          {push.inJira > 0 && props.siteUrl ? (
            <ProductLink href={jqlUrl(props.siteUrl, push.jql)} newTab>
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

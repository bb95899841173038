/**
 * "Discard rollout", where a rollout is listed or opened (the Rollouts space page, the Approvals
 * panel). It asks first, and says plainly what goes (the rollout in Rollout Coordinator, its
 * approvals) and what stays (the audit trail's record of the discard, the Jira issue, the
 * Confluence page, any work pushed to Jira): the app never deletes people's content.
 */
import { useState } from 'react';
import { Button } from './light/Button';
import { SectionMessage } from './SectionMessage';
import { Inline } from '@atlaskit/primitives/compiled/inline';
import { Stack } from '@atlaskit/primitives/compiled/stack';
import type { AppError, DiscardOutcome } from '../../contract';
import { call } from '../invoke';
import { useTranslator } from '../i18n';
import { ErrorMessage } from './ErrorMessage';

export interface DiscardTarget {
  id: string;
  version: number;
  title: string;
  /** The anchor issue's key; '' when it has none yet. */
  issueKey: string;
  /** The strategy page's title; '' when it has none; null where the surface does not know. */
  pageTitle: string | null;
}

/** What a discard keeps, in the user's language: the issue and the page, when there are any. */
export function useKeptText(): (kept: { issueKey: string; pageTitle: string | null }) => string {
  const { t } = useTranslator();
  return ({ issueKey, pageTitle }) => {
    if (pageTitle === null) return t('discard.keptIssueAndAnyPage', { key: issueKey });
    if (issueKey && pageTitle) return t('discard.keptBoth', { key: issueKey, page: pageTitle });
    if (issueKey) return t('discard.keptIssue', { key: issueKey });
    if (pageTitle) return t('discard.keptPage', { page: pageTitle });
    return '';
  };
}

/** The sentence announced once a rollout was discarded. */
export function useDiscardedText(): (outcome: DiscardOutcome) => string {
  const { t } = useTranslator();
  const kept = useKeptText();
  return (outcome) =>
    [
      t('discard.done', { title: outcome.title }),
      kept({ issueKey: outcome.issueKey, pageTitle: outcome.page?.title ?? '' }),
    ]
      .filter((part) => part !== '')
      .join(' ');
}

/** The question before discarding, with what goes and what stays; it sends the discard. */
export function DiscardConfirm(props: {
  target: DiscardTarget;
  onDiscarded: (outcome: DiscardOutcome) => void;
  /** Someone changed it first, or it is gone: the caller shows it as it is now. */
  onStale: (error: AppError) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslator();
  const kept = useKeptText();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppError | null>(null);
  const { target } = props;

  const discard = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    const answer = await call('rollouts/discard', {
      rolloutId: target.id,
      version: target.version,
    });
    setBusy(false);
    if (answer.ok) props.onDiscarded(answer.data);
    else if (
      answer.error.messageKey === 'errors.rollout.stale' ||
      answer.error.code === 'NOT_FOUND'
    ) {
      props.onStale(answer.error);
    } else setError(answer.error);
  };

  const keptText = kept({ issueKey: target.issueKey, pageTitle: target.pageTitle });
  return (
    <SectionMessage appearance="warning" title={t('discard.title', { title: target.title })}>
      <Stack space="space.100">
        <p>{t('discard.what')}</p>
        {keptText ? <p>{`${keptText} ${t('discard.deleteYourself')}`}</p> : null}
        <p>{t('discard.final')}</p>
        <Inline space="space.100" shouldWrap>
          <Button
            appearance="danger"
            isLoading={busy}
            onClick={() => {
              if (!busy) void discard();
            }}
          >
            {t('discard.confirm')}
          </Button>
          <Button appearance="subtle" isDisabled={busy} onClick={props.onCancel}>
            {t('discard.keep')}
          </Button>
        </Inline>
        {error ? <ErrorMessage error={error} /> : null}
      </Stack>
    </SectionMessage>
  );
}

/** The "Discard rollout" button, and in its place the question once pressed. */
export function DiscardRollout(props: {
  target: DiscardTarget;
  onDiscarded: (outcome: DiscardOutcome) => void;
  onStale: (error: AppError) => void;
}) {
  const { t } = useTranslator();
  const [confirming, setConfirming] = useState(false);
  if (confirming) {
    return (
      <DiscardConfirm
        target={props.target}
        onDiscarded={props.onDiscarded}
        onStale={props.onStale}
        onCancel={() => {
          setConfirming(false);
        }}
      />
    );
  }
  return (
    <div>
      <Button
        appearance="subtle"
        aria-label={t('discard.buttonNamed', { title: props.target.title })}
        onClick={() => {
          setConfirming(true);
        }}
      >
        {t('discard.button')}
      </Button>
    </div>
  );
}

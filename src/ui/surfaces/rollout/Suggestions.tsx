/**
 * Suggested adjustments on the anchor's Rollout panel, for the coordinator (and Jira admins):
 * each with why (its evidence) and what accepting changes, accepted with one click or dismissed
 * with a reason. Loaded after the panel has drawn, by its own call, so the panel's first render
 * does not wait for the signals. Accepting a change that reaches Jira asks the panel to reload.
 */
import { useCallback, useEffect, useState } from 'react';
import Button from '@atlaskit/button/new';
import Heading from '@atlaskit/heading';
import { SectionMessage } from '../../components/SectionMessage';
import { Inline } from '@atlaskit/primitives/compiled/inline';
import { Stack } from '@atlaskit/primitives/compiled/stack';
import { Text } from '@atlaskit/primitives/compiled/text';
import type { AppError, Envelope, SuggestionView, SuggestionsView } from '../../../contract';
import { COMMENT_MAX } from '../../../domain/limits';
import { call } from '../../invoke';
import { useTranslator } from '../../i18n';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Loading } from '../../components/Loading';
import { firstState } from '../../components/first-answer';
import { TextArea } from '../../components/TextArea';
import { formatDay } from '../../components/dates';
import { confirmWithFlag } from '../../components/flags';

type State =
  | { status: 'loading' }
  | { status: 'failed'; error: AppError }
  | { status: 'ready'; view: SuggestionsView };

/** Parameters that are days, written in the reader's locale. */
const DAY_PARAMS = new Set(['date', 'from', 'to']);

function useWording() {
  const { t, locale } = useTranslator();
  return (wording: SuggestionView['evidence']): string =>
    t(
      wording.key,
      Object.fromEntries(
        Object.entries(wording.params).map(([name, value]) => [
          name,
          DAY_PARAMS.has(name) && typeof value === 'string' ? formatDay(locale, value) : value,
        ]),
      ),
    );
}

function SuggestionItem(props: {
  suggestion: SuggestionView;
  editable: boolean;
  onAnswered: (view: SuggestionsView, announcement: string) => void;
}) {
  const { t } = useTranslator();
  const words = useWording();
  const { suggestion } = props;
  const kind = t(`suggestions.kind.${suggestion.kind}`);
  const [busy, setBusy] = useState<'accept' | 'dismiss' | null>(null);
  const [asking, setAsking] = useState(false);
  const [reason, setReason] = useState('');
  const [tried, setTried] = useState(false);
  const [error, setError] = useState<AppError | null>(null);
  const headingId = `suggestion-${suggestion.id.replace(/[^a-z0-9-]/giu, '-')}`;
  const blank = reason.trim() === '';

  const accept = async () => {
    setBusy('accept');
    setError(null);
    const answer = await call('suggestions/accept', { suggestionId: suggestion.id });
    setBusy(null);
    if (answer.ok) props.onAnswered(answer.data, t('suggestions.acceptedAnnouncement', { kind }));
    else setError(answer.error);
  };

  const dismiss = async () => {
    setTried(true);
    if (blank) return;
    setBusy('dismiss');
    setError(null);
    const answer = await call('suggestions/dismiss', { suggestionId: suggestion.id, reason });
    setBusy(null);
    if (answer.ok) props.onAnswered(answer.data, t('suggestions.dismissedAnnouncement', { kind }));
    else setError(answer.error);
  };

  return (
    <li className="rc-rp-suggestion" aria-labelledby={headingId}>
      <Stack space="space.075">
        <Heading size="xxsmall" as="h4" id={headingId}>
          {suggestion.departmentName ? `${kind} · ${suggestion.departmentName}` : kind}
        </Heading>
        <Text as="p">
          <strong>{t('suggestions.evidenceLabel')}: </strong>
          {words(suggestion.evidence)}
        </Text>
        <Text as="p">
          <strong>{t('suggestions.changeLabel')}: </strong>
          {words(suggestion.change)}
        </Text>
        {suggestion.reconfirms ? (
          <Text as="p" size="small" color="color.text.warning">
            {t('suggestions.reconfirms')}
          </Text>
        ) : null}
        {error ? <ErrorMessage error={error} /> : null}
        {asking ? (
          <Stack space="space.100">
            <TextArea
              id={`${headingId}-reason`}
              label={t('suggestions.reasonLabel')}
              value={reason}
              onChange={setReason}
              max={COMMENT_MAX}
              error={tried && blank ? t('suggestions.reasonRequired') : undefined}
            />
            <Inline space="space.100">
              <Button
                appearance="primary"
                isDisabled={busy !== null}
                onClick={() => void dismiss()}
              >
                {busy === 'dismiss' ? t('suggestions.dismissing') : t('suggestions.confirmDismiss')}
              </Button>
              <Button
                appearance="subtle"
                isDisabled={busy !== null}
                onClick={() => {
                  setAsking(false);
                  setTried(false);
                }}
              >
                {t('suggestions.cancel')}
              </Button>
            </Inline>
          </Stack>
        ) : (
          <Inline space="space.100">
            <Button
              appearance="primary"
              isDisabled={busy !== null || !props.editable}
              aria-label={t('suggestions.acceptLabel', { kind })}
              onClick={() => void accept()}
            >
              {busy === 'accept' ? t('suggestions.accepting') : t('suggestions.accept')}
            </Button>
            <Button
              appearance="subtle"
              isDisabled={busy !== null}
              aria-label={t('suggestions.dismissLabel', { kind })}
              onClick={() => {
                setAsking(true);
              }}
            >
              {t('suggestions.dismiss')}
            </Button>
          </Inline>
        )}
      </Stack>
    </li>
  );
}

export function SuggestionsSection(props: {
  /** Called after an accept: the plan, and the panel's counts, changed. */
  onPlanChanged: () => void;
  /** The list as the panel's load answered it (the section then skips its own first call). */
  initial?: Envelope<SuggestionsView> | undefined;
}) {
  const { t, formatDate } = useTranslator();
  const [state, setState] = useState<State>(() => firstState(props.initial));
  const [given] = useState(props.initial !== undefined);
  const [announcement, setAnnouncement] = useState('');
  const { onPlanChanged } = props;

  const load = useCallback(async (): Promise<void> => {
    const answer = await call('suggestions/list', {});
    setState(
      answer.ok
        ? { status: 'ready', view: answer.data }
        : { status: 'failed', error: answer.error },
    );
  }, []);

  useEffect(() => {
    if (!given) void load();
  }, [given, load]);

  const heading = (
    <Heading size="xsmall" as="h3" id="rc-suggestions">
      {t('suggestions.title')}
    </Heading>
  );
  if (state.status === 'loading') {
    return (
      <Stack space="space.100">
        {heading}
        <Loading label={t('suggestions.loading')} />
      </Stack>
    );
  }
  if (state.status === 'failed') {
    return (
      <Stack space="space.100">
        {heading}
        <ErrorMessage
          title={t('suggestions.loadFailed')}
          error={state.error}
          onRetry={() => {
            setState({ status: 'loading' });
            void load();
          }}
        />
      </Stack>
    );
  }
  const { view } = state;
  return (
    <section aria-labelledby="rc-suggestions">
      <Stack space="space.100">
        {heading}
        <Text size="small" color="color.text.subtle">
          {t('suggestions.hint')}
        </Text>
        {!view.editable && view.suggestions.length > 0 ? (
          <SectionMessage appearance="information">
            <p>{t('suggestions.notEditable')}</p>
          </SectionMessage>
        ) : null}
        {view.push === 'queued' ? (
          <SectionMessage appearance="success">
            <p>{t('suggestions.pushQueued')}</p>
          </SectionMessage>
        ) : view.push === 'failed' ? (
          <SectionMessage appearance="warning">
            <p>{t('suggestions.pushFailed')}</p>
          </SectionMessage>
        ) : null}
        {view.dueDates && view.dueDates.refused > 0 ? (
          <SectionMessage appearance="warning">
            <p>{t('suggestions.dueDatesRefused', { count: view.dueDates.refused })}</p>
          </SectionMessage>
        ) : view.dueDates ? (
          <Text color="color.text.subtle">
            {t('suggestions.dueDatesMoved', { count: view.dueDates.moved })}
          </Text>
        ) : null}
        {view.suggestions.length === 0 ? (
          <Text color="color.text.subtle">
            {t(view.decided.length > 0 ? 'suggestions.emptyAfterAnswers' : 'suggestions.empty')}
          </Text>
        ) : (
          <ul className="rc-rp-list rc-rp-suggestions">
            {view.suggestions.map((suggestion) => (
              <SuggestionItem
                key={suggestion.id}
                suggestion={suggestion}
                editable={view.editable}
                onAnswered={(next, said) => {
                  setAnnouncement(said);
                  confirmWithFlag(said);
                  setState({ status: 'ready', view: next });
                  if (next.push !== 'none') onPlanChanged();
                }}
              />
            ))}
          </ul>
        )}
        {view.more > 0 ? (
          <Text color="color.text.subtle">{t('suggestions.more', { count: view.more })}</Text>
        ) : null}
        {view.decided.length > 0 ? (
          <Stack space="space.050">
            <Heading size="xxsmall" as="h4">
              {t('suggestions.decidedTitle')}
            </Heading>
            <ul className="rc-rp-list">
              {view.decided.map((decision) => {
                const name = !decision.by
                  ? t('approvals.unknownUser')
                  : decision.by.displayName === ''
                    ? decision.by.accountId
                    : decision.by.displayName;
                return (
                  <li key={decision.suggestionId}>
                    <Text size="small">
                      {t(`suggestions.kind.${decision.kind}`)}
                      {decision.departmentName ? ` · ${decision.departmentName}` : ''}
                      {' — '}
                      {decision.decision === 'accepted'
                        ? t('suggestions.accepted', { name })
                        : t('suggestions.dismissed', { name, reason: decision.reason })}
                      {' · '}
                      {formatDate(decision.at)}
                    </Text>
                  </li>
                );
              })}
            </ul>
          </Stack>
        ) : null}
        <div aria-live="polite" role="status" className="rc-visually-hidden">
          {announcement}
        </div>
      </Stack>
    </section>
  );
}

/**
 * The rollout's problems with their triage: acknowledge, assign an owner, resolve (with what
 * fixed it) or accept as a known risk (with a comment). For the anchor's Rollout panel to host:
 * `ProblemsSection` loads the list itself (one invoke); `ProblemList` shows a list it is given.
 * Only the coordinator and Jira administrators see the triage controls; everyone else reads.
 */
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import Button from '@atlaskit/button/new';
import { Lozenge } from '../../components/Lozenge';
import { Inline } from '@atlaskit/primitives/compiled/inline';
import { Stack } from '@atlaskit/primitives/compiled/stack';
import { Text } from '@atlaskit/primitives/compiled/text';
import type { AppError, Envelope, ProblemListView, ProblemView } from '../../../contract';
import type { ProblemStatus } from '../../../domain/problems';
import { PROBLEM_TEXT, closingCommentIssues, fixLinkIssue } from '../../../domain/rules/problems';
import { issuesAt } from '../../../domain/rules/issue';
import { call } from '../../invoke';
import { useTranslator } from '../../i18n';
import { ErrorMessage } from '../../components/ErrorMessage';
import { inOrder, useFieldErrors } from '../../components/Field';
import { InputField } from '../../components/InputField';
import { Loading } from '../../components/Loading';
import { firstState } from '../../components/first-answer';
import { ProductLink } from '../../components/ProductLink';
import { TextArea } from '../../components/TextArea';
import { UserPicker, toOption, type UserOption } from '../../components/UserPicker';
import { byPath } from '../../components/issues';
import './problems.css';
import { WeightedText } from '../../components/WeightedText';

const STATUS_APPEARANCE: Record<ProblemStatus, 'new' | 'inprogress' | 'success' | 'moved'> = {
  new: 'new',
  acknowledged: 'inprogress',
  resolved: 'success',
  accepted: 'moved',
};

type Step = 'assign' | 'resolve' | 'accept';
const FIELDS = ['ownerAccountId', 'comment', 'fixLink'] as const;
const place = byPath(FIELDS);

/** The open step's form (one at a time per problem). */
function StepForm(props: {
  problem: ProblemView;
  step: Step;
  onDone: (problem: ProblemView) => void;
  onError: (error: AppError) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslator();
  const { problem, step } = props;
  const prefix = `problem-${problem.id}-${step}`;
  const [owner, setOwner] = useState<UserOption | null>(
    problem.owner ? toOption(problem.owner) : null,
  );
  const [comment, setComment] = useState('');
  const [fixLink, setFixLink] = useState('');
  const [busy, setBusy] = useState(false);
  const fields = useFieldErrors(inOrder(FIELDS, (field) => `${prefix}-${field}`));
  const { errors } = fields;

  const submit = async (): Promise<void> => {
    const issues =
      step === 'assign'
        ? owner
          ? []
          : [{ path: 'ownerAccountId', messageKey: 'errors.problem.ownerUnknown' }]
        : [
            ...issuesAt('comment', closingCommentIssues(step, comment)),
            ...(step === 'resolve' ? issuesAt('fixLink', fixLinkIssue(fixLink.trim())) : []),
          ];
    if (fields.showIssues(issues, place)) return;
    setBusy(true);
    const ref = { problemId: problem.id, version: problem.version };
    const answer =
      step === 'assign'
        ? await call('problems/assign', { ...ref, ownerAccountId: owner?.value ?? '' })
        : step === 'resolve'
          ? await call('problems/resolve', { ...ref, comment, fixLink: fixLink.trim() })
          : await call('problems/accept', { ...ref, comment });
    setBusy(false);
    if (answer.ok) props.onDone(answer.data);
    else if (!fields.showAnswer(answer.error, place)) props.onError(answer.error);
  };

  const onSubmit = (event: FormEvent): void => {
    event.preventDefault();
    if (!busy) void submit();
  };

  return (
    <form
      onSubmit={onSubmit}
      noValidate
      aria-label={t(`problems.list.${step}`, { issueKey: problem.issueKey })}
    >
      <Stack space="space.100">
        {step === 'assign' ? (
          <Stack space="space.050">
            <UserPicker
              inputId={`${prefix}-ownerAccountId`}
              label={t('problems.list.ownerLabel')}
              value={owner}
              onChange={setOwner}
              invalid={Boolean(errors.ownerAccountId)}
            />
            {errors.ownerAccountId ? (
              <Text color="color.text.danger">{errors.ownerAccountId}</Text>
            ) : null}
          </Stack>
        ) : (
          <TextArea
            id={`${prefix}-comment`}
            label={t(step === 'accept' ? 'problems.list.commentAccept' : 'problems.list.comment')}
            value={comment}
            onChange={setComment}
            max={PROBLEM_TEXT.comment.max}
            error={errors.comment}
            optional={step === 'resolve'}
            disabled={busy}
          />
        )}
        {step === 'resolve' ? (
          <InputField
            id={`${prefix}-fixLink`}
            label={t('problems.list.fixLink')}
            help={t('problems.list.fixLinkHelp')}
            value={fixLink}
            onChange={setFixLink}
            error={errors.fixLink}
            optional
            disabled={busy}
          />
        ) : null}
        <Inline space="space.100" alignBlock="center">
          <Button appearance="primary" type="submit" isLoading={busy}>
            {t('problems.list.save')}
          </Button>
          <Button appearance="subtle" onClick={props.onCancel} isDisabled={busy}>
            {t('problems.list.cancel')}
          </Button>
        </Inline>
      </Stack>
    </form>
  );
}

function ProblemItem(props: {
  problem: ProblemView;
  siteUrl: string;
  canTriage: boolean;
  onChanged: (problem: ProblemView) => void;
  onError: (error: AppError) => void;
}) {
  const { t, formatDate } = useTranslator();
  const { problem } = props;
  const [step, setStep] = useState<Step | null>(null);
  const [busy, setBusy] = useState(false);
  const open = problem.status === 'new' || problem.status === 'acknowledged';

  /** Acknowledging, or repeating the last step when Jira fell behind. */
  const quick = async (): Promise<void> => {
    setBusy(true);
    const ref = { problemId: problem.id, version: problem.version };
    const answer =
      problem.jiraInLine || problem.status === 'new' || problem.status === 'acknowledged'
        ? await call('problems/acknowledge', ref)
        : problem.status === 'resolved'
          ? await call('problems/resolve', {
              ...ref,
              comment: problem.closingComment,
              fixLink: problem.fixLink,
            })
          : await call('problems/accept', { ...ref, comment: problem.closingComment });
    setBusy(false);
    if (answer.ok) props.onChanged(answer.data);
    else props.onError(answer.error);
  };

  const where = [problem.departmentName, problem.phaseName].filter((part) => part !== '');
  return (
    <li className={`rc-problem${problem.severity === 'blocking' ? ' rc-problem-blocking' : ''}`}>
      <Stack space="space.100">
        <Inline space="space.100" alignBlock="center" shouldWrap>
          <ProductLink
            href={`${props.siteUrl}/browse/${problem.issueKey}`}
            to={{ target: 'issue', issueKey: problem.issueKey }}
          >
            {problem.issueKey}
          </ProductLink>
          <WeightedText weight="medium">{problem.summary}</WeightedText>
          <Lozenge appearance={STATUS_APPEARANCE[problem.status]}>
            {t(`problems.statuses.${problem.status}`)}
          </Lozenge>
          <Lozenge
            appearance={
              problem.severity === 'blocking' || problem.severity === 'high' ? 'removed' : 'default'
            }
          >
            {t(`problems.severities.${problem.severity}`)}
          </Lozenge>
          <Text size="small" color="color.text.subtle">
            {t(`problems.categories.${problem.category}`)}
          </Text>
        </Inline>
        <Text size="small" color="color.text.subtle">
          {t('problems.list.raised', {
            name: problem.raisedBy.displayName || problem.raisedBy.accountId,
            date: formatDate(problem.raisedAt),
            issueKey: problem.raisedOnIssueKey,
          })}
          {where.length > 0 ? ` · ${where.join(' · ')}` : ''}
        </Text>
        {problem.owner ? (
          <Text size="small">{t('problems.list.owner', { name: problem.owner.displayName })}</Text>
        ) : null}
        {problem.escalated && open ? (
          <Text size="small" color="color.text.warning">
            {t('problems.list.escalated')}
          </Text>
        ) : null}
        {problem.closingComment ? (
          <Text size="small">
            {t('problems.list.closing', { comment: problem.closingComment })}
          </Text>
        ) : null}
        {problem.fixLink ? (
          <ProductLink href={problem.fixLink} newTab>
            {t('problems.list.fixedBy')}
          </ProductLink>
        ) : null}
        {!problem.jiraInLine ? (
          <Text size="small" color="color.text.warning">
            {t('problems.list.jiraBehind')}
          </Text>
        ) : null}
        {props.canTriage && step ? (
          <StepForm
            problem={problem}
            step={step}
            onDone={(changed) => {
              setStep(null);
              props.onChanged(changed);
            }}
            onError={(error) => {
              setStep(null);
              props.onError(error);
            }}
            onCancel={() => {
              setStep(null);
            }}
          />
        ) : null}
        {props.canTriage && !step && (open || !problem.jiraInLine) ? (
          <div className="rc-problem-actions">
            {!problem.jiraInLine ? (
              <Button onClick={() => void quick()} isLoading={busy}>
                {t('problems.list.sync', { issueKey: problem.issueKey })}
              </Button>
            ) : null}
            {problem.jiraInLine && problem.status === 'new' ? (
              <Button appearance="primary" onClick={() => void quick()} isLoading={busy}>
                {t('problems.list.acknowledge', { issueKey: problem.issueKey })}
              </Button>
            ) : null}
            {problem.jiraInLine && open
              ? (['assign', 'resolve', 'accept'] as const).map((next) => (
                  <Button
                    key={next}
                    onClick={() => {
                      setStep(next);
                    }}
                    isDisabled={busy}
                  >
                    {t(`problems.list.${next}`, { issueKey: problem.issueKey })}
                  </Button>
                ))
              : null}
          </div>
        ) : null}
      </Stack>
    </li>
  );
}

/** A list of problems with triage; `onChanged` gets each problem as a step left it. */
export function ProblemList(props: {
  view: ProblemListView;
  /** The site's address: links to issues start there. */
  siteUrl: string;
  onChanged: (problem: ProblemView) => void;
  /** Someone else triaged first, or Jira refused: the caller says so and reloads. */
  onError: (error: AppError) => void;
}) {
  const { t } = useTranslator();
  const { view } = props;
  return (
    <Stack space="space.150">
      {!view.canTriage && view.problems.length > 0 ? (
        <Text color="color.text.subtle">{t('problems.list.readOnly')}</Text>
      ) : null}
      {view.problems.length === 0 ? (
        <Text color="color.text.subtle">{t('problems.list.empty')}</Text>
      ) : (
        <ul className="rc-problem-list" aria-label={t('problems.list.label')}>
          {view.problems.map((problem) => (
            <ProblemItem
              key={problem.id}
              problem={problem}
              siteUrl={props.siteUrl}
              canTriage={view.canTriage}
              onChanged={props.onChanged}
              onError={props.onError}
            />
          ))}
        </ul>
      )}
    </Stack>
  );
}

type State =
  | { status: 'loading' }
  | { status: 'failed'; error: AppError }
  | { status: 'ready'; view: ProblemListView };

/** The problems section of the anchor's panel: loads the list, shows it, announces each step. */
export function ProblemsSection(props: {
  siteUrl: string;
  /** Heading level where it is hosted (the panel's sections are h3). */
  headingLevel?: 'h2' | 'h3';
  /** After each triage step (the panel refreshes its counts). */
  onChanged?: (problem: ProblemView) => void;
  /** The list as the panel's load answered it (the section then skips its own first call). */
  initial?: Envelope<ProblemListView> | undefined;
}) {
  const { onChanged } = props;
  const Title = props.headingLevel ?? 'h2';
  const { t } = useTranslator();
  const [state, setState] = useState<State>(() => firstState(props.initial));
  const [given] = useState(props.initial !== undefined);
  const [notice, setNotice] = useState<AppError | null>(null);
  const [announcement, setAnnouncement] = useState('');

  const load = useCallback(async (): Promise<void> => {
    const answer = await call('problems/list', {});
    setState(
      answer.ok
        ? { status: 'ready', view: answer.data }
        : { status: 'failed', error: answer.error },
    );
  }, []);

  useEffect(() => {
    if (!given) void load();
  }, [given, load]);

  let body;
  if (state.status === 'loading') body = <Loading label={t('problems.list.loading')} />;
  else if (state.status === 'failed') {
    body = (
      <ErrorMessage
        title={t('problems.list.loadFailed')}
        error={state.error}
        onRetry={() => {
          setState({ status: 'loading' });
          void load();
        }}
      />
    );
  } else {
    const { view } = state;
    body = (
      <ProblemList
        view={view}
        siteUrl={props.siteUrl}
        onChanged={(changed) => {
          onChanged?.(changed);
          setNotice(null);
          setAnnouncement(
            t('problems.list.done', {
              issueKey: changed.issueKey,
              status: t(`problems.statuses.${changed.status}`),
            }),
          );
          setState({
            status: 'ready',
            view: {
              ...view,
              problems: view.problems.map((p) => (p.id === changed.id ? changed : p)),
            },
          });
        }}
        onError={(error) => {
          setNotice(error);
          void load();
        }}
      />
    );
  }
  return (
    <section aria-labelledby="problems-title">
      <Stack space="space.150">
        <Inline space="space.100" alignBlock="center" spread="space-between">
          <Title id="problems-title" className="rc-problem-title">
            {t('problems.list.title')}
          </Title>
          {state.status === 'ready' ? (
            <ProductLink
              href={`${props.siteUrl.replace(/\/+$/u, '')}/issues/?jql=${encodeURIComponent(state.view.jql)}`}
              newTab
            >
              {t('problems.list.search')}
            </ProductLink>
          ) : null}
        </Inline>
        {notice ? <ErrorMessage error={notice} /> : null}
        {body}
        <div aria-live="polite" role="status" className="rc-visually-hidden">
          {announcement}
        </div>
      </Stack>
    </section>
  );
}

/**
 * "New rollout strategy" and "Edit plan": the same six steps (what, who, phases, sessions,
 * targets, review) with a step indicator and Back/Next. "Next" checks only the step at hand;
 * creating or saving checks everything and sends once. The server has the last word: its field
 * paths come back onto the fields, and the flow goes to the first step that holds one.
 *
 * Creating is idempotent by one requestId kept for the whole flow: after a failure halfway
 * (Confluence or Jira did not answer), "Try again" sends the very same payload and the server
 * continues where it stopped; the flow says which parts exist already and keeps the plan locked
 * meanwhile, so the retry cannot describe something else than what was half-created.
 *
 * Its texts are its own messages (the line below), fetched with its chunk (lazyPart, EditPlan).
 */
// @ui-messages surfaces/strategy/StrategyWizard
import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import Button from '@atlaskit/button/new';
import Heading from '@atlaskit/heading';
import { SectionMessage } from '../../components/SectionMessage';
import { ReconfirmConfirm, reconfirmationAsked } from '../../components/ReconfirmConfirm';
import { Inline } from '@atlaskit/primitives/compiled/inline';
import { Stack } from '@atlaskit/primitives/compiled/stack';
import { Text } from '@atlaskit/primitives/compiled/text';
import type {
  AppError,
  ReconfirmItem,
  CreationSteps,
  DepartmentOption,
  StrategyDetail,
  StrategySpaceView,
} from '../../../contract';
import { call } from '../../invoke';
import { useTranslator } from '../../i18n';
import { ErrorMessage } from '../../components/ErrorMessage';
import { useFieldErrors } from '../../components/Field';
import { Loading } from '../../components/Loading';
import { ProgressSteps } from '../../components/ProgressSteps';
import {
  checkAll,
  checkStep,
  departmentsPayload,
  draftFromDetail,
  emptyDraft,
  errorsFromAnswer,
  fieldIds,
  firstStepWith,
  isSessionField,
  orderedKeys,
  planPayload,
  STEPS,
  stepOf,
  type CreatePayload,
  type Draft,
  type Errors,
  type Step,
  type UpdatePayload,
} from './draft';
import { chooserFieldId } from '../../components/DepartmentChooser';
import { sendUntilChecked } from '../../components/access-checks';
import { BasicsStep, DepartmentsStep, TargetsStep } from './steps';
import { PhasesStep } from './PhasesStep';
import { SessionsStep } from './SessionsStep';
import { ReviewStep } from './ReviewStep';

export type WizardMode =
  | { kind: 'create'; space: StrategySpaceView }
  | { kind: 'edit'; detail: StrategyDetail; options: DepartmentOption[]; spaceName: string };

type Sent = { kind: 'create'; payload: CreatePayload } | { kind: 'edit'; payload: UpdatePayload };

type Submission =
  | { status: 'idle' }
  | { status: 'busy' }
  /** The edit asks heads again: the user confirms it, or goes back to the form. */
  | { status: 'asking'; items: ReconfirmItem[]; payload: UpdatePayload }
  | { status: 'failed'; error: AppError; steps: CreationSteps | null; sent: Sent };

/** Where an error key's field is (to move focus to the first one). */
function fieldId(key: string): string {
  const chooser = chooserFieldId(key);
  if (chooser !== undefined) return chooser;
  const parts = key.split(':');
  const [kind = '', id = '', field = ''] = parts;
  switch (kind) {
    case 'title':
    case 'objective':
    case 'targetDate':
    case 'projectKey':
    case 'adoptionPercent':
    case 'readinessScore':
    case 'targetsBy':
      return fieldIds[kind];
    case 'phases':
      return fieldIds.addPhase;
    case 'phase':
      return field === 'tasks'
        ? fieldIds.phase(id, 'addTask')
        : fieldIds.phase(id, field === 'start' || field === 'end' ? field : 'name');
    case 'task':
      return fieldIds.task(field);
    case 'sessions':
      return fieldIds.addSession;
    case 'session':
      return fieldIds.session(id, isSessionField(field) ? field : 'title');
    default:
      return fieldIds.title;
  }
}

/**
 * Errors after which the form stays open to fix what they point at, and what it says then is
 * what is sent: the server refused before writing anything (invalid fields, a rollout too large
 * to store), or the title's page exists (a draft without its page takes the form's content on
 * retry, so it can be finished under another title).
 */
function formMayChange(error: AppError): boolean {
  return (
    error.code === 'VALIDATION' ||
    error.code === 'LIMIT' ||
    error.messageKey === 'errors.strategy.pageTitleTaken'
  );
}

function isCreationSteps(value: unknown): value is CreationSteps {
  if (typeof value !== 'object' || value === null) return false;
  const steps = value as Record<string, unknown>;
  return ['rollout', 'page', 'issue', 'linked'].every((key) => typeof steps[key] === 'boolean');
}

/** The creation steps a failure reports (`details.current`), if it reports them. */
function stepsOf(error: AppError): CreationSteps | null {
  const current = error.details?.current;
  if (isCreationSteps(current)) return current;
  if (typeof current === 'object' && current !== null && 'steps' in current) {
    const nested: unknown = current.steps;
    if (isCreationSteps(nested)) return nested;
  }
  return null;
}

function CreationChecklist(props: { steps: CreationSteps }) {
  const { t } = useTranslator();
  const order: (keyof CreationSteps)[] = ['rollout', 'page', 'issue', 'linked'];
  return (
    <ul className="rc-st-checklist" aria-label={t('strategy.create.stepsLabel')}>
      {order.map((step) => (
        <li key={step} className={props.steps[step] ? 'rc-st-check-done' : 'rc-st-check-todo'}>
          <span aria-hidden="true">{props.steps[step] ? '✓' : '○'}</span>{' '}
          {t(`strategy.create.step.${step}`)}
          <span className="rc-visually-hidden">
            {`, ${t(props.steps[step] ? 'strategy.create.done' : 'strategy.create.notYet')}`}
          </span>
        </li>
      ))}
    </ul>
  );
}

export function StrategyWizard(props: {
  mode: WizardMode;
  onDone: (detail: StrategyDetail, message: string) => void;
  onCancel: () => void;
  /** Someone else changed the rollout first (CONFLICT, NOT_FOUND): show it as it is now. */
  onStale: (error: AppError) => void;
  /** Inside a Jira panel the form sits under the panel's own h2; on its page it is the page's h1. */
  nested?: boolean;
}) {
  const { t } = useTranslator();
  const { mode } = props;
  const editing = mode.kind === 'edit' ? mode.detail : null;
  const options = mode.kind === 'create' ? mode.space.departments : mode.options;
  const projects = mode.kind === 'create' ? mode.space.projects : null;
  const spaceName = mode.kind === 'create' ? mode.space.space.name : mode.spaceName;
  // One id for the whole flow: every retry of this creation is the same request to the server.
  const [requestId] = useState(() => crypto.randomUUID());
  const [draft, setDraft] = useState<Draft>(() =>
    editing ? draftFromDetail(editing) : emptyDraft(projects ?? []),
  );
  const [stepIndex, setStepIndex] = useState(0);
  // The furthest step opened so far: every step of a plan being edited is complete already.
  const [furthest, setFurthest] = useState(editing ? STEPS.length - 1 : 0);
  const [unplaced, setUnplaced] = useState<string[]>([]);
  const [submission, setSubmission] = useState<Submission>({ status: 'idle' });
  const [confirmingCancel, setConfirmingCancel] = useState(false);
  const [checking, setChecking] = useState(false);
  const [announcement, setAnnouncement] = useState('');
  const headingRef = useRef<HTMLHeadingElement>(null);
  const moved = useRef(false);

  const step: Step = STEPS[stepIndex] ?? 'basics';
  // A rollout set up on its Jira issue has no space: phases are optional for it (decision 0048).
  const strategy = editing ? editing.space.id !== '' : true;
  const context = { options, projects, storedTargetDate: editing?.rollout.targetDate, strategy, t };
  // After a creation failed for another reason than the fields, part of the strategy may exist
  // (the server keeps it under the flow's requestId and finishes it on retry, whatever the form
  // says by then): the plan stays locked and "Try again" sends the very same payload.
  const locked =
    submission.status === 'failed' &&
    submission.sent.kind === 'create' &&
    !formMayChange(submission.error);

  const update = useCallback((change: (current: Draft) => Draft) => {
    setDraft(change);
  }, []);
  const announce = useCallback((message: string) => {
    setAnnouncement(message);
  }, []);

  // What the confirmation lists is what was sent: a change since makes it ask again.
  useEffect(() => {
    setSubmission((current) => (current.status === 'asking' ? { status: 'idle' } : current));
  }, [draft]);

  // A new step takes the focus to its heading, so screen readers start reading there.
  useEffect(() => {
    if (!moved.current) return;
    moved.current = false;
    headingRef.current?.focus();
  }, [stepIndex]);

  const goTo = (next: Step): void => {
    moved.current = true;
    const index = STEPS.indexOf(next);
    setStepIndex(index);
    setFurthest((current) => Math.max(current, index));
  };

  // The first invalid field of the step that holds the first error (which the flow then shows).
  const fieldErrors = useFieldErrors<string>((found) => {
    const target = firstStepWith(found) ?? step;
    return orderedKeys(found, draft)
      .filter((key) => stepOf(key) === target)
      .map(fieldId);
  });
  const { errors } = fieldErrors;

  /** Shows errors on the step that holds the first one, and focuses that field. */
  const showErrors = (found: Errors): void => {
    setStepIndex(STEPS.indexOf(firstStepWith(found) ?? step));
    fieldErrors.show(found);
  };

  /**
   * Leaving the first step of a new strategy: is the title's page free in the space? Asked
   * here so that a taken title is fixed where it is typed, not after five more steps. When the
   * check itself fails the flow goes on: creating checks again, before writing anything.
   */
  const titleIsFree = async (): Promise<boolean> => {
    if (editing || step !== 'basics') return true;
    setChecking(true);
    const answer = await call('strategy/checkTitle', { title: draft.title, rolloutId: requestId });
    setChecking(false);
    if (!answer.ok || answer.data.available) return true;
    showErrors({
      title: t('errors.strategy.pageTitleTaken', { title: answer.data.pageTitle }),
    });
    return false;
  };

  /** Leaves this step for `target` once it is right (forward only: going back never checks). */
  const leaveFor = async (target: Step): Promise<void> => {
    if (STEPS.indexOf(target) > stepIndex) {
      const found = checkStep(step, draft, context);
      if (Object.keys(found).length > 0) {
        showErrors(found);
        return;
      }
      if (!(await titleIsFree())) return;
    }
    fieldErrors.show({});
    goTo(target);
  };

  const next = (): void => {
    void leaveFor(STEPS[stepIndex + 1] ?? 'review');
  };

  const back = (): void => {
    fieldErrors.show({});
    goTo(STEPS[stepIndex - 1] ?? 'basics');
  };

  const send = async (sent: Sent): Promise<void> => {
    setSubmission({ status: 'busy' });
    setUnplaced([]);
    // A change that asks heads again checks their access in bounded batches: the flow stays
    // busy while the server goes through them, as the Approvals panel's request does.
    const answer =
      sent.kind === 'create'
        ? await call('strategy/create', sent.payload)
        : await sendUntilChecked(() => call('strategy/update', sent.payload));
    if (answer.ok) {
      setSubmission({ status: 'idle' });
      props.onDone(
        answer.data,
        t(sent.kind === 'create' ? 'strategy.create.created' : 'strategy.edit.saved', {
          title: answer.data.rollout.title,
        }),
      );
      return;
    }
    const { error } = answer;
    const asked = reconfirmationAsked(error);
    if (sent.kind === 'edit' && asked) {
      setSubmission({ status: 'asking', items: asked, payload: sent.payload });
      return;
    }
    if (sent.kind === 'edit' && (error.code === 'CONFLICT' || error.code === 'NOT_FOUND')) {
      props.onStale(error);
      return;
    }
    if (formMayChange(error)) {
      const mapped = errorsFromAnswer(error, sent.payload, t);
      if (Object.keys(mapped.errors).length > 0) {
        setSubmission({ status: 'idle' });
        setUnplaced(mapped.unplaced);
        showErrors(mapped.errors);
        return;
      }
    }
    setSubmission({ status: 'failed', error, steps: stepsOf(error), sent });
  };

  const submit = (): void => {
    const found = checkAll(draft, context);
    if (Object.keys(found).length > 0) {
      showErrors(found);
      return;
    }
    fieldErrors.show({});
    const departments = departmentsPayload(draft, options);
    const plan = planPayload(draft);
    const common = {
      title: draft.title,
      objective: draft.objective,
      targetDate: draft.targetDate,
      departments,
      plan,
    };
    void send(
      editing
        ? {
            kind: 'edit',
            payload: { rolloutId: editing.rollout.id, version: editing.rollout.version, ...common },
          }
        : { kind: 'create', payload: { requestId, projectKey: draft.projectKey, ...common } },
    );
  };

  const onSubmit = (event: FormEvent): void => {
    event.preventDefault();
    if (submission.status === 'busy' || checking) return;
    if (step === 'review') submit();
    else next();
  };

  const busy = submission.status === 'busy';
  const names = STEPS.map((candidate) => t(`strategy.step.${candidate}`));
  const stepBody = (() => {
    const stepProps = { draft, update, errors };
    switch (step) {
      case 'basics':
        return <BasicsStep {...stepProps} projects={projects} />;
      case 'departments':
        return <DepartmentsStep {...stepProps} options={options} />;
      case 'phases':
        return <PhasesStep {...stepProps} optional={!strategy} announce={announce} />;
      case 'sessions':
        return <SessionsStep {...stepProps} options={options} announce={announce} />;
      case 'targets':
        return <TargetsStep {...stepProps} />;
      case 'review':
        return (
          <ReviewStep
            draft={draft}
            options={options}
            spaceName={spaceName}
            strategy={strategy}
            editing={Boolean(editing)}
            goTo={goTo}
          />
        );
    }
  })();

  return (
    <Stack space="space.300">
      <Stack space="space.100">
        <Heading
          size={props.nested === true ? 'medium' : 'large'}
          as={props.nested === true ? 'h3' : 'h1'}
        >
          {editing
            ? t('strategy.edit.title', { title: editing.rollout.title })
            : t('strategy.create.title')}
        </Heading>
        <ProgressSteps
          label={t('strategy.stepsLabel')}
          steps={names}
          current={stepIndex}
          stateText={(state) => t(`strategy.stepState.${state}`)}
          reachable={furthest}
          {...(busy || locked
            ? {}
            : {
                onSelect: (index: number) => {
                  // Going forward leaves this step: it must be right, as with "Next".
                  void leaveFor(STEPS[index] ?? 'basics');
                },
              })}
        />
      </Stack>
      {editing?.rollout.approvalState === 'approved' ? (
        <SectionMessage appearance="warning" title={t('strategy.edit.approvedTitle')}>
          <p>{t('strategy.edit.approvedWarning')}</p>
        </SectionMessage>
      ) : null}
      <form
        noValidate
        onSubmit={onSubmit}
        aria-labelledby="strategy-step-title"
        className="rc-st-form"
      >
        <Stack space="space.200">
          <Heading size="medium" as={props.nested === true ? 'h4' : 'h2'} id="strategy-step-title">
            <span ref={headingRef} tabIndex={-1} className="rc-st-step-heading">
              {t('strategy.stepHeading', {
                number: stepIndex + 1,
                count: STEPS.length,
                name: names[stepIndex] ?? '',
              })}
            </span>
          </Heading>
          {Object.keys(errors).length > 0 ? (
            <div role="alert">
              <Text color="color.text.danger">
                {t('strategy.fixErrors', { count: Object.keys(errors).length })}
              </Text>
            </div>
          ) : null}
          {unplaced.length > 0 ? (
            <SectionMessage appearance="warning">
              {unplaced.map((line) => (
                <p key={line}>{line}</p>
              ))}
            </SectionMessage>
          ) : null}
          <fieldset className="rc-fieldset" disabled={busy || locked}>
            {stepBody}
          </fieldset>
          {busy ? (
            <Loading
              label={
                editing
                  ? t(strategy ? 'strategy.edit.saving' : 'strategy.edit.savingNoPage')
                  : t('strategy.create.creating')
              }
            />
          ) : null}
          {checking ? <Loading label={t('strategy.create.checkingTitle')} /> : null}
          {submission.status === 'failed' && step === 'review' ? (
            <Stack space="space.100">
              <ErrorMessage
                error={submission.error}
                title={editing ? t('strategy.edit.failed') : t('strategy.create.failed')}
              />
              {locked ? <Text>{t('strategy.create.partial')}</Text> : null}
              {submission.steps ? <CreationChecklist steps={submission.steps} /> : null}
            </Stack>
          ) : null}
          {submission.status === 'asking' && step === 'review' ? (
            <ReconfirmConfirm
              items={submission.items}
              busy={false}
              onConfirm={() => {
                void send({
                  kind: 'edit',
                  payload: { ...submission.payload, confirmReconfirmation: true },
                });
              }}
              onBack={() => {
                setSubmission({ status: 'idle' });
              }}
            />
          ) : null}
          <Inline space="space.100" alignBlock="center" shouldWrap>
            {stepIndex > 0 ? (
              <Button appearance="default" isDisabled={busy || locked} onClick={back}>
                {t('strategy.back')}
              </Button>
            ) : null}
            {step !== 'review' ? (
              <Button appearance="primary" type="submit" isDisabled={busy} isLoading={checking}>
                {t('strategy.next')}
              </Button>
            ) : submission.status === 'failed' ? (
              <Button
                appearance="primary"
                onClick={() => {
                  // Half-created: the same payload again. Nothing created: what the form says now.
                  if (locked) void send(submission.sent);
                  else submit();
                }}
              >
                {t('common.retry')}
              </Button>
            ) : (
              <Button
                appearance="primary"
                type="submit"
                isLoading={busy}
                isDisabled={submission.status === 'asking'}
              >
                {editing ? t('strategy.edit.save') : t('strategy.create.submit')}
              </Button>
            )}
            {confirmingCancel ? (
              <Inline space="space.100" alignBlock="center" shouldWrap>
                <Text>
                  {editing
                    ? t('strategy.edit.discardQuestion')
                    : t('strategy.create.discardQuestion')}
                </Text>
                <Button appearance="danger" onClick={props.onCancel}>
                  {t('strategy.discard')}
                </Button>
                <Button
                  appearance="subtle"
                  onClick={() => {
                    setConfirmingCancel(false);
                  }}
                >
                  {t('strategy.keepEditing')}
                </Button>
              </Inline>
            ) : (
              <Button
                appearance="subtle"
                isDisabled={busy}
                onClick={() => {
                  // Part of it may exist already: leaving loses nothing the list does not show.
                  if (locked) props.onCancel();
                  else setConfirmingCancel(true);
                }}
              >
                {t('common.cancel')}
              </Button>
            )}
          </Inline>
        </Stack>
      </form>
      <div aria-live="polite" role="status" className="rc-visually-hidden">
        {announcement}
      </div>
    </Stack>
  );
}

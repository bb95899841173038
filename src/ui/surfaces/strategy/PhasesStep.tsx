/**
 * Step 3: the rollout's phases in order, each with its dates and optional tasks (work that is not
 * a session, e.g. "Migrate customer data": one Jira issue each). Phases can be added, removed and
 * moved; focus follows the phase that moved so keyboard users keep their place.
 */
import Button from '@atlaskit/button/new';
import Textfield from '@atlaskit/textfield';
import { Inline } from '@atlaskit/primitives/compiled/inline';
import { Stack } from '@atlaskit/primitives/compiled/stack';
import { Text } from '@atlaskit/primitives/compiled/text';
import {
  PLAN_PHASE_NAME_MAX,
  PLAN_PHASE_TASKS_MAX,
  PLAN_PHASES_MAX,
  PLAN_TEXT_MAX,
} from '../../../domain/limits';
import { useTranslator } from '../../i18n';
import { NearLimitCount } from '../../components/CharacterCount';
import { describedBy, FieldError, FieldHelp, focusLater } from '../../components/Field';
import { InputField } from '../../components/InputField';
import { emptyPhase, fieldIds, newId, type DraftPhase } from './draft';
import type { StepProps } from './steps';
import { WeightedText } from '../../components/WeightedText';

const buttonId = (phaseId: string, action: 'up' | 'down' | 'remove') =>
  `phase-${phaseId}-${action}`;

function PhaseCard(
  props: StepProps & {
    phase: DraftPhase;
    index: number;
    count: number;
    /** The last phase may go too (a rollout set up on its Jira issue). */
    optional: boolean;
    announce: (message: string) => void;
  },
) {
  const { t } = useTranslator();
  const { phase, index, count, errors, update, announce } = props;
  const number = index + 1;
  const label = phase.name.trim() || t('strategy.phases.untitled', { number });
  const key = `phase:${phase.id}`;

  const setPhase = (change: Partial<DraftPhase>): void => {
    update((draft) => ({
      ...draft,
      phases: draft.phases.map((candidate) =>
        candidate.id === phase.id ? { ...candidate, ...change } : candidate,
      ),
    }));
  };

  const move = (by: -1 | 1): void => {
    update((draft) => {
      const phases = [...draft.phases];
      const from = phases.findIndex((candidate) => candidate.id === phase.id);
      const moved = phases[from];
      if (!moved || from + by < 0 || from + by >= phases.length) return draft;
      phases.splice(from, 1);
      phases.splice(from + by, 0, moved);
      return { ...draft, phases };
    });
    announce(t('strategy.phases.moved', { name: label, position: number + by, count }));
    // Keep the focus on the button pressed, unless the phase reached the end it was moving to.
    const edge = by < 0 ? index + by === 0 : index + by === count - 1;
    const same = buttonId(phase.id, by < 0 ? 'up' : 'down');
    const other = buttonId(phase.id, by < 0 ? 'down' : 'up');
    focusLater(edge ? [other, same] : [same, other]);
  };

  const remove = (): void => {
    const orphans = props.draft.sessions.filter((session) => session.phaseId === phase.id).length;
    // Sessions of the removed phase keep their other fields and wait for another phase.
    update((draft) => ({
      ...draft,
      phases: draft.phases.filter((candidate) => candidate.id !== phase.id),
      sessions: draft.sessions.map((session) =>
        session.phaseId === phase.id ? { ...session, phaseId: '' } : session,
      ),
    }));
    announce(
      orphans > 0
        ? t('strategy.phases.removedWithSessions', { name: label, count: orphans })
        : t('strategy.phases.removed', { name: label }),
    );
    focusLater([fieldIds.addPhase]);
  };

  const addTask = (): void => {
    const task = { id: newId(), title: '' };
    setPhase({ tasks: [...phase.tasks, task] });
    focusLater([fieldIds.task(task.id)]);
  };

  const removeTask = (taskId: string, position: number): void => {
    const remaining = phase.tasks.filter((task) => task.id !== taskId);
    setPhase({ tasks: remaining });
    const next = remaining[position] ?? remaining[position - 1];
    focusLater(next ? [fieldIds.task(next.id)] : [fieldIds.phase(phase.id, 'addTask')]);
  };

  const tasksError = errors[`${key}:tasks`];
  return (
    <li className="rc-st-card">
      <fieldset className="rc-fieldset">
        <legend className="rc-legend">
          {t('strategy.phases.legend', { number, name: label })}
        </legend>
        <Stack space="space.150">
          <InputField
            id={fieldIds.phase(phase.id, 'name')}
            label={t('strategy.phases.name')}
            value={phase.name}
            maxLength={PLAN_PHASE_NAME_MAX}
            placeholder={t('strategy.phases.namePlaceholder')}
            error={errors[`${key}:name`]}
            onChange={(name) => {
              setPhase({ name });
            }}
          />
          <Inline space="space.200" shouldWrap>
            <InputField
              id={fieldIds.phase(phase.id, 'start')}
              label={t('strategy.phases.start')}
              type="date"
              size="date"
              value={phase.start}
              error={errors[`${key}:start`]}
              onChange={(start) => {
                setPhase({ start });
              }}
            />
            <InputField
              id={fieldIds.phase(phase.id, 'end')}
              label={t('strategy.phases.end')}
              type="date"
              size="date"
              value={phase.end}
              error={errors[`${key}:end`]}
              onChange={(end) => {
                setPhase({ end });
              }}
            />
          </Inline>
          <Stack space="space.075">
            <WeightedText size="small" weight="semibold" color="color.text.subtle">
              {t('strategy.phases.tasks')}
            </WeightedText>
            <FieldHelp id={`${key}-tasks-help`}>{t('strategy.phases.tasksHelp')}</FieldHelp>
            {phase.tasks.length > 0 ? (
              <ul
                className="rc-st-tasks"
                aria-label={t('strategy.phases.tasksOf', { name: label })}
              >
                {phase.tasks.map((task, position) => {
                  const taskError = errors[`task:${phase.id}:${task.id}`];
                  const id = fieldIds.task(task.id);
                  return (
                    <li key={task.id}>
                      <Inline space="space.100" alignBlock="start">
                        <div className="rc-st-grow">
                          <Textfield
                            id={id}
                            isCompact
                            value={task.title}
                            isInvalid={Boolean(taskError)}
                            aria-label={t('strategy.phases.taskLabel', {
                              number: position + 1,
                              name: label,
                            })}
                            aria-describedby={describedBy(taskError && `${id}-error`)}
                            placeholder={t('strategy.phases.taskPlaceholder')}
                            onChange={(event) => {
                              const title = event.currentTarget.value;
                              setPhase({
                                tasks: phase.tasks.map((candidate) =>
                                  candidate.id === task.id ? { ...candidate, title } : candidate,
                                ),
                              });
                            }}
                          />
                          <NearLimitCount
                            id={`${id}-count`}
                            value={task.title}
                            max={PLAN_TEXT_MAX}
                          />
                          <FieldError id={`${id}-error`} text={taskError} />
                        </div>
                        <Button
                          appearance="subtle"
                          spacing="compact"
                          aria-label={t('strategy.phases.removeTaskNamed', {
                            number: position + 1,
                            name: label,
                          })}
                          onClick={() => {
                            removeTask(task.id, position);
                          }}
                        >
                          {t('strategy.remove')}
                        </Button>
                      </Inline>
                    </li>
                  );
                })}
              </ul>
            ) : null}
            <FieldError id={`${key}-tasks-error`} text={tasksError} />
            <div>
              <Button
                appearance="subtle"
                spacing="compact"
                id={fieldIds.phase(phase.id, 'addTask')}
                isDisabled={phase.tasks.length >= PLAN_PHASE_TASKS_MAX}
                aria-describedby={`${key}-tasks-help`}
                aria-label={t('strategy.phases.addTaskTo', { name: label })}
                onClick={addTask}
              >
                {t('strategy.phases.addTask')}
              </Button>
            </div>
          </Stack>
          <Inline space="space.100" shouldWrap>
            <Button
              appearance="subtle"
              spacing="compact"
              id={buttonId(phase.id, 'up')}
              isDisabled={index === 0}
              aria-label={t('strategy.phases.moveUpNamed', { name: label })}
              onClick={() => {
                move(-1);
              }}
            >
              {t('strategy.phases.moveUp')}
            </Button>
            <Button
              appearance="subtle"
              spacing="compact"
              id={buttonId(phase.id, 'down')}
              isDisabled={index === count - 1}
              aria-label={t('strategy.phases.moveDownNamed', { name: label })}
              onClick={() => {
                move(1);
              }}
            >
              {t('strategy.phases.moveDown')}
            </Button>
            <Button
              appearance="subtle"
              spacing="compact"
              id={buttonId(phase.id, 'remove')}
              isDisabled={count === 1 && !props.optional}
              aria-label={t('strategy.phases.removeNamed', { name: label })}
              onClick={remove}
            >
              {t('strategy.phases.remove')}
            </Button>
          </Inline>
        </Stack>
      </fieldset>
    </li>
  );
}

export function PhasesStep(
  props: StepProps & {
    /** Phases are optional (a rollout set up on its Jira issue): no phase is a valid plan. */
    optional: boolean;
    announce: (message: string) => void;
  },
) {
  const { t } = useTranslator();
  const { draft, errors, update } = props;
  const add = (): void => {
    const last = draft.phases[draft.phases.length - 1];
    const phase = emptyPhase(last?.end ?? '');
    update((current) => ({ ...current, phases: [...current.phases, phase] }));
    props.announce(t('strategy.phases.added', { number: draft.phases.length + 1 }));
    focusLater([fieldIds.phase(phase.id, 'name')]);
  };
  return (
    <Stack space="space.200">
      <Text color="color.text.subtle">{t('strategy.phases.intro')}</Text>
      {props.optional ? <Text>{t('strategy.phases.optional')}</Text> : null}
      <ol className="rc-st-cards" aria-label={t('strategy.phases.listLabel')}>
        {draft.phases.map((phase, index) => (
          <PhaseCard
            key={phase.id}
            {...props}
            phase={phase}
            index={index}
            count={draft.phases.length}
          />
        ))}
      </ol>
      <FieldError id="strategy-phases-error" text={errors.phases} />
      <div>
        <Button
          id={fieldIds.addPhase}
          appearance="default"
          isDisabled={draft.phases.length >= PLAN_PHASES_MAX}
          aria-describedby={describedBy(errors.phases && 'strategy-phases-error')}
          onClick={add}
        >
          {t('strategy.phases.add')}
        </Button>
      </div>
      {draft.phases.length >= PLAN_PHASES_MAX ? (
        <Text size="small" color="color.text.subtlest">
          {t('errors.plan.tooManyPhases', { max: PLAN_PHASES_MAX })}
        </Text>
      ) : null}
    </Stack>
  );
}

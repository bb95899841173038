/**
 * Step 6: everything the flow will send, in words, each part with a way back to change it, and
 * what creating (or saving) will do in Confluence and Jira.
 */
import type { ReactNode } from 'react';
import Button from '@atlaskit/button/new';
import Heading from '@atlaskit/heading';
import { Inline } from '@atlaskit/primitives/compiled/inline';
import { Stack } from '@atlaskit/primitives/compiled/stack';
import { Text } from '@atlaskit/primitives/compiled/text';
import type { DepartmentOption, SessionKind } from '../../../contract';
import { useTranslator } from '../../i18n';
import { isIsoDay } from '../../../domain/rules/dates';
import { SESSION_KINDS } from '../../../domain/rules/plan';
import { formatDay, formatDayRange } from '../../components/dates';
import { chosenDepartments, type Draft, type Step } from './draft';
import { WeightedText } from '../../components/WeightedText';

function Part(props: {
  id: string;
  title: string;
  onChange: () => void;
  changeLabel: string;
  children: ReactNode;
}) {
  const { t } = useTranslator();
  return (
    <section className="rc-st-review-part" aria-labelledby={props.id}>
      <Stack space="space.100">
        <Inline space="space.100" alignBlock="center" spread="space-between">
          <Heading size="xxsmall" as="h3" id={props.id}>
            {props.title}
          </Heading>
          <Button
            appearance="subtle"
            spacing="compact"
            aria-label={props.changeLabel}
            onClick={props.onChange}
          >
            {t('strategy.review.change')}
          </Button>
        </Inline>
        {props.children}
      </Stack>
    </section>
  );
}

export function ReviewStep(props: {
  draft: Draft;
  options: DepartmentOption[];
  spaceName: string;
  /** A strategy has a page to update; a rollout set up on its Jira issue has none. */
  strategy: boolean;
  editing: boolean;
  goTo: (step: Step) => void;
}) {
  const { t, locale } = useTranslator();
  const { draft } = props;
  const day = (value: string) => (isIsoDay(value) ? formatDay(locale, value) : value);
  const number = new Intl.NumberFormat(locale);
  const departments = chosenDepartments(draft, props.options);
  const byKind = new Map<SessionKind, number>();
  for (const session of draft.sessions)
    byKind.set(session.kind, (byKind.get(session.kind) ?? 0) + 1);
  const kinds = SESSION_KINDS.filter((kind) => byKind.has(kind)).map((kind) =>
    t(`plan.kindCount.${kind}`, { count: number.format(byKind.get(kind) ?? 0) }),
  );
  const tasks = draft.phases.reduce((sum, phase) => sum + phase.tasks.length, 0);
  const targets = [
    draft.adoptionPercent.trim()
      ? t('plan.targets.adoption', { value: draft.adoptionPercent.trim() })
      : null,
    draft.readinessScore.trim()
      ? t('plan.targets.readiness', { value: draft.readinessScore.trim() })
      : null,
    draft.targetsBy.trim() ? t('plan.targets.by', { date: day(draft.targetsBy.trim()) }) : null,
  ].filter((line): line is string => line !== null);
  const change = (step: Step, title: string) => ({
    onChange: () => {
      props.goTo(step);
    },
    changeLabel: t('strategy.review.changeNamed', { part: title }),
  });

  return (
    <Stack space="space.200">
      <Text color="color.text.subtle">
        {props.editing ? t('strategy.review.introEdit') : t('strategy.review.intro')}
      </Text>
      <Part
        id="review-basics"
        title={t('strategy.step.basics')}
        {...change('basics', t('strategy.step.basics'))}
      >
        <dl className="rc-definitions">
          <div>
            <dt>{t('strategy.form.title')}</dt>
            <dd>{draft.title.trim()}</dd>
          </div>
          <div>
            <dt>{t('strategy.form.targetDate')}</dt>
            <dd>{day(draft.targetDate)}</dd>
          </div>
          <div>
            <dt>{t('strategy.form.project')}</dt>
            <dd>{draft.projectKey}</dd>
          </div>
        </dl>
        <p className="rc-st-prose">{draft.objective.trim()}</p>
      </Part>
      <Part
        id="review-departments"
        title={t('strategy.step.departments')}
        {...change('departments', t('strategy.step.departments'))}
      >
        <ul className="rc-st-list">
          {departments.map((department) => {
            const choice = draft.choices[department.id];
            return (
              <li key={department.id}>
                {t('strategy.review.department', {
                  department: department.name,
                  head: choice?.head.displayName ?? department.head.displayName,
                  stage: choice?.stage ?? '1',
                })}
              </li>
            );
          })}
        </ul>
      </Part>
      <Part
        id="review-phases"
        title={t('strategy.step.phases')}
        {...change('phases', t('strategy.step.phases'))}
      >
        <ol className="rc-st-list">
          {draft.phases.map((phase) => (
            <li key={phase.id}>
              {t(
                phase.tasks.length > 0 ? 'strategy.review.phaseWithTasks' : 'strategy.review.phase',
                {
                  name: phase.name.trim(),
                  dates:
                    isIsoDay(phase.start) && isIsoDay(phase.end)
                      ? formatDayRange(locale, phase.start, phase.end)
                      : `${phase.start} – ${phase.end}`,
                  count: phase.tasks.length,
                },
              )}
            </li>
          ))}
        </ol>
      </Part>
      <Part
        id="review-sessions"
        title={t('strategy.step.sessions')}
        {...change('sessions', t('strategy.step.sessions'))}
      >
        {draft.sessions.length === 0 ? (
          <div className="rc-st-warning" role="note" aria-label={t('strategy.review.warning')}>
            <WeightedText weight="semibold">{t('strategy.review.noSessions')}</WeightedText>
            <Text size="small">{t('strategy.review.noSessionsHint')}</Text>
          </div>
        ) : (
          <Text>
            {t('strategy.review.sessions', {
              count: number.format(draft.sessions.length),
              kinds: new Intl.ListFormat(locale, { type: 'conjunction' }).format(kinds),
            })}
          </Text>
        )}
        <Text size="small" color="color.text.subtle">
          {t('strategy.review.issues', { count: draft.sessions.length + tasks })}
        </Text>
      </Part>
      <Part
        id="review-targets"
        title={t('strategy.step.targets')}
        {...change('targets', t('strategy.step.targets'))}
      >
        {targets.length === 0 ? (
          <Text color="color.text.subtle">{t('strategy.review.noTargets')}</Text>
        ) : (
          <ul className="rc-st-list">
            {targets.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        )}
      </Part>
      <Text>
        {props.editing
          ? t(
              props.strategy
                ? 'strategy.review.whatSaveDoes'
                : 'strategy.review.whatSaveDoesNoPage',
            )
          : t('strategy.review.whatCreateDoes', {
              space: props.spaceName,
              project: draft.projectKey,
            })}
      </Text>
    </Stack>
  );
}

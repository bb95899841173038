/**
 * The rollout's life in Jira: the coordinator writes the strategy and pushes the plan into work
 * issues, people close the work they finished (written straight into the emulator, as people do
 * in Jira itself), and the daily jobs of the last week run on their own days.
 */
import type { LocalHost } from '../../host';
import type { StrategyDetail } from '../../../src/contract';
import { accountOf, act, runDaily, spacePage } from './act';
import { dayFrom, DEMO_ROLLOUT_IDS, demoRolloutPayload, id } from './plan';

/** The rollout's work issues in Jira, by the plan item they were made from. */
function workIssues(
  host: LocalHost,
  rolloutId: string,
  anchorKey: string,
): Map<string, { id: number; key: string }> {
  const jira = host.products.jira;
  const anchor = jira.issues.getIssue(anchorKey);
  if (!anchor) throw new Error(`Seed issue ${anchorKey} is missing`);
  const found = new Map<string, { id: number; key: string }>();
  for (const issue of jira.issues.childrenOf(anchor.id)) {
    const property = jira.issues.getIssueProperty(issue.id, 'rollout-coordinator') as
      { rolloutId?: unknown; role?: unknown; planItemId?: unknown } | undefined;
    if (
      property?.rolloutId === rolloutId &&
      property.role === 'work' &&
      typeof property.planItemId === 'string'
    ) {
      found.set(property.planItemId, { id: issue.id, key: issue.key });
    }
  }
  return found;
}

/** A task's and a session's plan item id, as the push names them (domain/plan.ts workItems). */
export const taskItem = (phaseId: string, taskId: string): string =>
  `phase:${phaseId}:task:${taskId}`;
export const sessionItem = (sessionId: string): string => `session:${sessionId}`;

/** The sessions held so far (the pilot's two and the kick-off): their issues are done in Jira. */
export const HELD_SESSIONS: readonly string[] = [id(101), id(102), id(103)];

export interface DemoRollout {
  rolloutId: string;
  anchorKey: string;
  pageId: string | null;
  /** The rollout's work issues by plan item id (`session:<id>`, `phase:<id>:task:<id>`). */
  work: ReadonlyMap<string, { id: number; key: string }>;
}

/** The coordinator writes the strategy: the rollout, its page and its anchor issue. */
export async function writeStrategy(host: LocalHost, today: Date): Promise<DemoRollout> {
  const detail: StrategyDetail = await act(
    host,
    spacePage(host),
    'coordinator',
    'strategy/create',
    demoRolloutPayload(today, accountOf(host, 'coordinator'), accountOf(host, 'head-finance')),
  );
  return {
    rolloutId: detail.rollout.id,
    anchorKey: detail.rollout.issue.key,
    pageId: detail.page?.id ?? null,
    work: new Map(),
  };
}

/** The coordinator pushes the plan; the push job runs to its end before the seed goes on. */
export async function pushPlan(host: LocalHost, rollout: DemoRollout): Promise<DemoRollout> {
  const { rolloutId, anchorKey } = rollout;
  const space = spacePage(host);
  await act(host, space, 'coordinator', 'strategy/push', { rolloutId });
  await host.events.drain();
  const push = await act(host, space, 'coordinator', 'strategy/push-status', { rolloutId });
  if (push.job?.state !== 'done' || push.inJira !== push.total) {
    throw new Error(`Seeding: the push of ${anchorKey} ended ${push.job?.state ?? 'unstarted'}`);
  }
  return { ...rollout, work: workIssues(host, rolloutId, anchorKey) };
}

export function workIssue(rollout: DemoRollout, planItemId: string): { id: number; key: string } {
  const issue = rollout.work.get(planItemId);
  if (!issue) throw new Error(`Seeding: no work issue for plan item ${planItemId}`);
  return issue;
}

/**
 * When people closed the finished work in Jira, in days from today: the pilot's training and
 * feedback hour and its first task before the week, the cost-centre import the day the pilot
 * ended, the kick-off's issue the day it was held, the intranet announcement yesterday. Each day
 * of the last week has its daily snapshot (see `pastWeek`), so the trend's done work grows.
 */
const FINISHED_ON: readonly (readonly [days: number, items: readonly string[]])[] = [
  [-7, [taskItem(DEMO_ROLLOUT_IDS.phases[0], id(201)), sessionItem(id(101)), sessionItem(id(102))]],
  [-5, [taskItem(DEMO_ROLLOUT_IDS.phases[0], id(202))]],
  [-3, [sessionItem(id(103))]],
  [-1, [taskItem(DEMO_ROLLOUT_IDS.phases[1], id(211))]],
];

/** People close the issues they finished on `day` (days from today), in Jira. */
export function finishWork(host: LocalHost, rollout: DemoRollout, day: number): void {
  const done = host.products.jira.projects.getStatus('Done');
  if (!done) throw new Error('Seeding: ROLL has no Done status');
  for (const [on, items] of FINISHED_ON) {
    if (on !== day) continue;
    for (const item of items)
      host.products.jira.issues.setIssueStatus(workIssue(rollout, item).id, done.id);
  }
}

/**
 * The last week as the daily jobs lived it: each of the six days before today, the work people
 * closed that day, then that night's reconciliation (the emulator sends no product event for a
 * status set straight in it, as after a dropped event) and progress snapshot, both run by the
 * host with the app's clock at 23:00 UTC on that day. The snapshots are what the real job wrote
 * then: work done by that day, overdue against that day, plan expected at that day.
 */
export async function pastWeek(host: LocalHost, rollout: DemoRollout, today: Date): Promise<void> {
  for (const [on] of FINISHED_ON) if (on < -6) finishWork(host, rollout, on);
  for (let day = -6; day <= -1; day += 1) {
    finishWork(host, rollout, day);
    const at = new Date(`${dayFrom(today, day)}T23:00:00.000Z`);
    await runDaily(host, 'work-reconciliation', at);
    await runDaily(host, 'daily-progress-snapshots', at);
  }
}

/**
 * One delivery of a push event (src/jobs/push-plan.ts hands it over): creates the plan's missing
 * Jira issues, one per plan item (each session, each phase task), in bulk (≤ 50 a call) as the user
 * who asked for the push, each with the `rollout-coordinator` property that ties it to its plan
 * item, a due date, labels (the rollout's and the phase's) and the anchor issue as its parent, so
 * that Jira lists it among the anchor's children (an anchor that is not an epic cannot be a
 * parent: the work is linked to it instead, and the push says so). Work issues of earlier pushes,
 * linked to the anchor, are moved under it once (docs/decisions/0013). It writes its progress to
 * the job after every bulk call; the UI polls it. What each issue holds: ./push-issues.ts.
 *
 * Events are delivered at least once, so a delivery may be the second of the same event, a retry
 * of one that was cut short, or a copy arriving while another works. Never a duplicate issue:
 * - A delivery claims the job (a version-conditioned write) before it creates anything; another
 *   delivery that finds it claimed comes back later, and one that finds it finished, or replaced
 *   by a newer push, does nothing.
 * - What exists is read from Jira itself, by the property (one search, as the app), never from
 *   our memory alone; the plan items created in the last ten minutes are remembered in the job
 *   as well, since Jira's search index can lag behind a create.
 * - A bulk call that fails with a 5xx may have created issues all the same: before sending its
 *   items again, the consumer looks them up by property and sends only those still missing.
 *
 * Never asleep inside the function: when Jira answers 429, the delivery saves its progress and
 * asks for the event again after Jira's Retry-After; when its time runs short, it asks to
 * continue in a fresh invocation; when storage or Jira fail it retries later the same way, and
 * gives up with the reason after a few attempts.
 */
import {
  BULK_CREATE_MAX,
  jqlString,
  type ChangeOutcome,
  type JiraPort,
} from '../../atlassian/jira/port';
import { UpstreamError } from '../../atlassian/errors';
import type { AppError } from '../../contract/envelope';
import { chunks } from '../../domain/chunks';
import { planItems, planOf, type PlanItem } from '../../domain/plan';
import {
  ERRORS_MAX,
  isClaimed,
  isFinished,
  nextVersion,
  recentIssues,
  shortReason,
  type PushFailure,
  type PushJob,
} from '../../domain/push-job';
import { appErrorOf, failure, internalError } from '../failures';
import { seedWorkStates } from '../work-states';
import type { Ports } from '../ports';
import { projectForbidden, strategyNotFound, workJql } from './context';
import {
  EARLIER_LINK_TYPE,
  movesOf,
  newIssue,
  planItemOf,
  workIssueType,
  type IssueContext,
  type Move,
} from './push-issues';

/** A delivery creates the issues as the user who asked (`jiraAs`): it has no user of its own. */
export type PushPlanPorts = Pick<
  Ports,
  'rollouts' | 'confluence' | 'pushJobs' | 'now' | 'newId' | 'remainingMs' | 'jiraAs' | 'workStates'
>;

/** What a delivery asks of the platform: the same event again in `ms`; undefined when done. */
export interface Redeliver {
  ms: number;
  /** Jira throttled the push, or the delivery simply goes on later. */
  reason: 'throttled' | 'later';
}

/** The job an event names, and how often the platform delivered it again already. */
export interface PushEvent {
  jobId: string;
  rolloutId: string;
  retryCount: number;
}

/** A plan has at most 500 sessions and 12 × 20 tasks: the search never needs more. */
const FOUND_MAX = 1_000;
/** Attempts per bulk chunk when Jira answers 5xx (each after looking what it made). */
const CHUNK_ATTEMPTS = 2;
/** No bulk call starts with less than this left in the invocation. */
const SAFETY_MS = 30_000;
/** A copy of the event that finds another delivery at work looks again this much later. */
const BUSY_POLL_MS = 3_000;
/** When Jira answers 429 without saying how long to wait. */
const THROTTLED_MS = 10_000;
/** First wait after a failed delivery, doubling each time. */
const FAILURE_BACKOFF_MS = 15_000;

/** Errors that another attempt would meet again: the job stops and says why. */
const PERMANENT = new Set<AppError['code']>(['VALIDATION', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT']);

function retryIn(ms: number, reason: Redeliver['reason']): Redeliver {
  return { ms, reason };
}

/** Earlier issues moved under the anchor at once (each an edit, then a link removal). */
const MOVE_PARALLEL = 5;
/** Moves between two progress writes. */
const MOVES_PER_WRITE = 50;

/** Someone else wrote the job since this delivery read it (a newer push): stop, quietly. */
class Superseded extends Error {}

/** One delivery's work on a job it has claimed; `job` is the version it last wrote. */
class Delivery {
  /** The plan item of each issue the search found, by issue key. */
  private keys = new Map<string, string>();

  constructor(
    private readonly ports: PushPlanPorts,
    private job: PushJob,
  ) {}

  /** Changes that ride along with the next write (no write of their own). */
  private carried: Partial<PushJob> = {};

  private async save(changes: Partial<PushJob>): Promise<void> {
    const next = nextVersion(this.job, { ...this.carried, ...changes }, this.ports.now());
    if ((await this.ports.pushJobs.replace(this.job, next)) === 'stale') throw new Superseded();
    this.job = next;
    this.carried = {};
  }

  private release(): Partial<PushJob> {
    return { runner: '', runnerUntil: '' };
  }

  private async finish(): Promise<undefined> {
    await this.seed();
    await this.save({
      ...this.release(),
      state: 'done',
      resumesAt: '',
      finishedAt: this.ports.now().toISOString(),
    });
    return undefined;
  }

  private async stop(error: AppError): Promise<undefined> {
    await this.seed();
    await this.save({
      ...this.release(),
      state: 'failed',
      resumesAt: '',
      error,
      finishedAt: this.ports.now().toISOString(),
    });
    return undefined;
  }

  /** Saves that the job waits `ms`, and asks the platform to deliver the event again then. */
  private async wait(
    ms: number,
    reason: Redeliver['reason'],
    changes: Partial<PushJob> = {},
  ): Promise<Redeliver> {
    const resumesAt = new Date(this.ports.now().getTime() + ms).toISOString();
    await this.seed();
    await this.save({ ...this.release(), ...changes, resumesAt });
    return retryIn(ms, reason);
  }

  /** Records what a bulk call made or refused. */
  private made(created: readonly { planItemId: string; issueKey: string }[]): Partial<PushJob> {
    const at = this.ports.now().toISOString();
    return {
      created: this.job.created + created.length,
      inJira: this.job.inJira + created.length,
      recent: [...this.job.recent, ...created.map((entry) => ({ ...entry, at }))],
    };
  }

  private refused(failures: readonly PushFailure[]): Partial<PushJob> {
    return {
      failed: [
        ...this.job.failed,
        ...failures.map((f) => ({ ...f, reason: shortReason(f.reason) })),
      ],
    };
  }

  async work(): Promise<Redeliver | undefined> {
    const { ports } = this;
    const rollout = await ports.rollouts.get(this.job.rolloutId);
    if (!rollout || rollout.anchorIssueId === '') {
      return this.stop(strategyNotFound().error);
    }
    const jira = ports.jiraAs(this.job.requestedBy);
    const rights = await jira.projectRights(rollout.projectKey);
    if (!rights.create) return this.stop(projectForbidden(rollout.projectKey).error);

    const items = planItems(planOf(rollout), rollout.anchorIssueKey);
    const existing = await jira.findByProperty(workJql(rollout.id), FOUND_MAX, {
      relations: true,
    });
    this.keys = new Map(existing.map((found) => [found.key, planItemOf(found.property) ?? '']));
    const recent = recentIssues(this.job, ports.now());
    const have = new Set([
      ...existing.flatMap((found) => planItemOf(found.property) ?? []),
      ...recent.map((entry) => entry.planItemId),
    ]);
    // Refused earlier in this push: Jira said why; the next push tries them again.
    const refused = new Set(this.job.failed.map((failure) => failure.planItemId));
    const missing = items.filter(
      (item) => !have.has(item.planItemId) && !refused.has(item.planItemId),
    );
    await this.save({
      total: items.length,
      inJira: items.filter((item) => have.has(item.planItemId)).length,
      toCreate: this.job.created + missing.length,
      recent,
      errors: 0,
      error: null,
    });
    const moves = movesOf(
      existing,
      { id: rollout.anchorIssueId, key: rollout.anchorIssueKey },
      rights.link,
    );
    // Every issue a child of the anchor and nothing to create: nothing more to ask Jira.
    if (missing.length === 0 && moves.length === 0) return this.finish();

    const [project, anchor, page] = await Promise.all([
      missing.length > 0 ? jira.project(rollout.projectKey) : Promise.resolve(undefined),
      jira.getIssue(rollout.anchorIssueKey),
      missing.length > 0 && rollout.strategyPageId !== ''
        ? ports.confluence.page(rollout.strategyPageId, 'app', false)
        : Promise.resolve(undefined),
    ]);
    if (!anchor) {
      return this.stop(failure('errors.strategy.notFound'));
    }
    // Jira's hierarchy: an epic (level 1) holds standard issues (level 0), which the work is.
    const parentable = anchor.hierarchyLevel === 1;
    this.carried = { linkedOnly: !parentable };
    if (parentable && moves.length > 0) {
      const redeliver = await this.moveUnderAnchor(jira, rollout.anchorIssueKey, moves, items);
      if (redeliver) return redeliver;
    }
    if (missing.length === 0) return this.finish();
    const issueTypeId = project ? workIssueType(project) : undefined;
    if (!project || issueTypeId === undefined)
      return this.stop(projectForbidden(rollout.projectKey).error);
    const linkTypes = !parentable && rights.link ? await jira.linkTypes() : [];
    const linkType =
      linkTypes.find((type) => type.name.toLowerCase() === EARLIER_LINK_TYPE) ?? linkTypes[0];
    return this.createMissing(jira, missing, {
      rollout,
      projectKey: project.key,
      issueTypeId,
      parentKey: parentable ? rollout.anchorIssueKey : undefined,
      linkTypeName: linkType?.name,
      schedule: rights.schedule,
      assign: rights.assign,
      unassigned: new Set(),
      page: page ? { title: page.title, url: page.url } : undefined,
    });
  }

  /**
   * Brings the work issues of earlier pushes under the anchor: the parent set (and the labels
   * they lacked added), then the link the earlier push made removed. Each step is idempotent and
   * looked for again by the next push, so a push cut short anywhere leaves nothing half-done that
   * is not finished later. Jira refusing the parent stops the moves (the next push tries once
   * more); a 429 hands the wait to the platform; out of time, a fresh invocation goes on.
   */
  private async moveUnderAnchor(
    jira: JiraPort,
    anchorKey: string,
    moves: readonly Move[],
    items: readonly PlanItem[],
  ): Promise<Redeliver | undefined> {
    const labels = new Map(items.map((item) => [item.planItemId, item.labels]));
    const labelsOf = (key: string): readonly string[] => labels.get(this.planItemOfKey(key)) ?? [];
    this.carried = { ...this.carried, toMove: (this.job.moved ?? 0) + moves.length };
    this.carried.moveRefused = '';
    // Progress is written every MOVES_PER_WRITE moves, not per batch: storage calls stay few.
    let unsaved = 0;
    const progress = (): Partial<PushJob> => ({ moved: (this.job.moved ?? 0) + unsaved });
    const batches = chunks(moves, MOVE_PARALLEL);
    for (const [index, batch] of batches.entries()) {
      if (this.ports.remainingMs() < SAFETY_MS) return this.wait(1000, 'later', progress());
      const outcomes = await Promise.all(
        batch.map(async (move): Promise<ChangeOutcome> => {
          if (move.setParent) {
            const edited = await jira.editIssue(move.key, {
              parentKey: anchorKey,
              addLabels: labelsOf(move.key),
            });
            if (!edited.ok) return edited;
          }
          for (const linkId of move.linkIds) {
            const removed = await jira.deleteIssueLink(linkId);
            if (!removed.ok) return removed;
          }
          return { ok: true };
        }),
      );
      unsaved += outcomes.filter((outcome) => outcome.ok).length;
      const failed = outcomes.find((outcome) => !outcome.ok);
      if (!failed) {
        if (unsaved >= MOVES_PER_WRITE || index === batches.length - 1) {
          await this.save(progress());
          unsaved = 0;
        }
        continue;
      }
      if (failed.status === 429) {
        return this.wait(failed.retryAfterMs ?? THROTTLED_MS, 'throttled', progress());
      }
      if (failed.status >= 500) {
        // What was done is kept; the retry's search finds what is left.
        await this.save(progress());
        throw new UpstreamError('Jira', failed.status, 'the issue edit');
      }
      // Jira will not take the anchor as these issues' parent: stop moving and say why.
      await this.save({ ...progress(), moveRefused: shortReason(failed.reason) });
      return undefined;
    }
    return undefined;
  }

  /** The plan item of an issue found by this delivery's search ('' when unknown). */
  private planItemOfKey(key: string): string {
    return this.keys.get(key) ?? '';
  }

  private async createMissing(
    jira: JiraPort,
    missing: readonly PlanItem[],
    context: IssueContext,
  ): Promise<Redeliver | undefined> {
    for (const chunk of chunks(missing, BULK_CREATE_MAX)) {
      if (this.ports.remainingMs() < SAFETY_MS) {
        // Out of time: a fresh invocation goes on from what exists.
        return this.wait(1000, 'later');
      }
      let pending = chunk;
      for (let attempt = 0; attempt < CHUNK_ATTEMPTS && pending.length > 0; attempt += 1) {
        const outcome = await jira.createIssues(pending.map((item) => newIssue(context, item)));
        if (outcome.known) {
          const sent = pending;
          const created = outcome.created.flatMap((issue) => {
            const item = sent[issue.index];
            return item ? [{ planItemId: item.planItemId, issueKey: issue.key }] : [];
          });
          // An owner the project does not let be assigned (no "Assignable user" permission)
          // refuses only the assignee: that issue is sent again unassigned rather than missing.
          const last = attempt === CHUNK_ATTEMPTS - 1;
          const again = outcome.failed.flatMap((failure) => {
            const item = sent[failure.index];
            const assigneeOnly =
              failure.fields.length > 0 && failure.fields.every((field) => field === 'assignee');
            return item && assigneeOnly && !last && !context.unassigned.has(item.planItemId)
              ? [item]
              : [];
          });
          const failures = outcome.failed.flatMap((failure) => {
            const item = sent[failure.index];
            return item && !again.includes(item)
              ? [{ planItemId: item.planItemId, reason: failure.reason }]
              : [];
          });
          await this.save({ ...this.made(created), ...this.refused(failures) });
          this.toSeed(context, sent, outcome.created);
          for (const item of again) context.unassigned.add(item.planItemId);
          pending = again;
          if (again.length === 0) break;
          continue;
        }
        if (outcome.status === 429) {
          // Jira did nothing: the platform brings the event back when Jira said.
          return this.wait(outcome.retryAfterMs ?? THROTTLED_MS, 'throttled');
        }
        // A 5xx: Jira may have created some of them. Look before sending anything again.
        const ids = pending.map((item) => jqlString(item.planItemId)).join(', ');
        const there = await jira.findByProperty(
          `${workJql(context.rollout.id)} AND rolloutPlanItem in (${ids})`,
          pending.length,
        );
        const made = new Map(
          there.flatMap((issue) => {
            const planItemId = planItemOf(issue.property);
            return planItemId === undefined ? [] : [[planItemId, issue.key] as const];
          }),
        );
        const found = [...made].map(([planItemId, issueKey]) => ({ planItemId, issueKey }));
        const still = pending.filter((item) => !made.has(item.planItemId));
        if (still.length > 0 && attempt === CHUNK_ATTEMPTS - 1) {
          // Jira keeps failing: stop here and say so; the next push goes on from what exists.
          await this.save({
            ...this.made(found),
            ...this.refused(
              still.map((item) => ({
                planItemId: item.planItemId,
                reason: '',
                status: outcome.status,
              })),
            ),
          });
          return this.finish();
        }
        if (found.length > 0) await this.save(this.made(found));
        pending = still;
      }
    }
    return this.finish();
  }

  /** The issues this delivery created, whose states are seeded once, when it stops. */
  private seeds: { issueId: string; item: PlanItem; dueDate: string }[] = [];

  private toSeed(
    context: IssueContext,
    sent: readonly PlanItem[],
    created: readonly { index: number; id: string }[],
  ): void {
    for (const issue of created) {
      const item = sent[issue.index];
      if (item) {
        this.seeds.push({
          issueId: issue.id,
          item,
          dueDate: context.schedule ? item.dueDate : '',
        });
      }
    }
  }

  /**
   * The Rollout panel's grid counts the new issues as to do before Jira sends any event about
   * them: one read and one write per delivery. Best effort: the work-events trigger and the
   * reconciliation fill in what this misses.
   */
  private async seed(): Promise<void> {
    const seeds = this.seeds;
    this.seeds = [];
    if (seeds.length === 0) return;
    try {
      await seedWorkStates(this.ports, this.job.rolloutId, seeds);
    } catch (error) {
      const reason = error instanceof Error ? error.name : 'unknown error';
      console.warn(`[rollout-coordinator] push-plan: issue states not seeded: ${reason}`);
    }
  }

  /** A delivery that failed half-way: retried later, until it has failed too often in a row. */
  async failed(error: unknown): Promise<Redeliver | undefined> {
    if (error instanceof Superseded) return undefined;
    const reason = error instanceof Error ? `${error.name}: ${error.message}` : 'non-error thrown';
    console.error(`[rollout-coordinator] push-plan delivery failed: ${reason}`);
    const cause = appErrorOf(error) ?? internalError();
    const errors = this.job.errors + 1;
    try {
      if (PERMANENT.has(cause.code) || errors >= ERRORS_MAX) {
        await this.stop(cause);
        return undefined;
      }
      return await this.wait(FAILURE_BACKOFF_MS * 2 ** (errors - 1), 'later', {
        errors,
        error: cause,
      });
    } catch (again) {
      if (again instanceof Superseded) return undefined;
      // Storage is failing too: the platform retries the event after its own backoff.
      throw again;
    }
  }
}

/** Handles one delivery of a push event. */
export async function deliverPushJob(
  event: PushEvent,
  ports: PushPlanPorts,
): Promise<Redeliver | undefined> {
  const { jobId, rolloutId } = event;
  const job = await ports.pushJobs.get(rolloutId);
  // Done already (a second delivery), or replaced by a newer push: nothing left for this event.
  if (job?.jobId !== jobId || isFinished(job)) return undefined;
  const now = ports.now();
  if (isClaimed(job, now)) {
    // Another delivery is at work; look again later (it may die before it finishes).
    const retries = event.retryCount;
    const left = Date.parse(job.runnerUntil) - now.getTime() + 1000;
    return retryIn(Math.min(left, BUSY_POLL_MS * 2 ** Math.min(retries, 8)), 'later');
  }
  const early = job.resumesAt === '' ? 0 : Date.parse(job.resumesAt) - now.getTime();
  if (early > 1000) return retryIn(early, 'later');

  const claimed = nextVersion(
    job,
    {
      state: 'running',
      runner: ports.newId(),
      runnerUntil: new Date(now.getTime() + ports.remainingMs()).toISOString(),
      resumesAt: '',
      deliveries: job.deliveries + 1,
    },
    now,
  );
  if ((await ports.pushJobs.replace(job, claimed)) === 'stale') {
    // Another delivery claimed it a moment ago.
    return retryIn(BUSY_POLL_MS, 'later');
  }
  const delivery = new Delivery(ports, claimed);
  try {
    return await delivery.work();
  } catch (error) {
    return delivery.failed(error);
  }
}

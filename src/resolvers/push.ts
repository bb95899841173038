/**
 * "Push plan to Jira": one Jira issue per plan item (each session, each phase task), created in
 * bulk (≤ 50 a call) as the user, each with the `rollout-coordinator` property that ties it to
 * its plan item, a due date and a link to the anchor issue.
 *
 * Never a duplicate, whatever fails or races:
 * - What exists is read from Jira itself, by the property (one search, as the app, so issues the
 *   user may not see count too), never from our memory alone.
 * - Jira's search index can lag a few seconds behind a create, so the plan items created in the
 *   last ten minutes are also remembered with the push lease and count as existing.
 * - A bulk call that fails with a 5xx may have created issues all the same: before sending its
 *   items again, the push looks them up by property and sends only those still missing. A 429
 *   created nothing and is repeated as Retry-After says.
 * - Two pushes of one rollout never run at once: a lease taken with FAIL_IF_EXISTS (and a
 *   version-conditioned take-over once it expired) lets one run; the other answers CONFLICT.
 *   The lease lasts 60 s, longer than any invocation, so a live push never loses it.
 * A push that runs out of time stops between bulk calls; the next push creates the rest.
 */
import { AppFailure, appError, type PushStatus } from '../contract';
import {
  BULK_CREATE_MAX,
  ROLLOUT_PROPERTY_KEY,
  jqlString,
  type NewIssue,
  type ProjectInfo,
} from '../atlassian/jira';
import { planItems, planOf, type PlanItem } from '../domain/plan';
import { strategyOf, type Rollout } from '../domain/rollout';
import type { RecentIssue } from '../storage/leases';
import { workDescription } from '../templates/issues';
import type { Handler } from './edge';
import type { Ports } from './ports';
import { managedStrategy } from './strategy';
import { workJql } from './strategy-context';
import { strategyDetail } from './strategy-views';

const PUSH_LEASE_MS = 60_000;
/** How long a created issue is trusted to exist before the search index shows it. */
const RECENT_MS = 10 * 60_000;
/** No bulk call starts with less time than this left in the invocation. */
const SAFETY_MS = 5_000;
/** A plan has at most 500 sessions and 12 × 20 tasks: the search never needs more. */
const FOUND_MAX = 1_000;
/** Attempts per bulk chunk when Jira answers 5xx (each after looking what it made). */
const CHUNK_ATTEMPTS = 2;

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** The plan's issues are tasks where the project has them, else its first standard type. */
function workIssueType(project: ProjectInfo): string | undefined {
  const standard = project.issueTypes.filter((t) => !t.subtask && t.hierarchyLevel === 0);
  return (standard.find((t) => t.name.toLowerCase() === 'task') ?? standard[0])?.id;
}

interface PushContext {
  rollout: Rollout;
  projectKey: string;
  issueTypeId: string;
  linkTypeName: string | undefined;
  schedule: boolean;
  page: { title: string; url: string } | undefined;
}

function newIssue(context: PushContext, item: PlanItem): NewIssue {
  const { rollout } = context;
  const strategy = strategyOf(rollout);
  const phase = rollout.phases.find((p) => p.id === item.phaseId);
  const department = rollout.departments.find((d) => d.departmentId === item.departmentId);
  const session = strategy.sessions.find((s) => `session:${s.id}` === item.planItemId);
  return {
    projectKey: context.projectKey,
    issueTypeId: context.issueTypeId,
    summary: item.summary,
    description: workDescription(strategy.language, item, {
      rolloutTitle: rollout.title,
      phaseName: phase?.name ?? '',
      departmentName: department?.name ?? '',
      audience: session?.audience ?? '',
      page: context.page,
    }),
    ...(context.schedule ? { dueDate: item.dueDate } : {}),
    properties: [
      {
        key: ROLLOUT_PROPERTY_KEY,
        value: {
          rolloutId: rollout.id,
          role: 'work',
          planItemId: item.planItemId,
          phaseId: item.phaseId,
          departmentId: item.departmentId,
          kind: item.kind,
        },
      },
    ],
    ...(context.linkTypeName
      ? { linkTo: { linkTypeName: context.linkTypeName, issueKey: rollout.anchorIssueKey } }
      : {}),
  };
}

function planItemOf(property: Record<string, unknown>): string | undefined {
  return typeof property.planItemId === 'string' ? property.planItemId : undefined;
}

interface PushRun {
  created: RecentIssue[];
  failed: PushStatus['failed'];
}

/**
 * Creates `missing` chunk by chunk into `run` (kept when this throws part-way: what was made is
 * remembered); stops when Jira keeps failing or time runs short.
 */
async function createMissing(
  ports: Ports,
  context: PushContext,
  missing: readonly PlanItem[],
  run: PushRun,
): Promise<void> {
  const at = ports.now().toISOString();
  for (const chunk of chunks(missing, BULK_CREATE_MAX)) {
    if (ports.remainingMs() < SAFETY_MS) break;
    let pending = chunk;
    for (let attempt = 0; attempt < CHUNK_ATTEMPTS && pending.length > 0; attempt += 1) {
      const outcome = await ports.jira.createIssues(pending.map((item) => newIssue(context, item)));
      if (outcome.known) {
        for (const issue of outcome.created) {
          const item = pending[issue.index];
          if (item) run.created.push({ planItemId: item.planItemId, issueKey: issue.key, at });
        }
        for (const failure of outcome.failed) {
          const item = pending[failure.index];
          if (item) {
            run.failed.push({
              planItemId: item.planItemId,
              summary: item.summary,
              reason: failure.reason,
            });
          }
        }
        pending = [];
        break;
      }
      // A 5xx: Jira may have created some of them. Look before sending anything again.
      const ids = pending.map((item) => jqlString(item.planItemId)).join(', ');
      const there = await ports.jira.findByProperty(
        `${workJql(context.rollout.id)} AND rolloutPlanItem in (${ids})`,
        pending.length,
      );
      const made = new Map(
        there.flatMap((issue) => {
          const planItemId = planItemOf(issue.property);
          return planItemId === undefined ? [] : [[planItemId, issue.key] as const];
        }),
      );
      for (const [planItemId, issueKey] of made) run.created.push({ planItemId, issueKey, at });
      pending = pending.filter((item) => !made.has(item.planItemId));
      if (pending.length > 0 && attempt === CHUNK_ATTEMPTS - 1) {
        for (const item of pending) {
          run.failed.push({
            planItemId: item.planItemId,
            summary: item.summary,
            reason: `Jira answered ${String(outcome.status)}`,
          });
        }
        // Jira keeps failing: stop here; the next push goes on from what exists.
        return;
      }
    }
  }
}

export const pushStrategy: Handler<'strategy/push', Ports> = async (payload, call, ports) => {
  const { rollout, issue } = await managedStrategy(ports, call, payload.rolloutId);
  const rights = await ports.jira.projectRights(rollout.projectKey);
  if (!rights.create) {
    throw new AppFailure(
      appError(
        'FORBIDDEN',
        'errors.strategy.projectForbidden',
        `You cannot create issues in the Jira project ${rollout.projectKey}.`,
        { params: { project: rollout.projectKey } },
      ),
    );
  }
  const items = planItems(planOf(rollout));
  const now = ports.now();
  const taken = await ports.leases.acquire('push', rollout.id, ports.newId(), now, PUSH_LEASE_MS);
  if (!taken.acquired) {
    throw new AppFailure(
      appError(
        'CONFLICT',
        'errors.strategy.pushRunning',
        'The plan is being pushed to Jira already. Wait for it to finish, then look again.',
      ),
    );
  }
  const recent = taken.lease.recent.filter(
    (entry) => Date.parse(entry.at) > now.getTime() - RECENT_MS,
  );
  const run: PushRun = { created: [], failed: [] };
  let status: PushStatus;
  try {
    const existing = await ports.jira.findByProperty(workJql(rollout.id), FOUND_MAX);
    const have = new Set([
      ...existing.flatMap((found) => planItemOf(found.property) ?? []),
      ...recent.map((entry) => entry.planItemId),
    ]);
    const missing = items.filter((item) => !have.has(item.planItemId));
    if (missing.length > 0) {
      const [project, linkTypes, page] = await Promise.all([
        ports.jira.project(rollout.projectKey),
        rights.link ? ports.jira.linkTypes() : Promise.resolve([]),
        rollout.strategyPageId === ''
          ? Promise.resolve(undefined)
          : ports.confluence.page(rollout.strategyPageId, 'app', false),
      ]);
      const issueTypeId = project ? workIssueType(project) : undefined;
      if (!project || issueTypeId === undefined) {
        throw new AppFailure(
          appError(
            'FORBIDDEN',
            'errors.strategy.projectForbidden',
            `You cannot create issues in the Jira project ${rollout.projectKey}.`,
            { params: { project: rollout.projectKey } },
          ),
        );
      }
      const linkType =
        linkTypes.find((type) => type.name.toLowerCase() === 'relates') ?? linkTypes[0];
      await createMissing(
        ports,
        {
          rollout,
          projectKey: project.key,
          issueTypeId,
          linkTypeName: linkType?.name,
          schedule: rights.schedule,
          page: page ? { title: page.title, url: page.url } : undefined,
        },
        missing,
        run,
      );
    }
    const inJira = new Set([...have, ...run.created.map((entry) => entry.planItemId)]);
    status = {
      total: items.length,
      inJira: items.filter((item) => inJira.has(item.planItemId)).length,
      created: run.created.length,
      failed: run.failed,
      jql: workJql(rollout.id),
    };
  } finally {
    await ports.leases.release(taken.lease, [...recent, ...run.created]);
  }
  return strategyDetail(ports, call, rollout, issue, status);
};

/**
 * "Raise a problem", by anyone who may browse an issue of a rollout: a Jira issue, child of the
 * rollout's anchor, created by the app with the raiser as reporter (an employee who may only
 * browse the project can raise one) and the `rollout-coordinator` property in the same request (so JQL finds it by category and severity from the first instant), then an event for
 * the e-mails (src/app/problems/mail.ts).
 *
 * At most three Jira calls: the issue it is raised from (the browse check and its rollout), the
 * project's issue types the first time a project has a problem (remembered afterwards), and the
 * create. After a call that failed half-way, the retry looks in Jira for the issue instead of
 * the project (the type was remembered before the create), so it still makes at most three.
 *
 * Idempotent by request id, which is the problem's id: the record is claimed before the create,
 * so a duplicate click finds it (done: its issue is answered; under way: CONFLICT, try again in a
 * moment); a call that failed (a 429 Jira kept answering, a 500) releases its claim, and the next
 * attempt first searches Jira by the problem's id, so an issue whose answer was lost is adopted,
 * never made twice.
 */
import { UpstreamError } from '../../atlassian/errors';
import type { ContextIssue } from '../../atlassian/jira/port';
import type { AppFailure, PayloadOut, ProblemView } from '../../contract';
import { invalidFields, refuse } from '../failures';
import { auditEvent, eventTime } from '../../domain/audit';
import { newProblem, problemProperty, raiseProgress, type Problem } from '../../domain/problems';
import type { Rollout } from '../../domain/rollout';
import { problemDescription } from '../../templates/problem-issue';
import type { Ports, UseCase } from '../ports';
import { rolloutOfIssue } from './context';
import { problemView } from './views';
import { jqlString } from '../../atlassian/jira/port';

export type RaisePorts = Pick<
  Ports,
  'jira' | 'rollouts' | 'problems' | 'problemQueue' | 'now' | 'newId'
>;

function raiseUnderWay(): AppFailure {
  return refuse('errors.problem.raising');
}

function badReference(field: 'departmentId' | 'phaseId'): AppFailure {
  const messageKey =
    field === 'departmentId' ? 'errors.problem.department' : 'errors.problem.phase';
  return invalidFields([{ path: field, messageKey }]);
}

function sameRequestElsewhere(): AppFailure {
  return refuse('errors.problem.requestReused');
}

function noIssueType(projectKey: string): AppFailure {
  return refuse('errors.problem.noIssueType', { params: { project: projectKey } });
}

/**
 * The level of the anchor's issue type: known when the problem is raised on the anchor or on one
 * of its children; otherwise an epic, which is what the anchor is made as.
 */
function anchorLevel(issue: ContextIssue, rollout: Rollout): number {
  if (issue.key === rollout.anchorIssueKey) return issue.hierarchyLevel;
  if (issue.parent?.key === rollout.anchorIssueKey && issue.parent.hierarchyLevel !== undefined) {
    return issue.parent.hierarchyLevel;
  }
  return 1;
}

/** The issue type a problem gets under the anchor: remembered per project and level. */
async function problemIssueType(
  ports: RaisePorts,
  projectKey: string,
  level: number,
): Promise<string> {
  const cacheKey = `${projectKey}.${String(level)}`;
  const known = await ports.problems.issueType(cacheKey);
  if (known !== '') return known;
  const project = await ports.jira.project(projectKey);
  const wanted = level - 1;
  const type = project?.issueTypes.find(
    (candidate) => candidate.hierarchyLevel === wanted && candidate.subtask === wanted < 0,
  );
  if (!type) throw noIssueType(projectKey);
  await ports.problems.rememberIssueType(cacheKey, type.id);
  return type.id;
}

/** The problem's issue in Jira, found by the problem's id in its property (as the app). */
async function issueInJira(
  ports: RaisePorts,
  problem: Problem,
): Promise<{ id: string; key: string } | undefined> {
  const found = await ports.jira.findByProperty(
    `rolloutProblemId = ${jqlString(problem.id)} AND rolloutId = ${jqlString(problem.rolloutId)}`,
    1,
  );
  return found[0];
}

/** Records the issue on the problem (with the `problem-raised` event); answers what is stored. */
async function complete(
  ports: RaisePorts,
  claimed: Problem,
  issue: { id: string; key: string },
  rollout: Rollout,
): Promise<Problem> {
  const done: Problem = {
    ...claimed,
    issueId: issue.id,
    issueKey: issue.key,
    claimedAt: '',
    claimId: '',
    issueMayExist: true,
    version: claimed.version + 1,
  };
  const event = auditEvent(
    {
      rolloutId: rollout.id,
      at: eventTime(ports.now(), claimed.raisedAt),
      type: 'problem-raised',
      actorAccountId: claimed.raisedBy,
      departmentId: claimed.departmentId,
      departmentName:
        rollout.departments.find((d) => d.departmentId === claimed.departmentId)?.name ?? '',
      detail: issue.key,
    },
    `problem-${claimed.id}-raised`,
  );
  if ((await ports.problems.replace(claimed, done, [event])) === 'written') {
    try {
      await ports.problemQueue.enqueue({ problemId: done.id });
    } catch (error) {
      // The problem stands; the daily job mails whoever was not told (see mail.ts).
      const reason = error instanceof Error ? error.name : 'unknown error';
      console.warn(`[rollout-coordinator] problem e-mail not queued: ${reason}`);
    }
    return done;
  }
  const stored = await ports.problems.get(claimed.id);
  if (stored?.issueKey === issue.key) return stored;
  throw raiseUnderWay();
}

export const raiseProblem: UseCase<'problems/raise', RaisePorts> = async (payload, call, ports) => {
  const { issue, rollout } = await rolloutOfIssue(ports, payload.issueKey);
  checkReferences(payload, rollout);
  const now = ports.now();
  let claimed = newProblem(
    {
      id: payload.requestId,
      rolloutId: rollout.id,
      raisedOnIssueKey: issue.key,
      category: payload.category,
      severity: payload.severity,
      departmentId: payload.departmentId,
      phaseId: payload.phaseId,
      summary: payload.summary,
      description: payload.description,
    },
    call.accountId,
    now.toISOString(),
    ports.newId(),
  );

  if ((await ports.problems.claim(claimed)) === 'exists') {
    const existing = await ports.problems.get(claimed.id);
    if (!existing) throw raiseUnderWay();
    if (existing.rolloutId !== rollout.id || existing.raisedBy !== call.accountId) {
      throw sameRequestElsewhere();
    }
    const progress = raiseProgress(existing, now);
    if (progress === 'done') return answer(existing, rollout);
    if (progress === 'under-way' && existing.claimId !== claimed.claimId) throw raiseUnderWay();
    // Left unfinished by a failed call (or our own claim, its answer lost): look in Jira first,
    // unless the failure showed that nothing was created.
    const found = existing.issueMayExist ? await issueInJira(ports, existing) : undefined;
    if (found) return answer(await complete(ports, existing, found, rollout), rollout);
    const reclaimed: Problem = {
      ...existing,
      claimedAt: now.toISOString(),
      claimId: claimed.claimId,
      issueMayExist: true,
      version: existing.version + 1,
    };
    if ((await ports.problems.replace(existing, reclaimed)) === 'stale') throw raiseUnderWay();
    claimed = reclaimed;
  }

  let created: { id: string; key: string };
  let issueTypeId: string;
  try {
    issueTypeId = await problemIssueType(
      ports,
      rollout.projectKey || issue.projectKey,
      anchorLevel(issue, rollout),
    );
  } catch (error) {
    await release(ports, claimed, false);
    throw error;
  }
  try {
    created = await ports.jira.createIssueFor(
      {
        projectKey: rollout.projectKey || issue.projectKey,
        issueTypeId,
        summary: claimed.summary,
        description: problemDescription(rollout.language, {
          description: claimed.description,
          rolloutTitle: rollout.title,
          raisedOnIssueKey: issue.key,
          category: claimed.category,
          severity: claimed.severity,
          departmentName:
            rollout.departments.find((d) => d.departmentId === claimed.departmentId)?.name ?? '',
          phaseName: rollout.phases.find((p) => p.id === claimed.phaseId)?.name ?? '',
        }),
        parentKey: rollout.anchorIssueKey,
        properties: [{ key: 'rollout-coordinator', value: { ...problemProperty(claimed) } }],
      },
      call.accountId,
    );
  } catch (error) {
    // A 4xx or a 429 Jira kept answering made nothing; after a 5xx or no answer, it may have.
    await release(ports, claimed, !(error instanceof UpstreamError && error.status < 500));
    throw error;
  }
  return answer(await complete(ports, claimed, created, rollout), rollout);
};

/**
 * Lets the next attempt go ahead at once, looking in Jira first when the issue may exist; best
 * effort (the claim lapses by itself otherwise, and then the next attempt looks in Jira).
 */
async function release(ports: RaisePorts, claimed: Problem, issueMayExist: boolean): Promise<void> {
  try {
    await ports.problems.replace(claimed, {
      ...claimed,
      claimedAt: '',
      claimId: '',
      issueMayExist,
      version: claimed.version + 1,
    });
  } catch {
    // The claim lapses by itself (RAISE_CLAIM_MS).
  }
}

function checkReferences(payload: PayloadOut<'problems/raise'>, rollout: Rollout): void {
  if (
    payload.departmentId !== '' &&
    !rollout.departments.some((d) => d.departmentId === payload.departmentId)
  ) {
    throw badReference('departmentId');
  }
  if (payload.phaseId !== '' && !rollout.phases.some((p) => p.id === payload.phaseId)) {
    throw badReference('phaseId');
  }
}

/** No Jira call here, to keep to three: the raiser is the acting user, whom the dialog knows. */
function answer(problem: Problem, rollout: Rollout): ProblemView {
  return problemView(problem, rollout, new Map());
}

/**
 * Head-counts on the anchor's Rollout panel: the coordinator (or a Jira admin) enters how many
 * people a department has, which its trained % falls back to when no Jira group is linked. Each
 * change is a conditional write of the rollout's head-counts, with its event in the audit trail;
 * the same figure again writes nothing; the trained % is rebuilt at once.
 */
import { auditEvent, eventTime } from '../../domain/audit';
import { canCompletePhases } from '../../domain/rollout';
import { browseIssue } from '../access';
import { rolloutNotFound } from '../approvals/panel';
import { refuse } from '../failures';
import type { Ports, UseCase } from '../ports';
import { refreshTrainedAfterWrite } from '../trained';
import { anchorView, type RolloutPanelPorts } from './load';

const WRITE_ATTEMPTS = 5;

export const setHeadCount: UseCase<
  'rolloutPanel/setHeadCount',
  RolloutPanelPorts & Pick<Ports, 'newId' | 'audit'>
> = async (payload, call, ports) => {
  const issue = await browseIssue(ports, call);
  const rollout = await ports.rollouts.findByIssue(issue.id);
  if (!rollout) throw rolloutNotFound();
  if (!canCompletePhases(rollout, { accountId: call.accountId, isJiraAdmin: issue.isJiraAdmin })) {
    throw refuse('errors.headCount.forbidden');
  }
  const department = rollout.departments.find((d) => d.departmentId === payload.departmentId);
  if (!department) throw refuse('errors.headCount.unknownDepartment');
  for (let attempt = 0; attempt < WRITE_ATTEMPTS; attempt += 1) {
    const current = await ports.trained.headCounts.get(rollout.id);
    const before = current?.counts[department.departmentId] ?? 0;
    if (before === payload.headCount) break;
    const at = eventTime(ports.now(), current?.updatedAt);
    const counts = Object.fromEntries(
      Object.entries(current?.counts ?? {}).filter(([id]) => id !== department.departmentId),
    );
    if (payload.headCount > 0) counts[department.departmentId] = payload.headCount;
    const next = {
      rolloutId: rollout.id,
      counts,
      updatedAt: at,
      version: (current?.version ?? 0) + 1,
    };
    const event = auditEvent(
      {
        rolloutId: rollout.id,
        at,
        type: 'head-count-set',
        actorAccountId: call.accountId,
        departmentId: department.departmentId,
        departmentName: department.name,
        detail: String(payload.headCount),
      },
      ports.newId(),
    );
    if ((await ports.trained.headCounts.replace(current, next)) === 'written') {
      // The head-count is the record's; its event follows (a lost append loses a line, not data).
      await ports.audit.append([event]);
      await refreshTrainedAfterWrite(ports, rollout);
      return anchorView(ports, call, issue, rollout);
    }
    if (attempt === WRITE_ATTEMPTS - 1) throw refuse('errors.headCount.stale');
  }
  await refreshTrainedAfterWrite(ports, rollout);
  return anchorView(ports, call, issue, rollout);
};

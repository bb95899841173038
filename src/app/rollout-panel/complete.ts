/**
 * Marking a phase of the rollout complete, from its anchor's Rollout panel: the coordinator (the
 * rollout's creator) or a Jira admin, once the rollout is under way. An open blocking problem of
 * the phase refuses it unless the coordinator accepts the risk with a comment, which the audit
 * trail keeps. Idempotent: completing a complete phase answers the panel; of racing clicks the
 * conditional write lets one win, and the others find the phase complete.
 */
import type { AppFailure } from '../../contract';
import { eventTime } from '../../domain/audit';
import {
  canCompletePhases,
  completePhase,
  type PhaseCompletionRefusal,
  type Rollout,
} from '../../domain/rollout';
import { browseIssue, staleRollout } from '../access';
import { refuse } from '../failures';
import { rolloutNotFound } from '../approvals/panel';
import type { UseCase } from '../ports';
import { blockingProblemsJql } from './jql';
import { anchorView, recordStart, type RolloutPanelPorts } from './load';

const WRITE_ATTEMPTS = 5;

function refusal(
  reason: Exclude<PhaseCompletionRefusal, 'already-completed'>,
  blocking: number,
): AppFailure {
  switch (reason) {
    case 'forbidden':
      return refuse('errors.rolloutPanel.completeForbidden');
    case 'unknown-phase':
      return refuse('errors.rolloutPanel.unknownPhase');
    case 'not-started':
      return refuse('errors.rolloutPanel.notStarted');
    case 'blocking-open':
      return refuse('errors.rolloutPanel.blockingOpen', { params: { count: blocking } });
  }
}

export const completeRolloutPhase: UseCase<
  'rolloutPanel/completePhase',
  RolloutPanelPorts
> = async (payload, call, ports) => {
  const issue = await browseIssue(ports, call);
  const stored = await ports.rollouts.findByIssue(issue.id);
  if (!stored) throw rolloutNotFound();
  const actor = { accountId: call.accountId, isJiraAdmin: issue.isJiraAdmin };
  if (!canCompletePhases(stored, actor)) throw refusal('forbidden', 0);
  let rollout: Rollout = await recordStart(ports, stored, issue);
  // Counted as the acting user, once: a problem raised a moment later is the risk any click runs.
  const blockingOpen = await ports.jira.countIssues(
    blockingProblemsJql(rollout.id, payload.phaseId),
  );
  for (let attempt = 0; attempt < WRITE_ATTEMPTS; attempt += 1) {
    const outcome = completePhase(rollout, {
      phaseId: payload.phaseId,
      actor,
      blockingOpen,
      riskComment: payload.riskComment,
      at: eventTime(ports.now(), rollout.updatedAt),
    });
    if (outcome.kind === 'refused') {
      if (outcome.reason === 'already-completed') return anchorView(ports, call, issue, rollout);
      throw refusal(outcome.reason, blockingOpen);
    }
    if ((await ports.rollouts.update(rollout, outcome.rollout, outcome.events)) === 'written') {
      return anchorView(ports, call, issue, outcome.rollout);
    }
    const fresh = await ports.rollouts.get(rollout.id);
    if (!fresh) throw rolloutNotFound();
    rollout = fresh;
  }
  throw staleRollout();
};

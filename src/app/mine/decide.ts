/**
 * Deciding from "My rollouts": the Approvals panel's own use case, run as if the panel were open
 * on the rollout's anchor issue, so the same checks hold (browse the issue, approver or active
 * delegate, stage order, self-approval, stale versions) and the same e-mails go out. The page
 * is answered again afterwards.
 */
import { decideApproval } from '../approvals/decide';
import type { PanelPorts } from '../approvals/panel';
import { refuse } from '../failures';
import type { UseCase } from '../ports';
import { loadMine, type MinePorts } from './load';

export const decideFromMine: UseCase<'mine/decide', PanelPorts & MinePorts> = async (
  payload,
  call,
  ports,
) => {
  const approval = await ports.approvals.get(payload.approvalId);
  const rollout = approval && (await ports.rollouts.get(approval.rolloutId));
  // Same answer for "no such approval" and "a rollout without an anchor": nothing to decide here.
  if (!rollout || rollout.anchorIssueId === '') throw refuse('errors.approval.notFound');
  await decideApproval(
    payload,
    { ...call, issue: { id: rollout.anchorIssueId, key: rollout.anchorIssueKey } },
    ports,
  );
  return loadMine(call.accountId, ports);
};

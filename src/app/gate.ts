/**
 * The approval gate's decision (the workflow validator in src/triggers/approval-gate.ts asks for
 * it): a transition it is attached to ("Start rollout") goes through only when the issue is not a
 * rollout's anchor, or when the rollout's current round is fully approved. Otherwise it says why,
 * naming who is pending, for the transitioning user to read in their language.
 *
 * Fast and bounded: one storage query for the rollout, one for its round, one Jira user look-up
 * (names and the user's locale together), whatever the number of departments. It never throws:
 * anything unexpected blocks the transition with a clear reason (fail closed), because letting
 * an unapproved rollout start is the one outcome the gate exists to prevent.
 */
import type { JiraPort, JiraUser } from '../atlassian/jira/port';
import { summariseRound, type Approval } from '../domain/approvals';
import type { Ports } from './ports';

/** The few ports the gate uses, down to the operations: a test fakes exactly these. */
export interface GatePorts {
  jira: Pick<Ports['jira'], 'getIssue' | 'getUsers'>;
  rollouts: Pick<Ports['rollouts'], 'findByIssue'>;
  approvals: Pick<Ports['approvals'], 'listRound'>;
}

/** A department and the person the message names for it (its head, or who decided). */
export interface NamedDepartment {
  department: string;
  person: string;
}

/** Why the gate blocks the transition. */
export type GateBlock =
  | { kind: 'waiting'; pending: NamedDepartment[]; stage: number; stageCount: number }
  | { kind: 'draft'; title: string }
  | { kind: 'changes-requested'; title: string; by: NamedDepartment[] }
  | { kind: 'rejected'; title: string; by: NamedDepartment[] }
  | { kind: 'unavailable' };

/** The gate's decision; a blocked one carries the transitioning user's locale, when Jira said. */
export type GateDecision =
  { pass: true } | { pass: false; block: GateBlock; locale: string | undefined };

/** The issue the validator event names: by id, by key, or not at all (the gate fails closed). */
export type GateIssue = { id: string } | { key: string } | undefined;

const PASS: GateDecision = { pass: true };

async function issueIdOf(issue: GateIssue, jira: Pick<JiraPort, 'getIssue'>): Promise<string> {
  if (!issue) throw new Error('the validator event names no issue');
  if ('id' in issue) return issue.id;
  const found = await jira.getIssue(issue.key);
  if (!found) throw new Error('the app cannot see the issue');
  return found.id;
}

function named(
  approvals: readonly Approval[],
  who: (approval: Approval) => string,
  users: ReadonlyMap<string, JiraUser>,
): NamedDepartment[] {
  return [...approvals]
    .sort((a, b) => a.stage - b.stage || a.departmentName.localeCompare(b.departmentName))
    .map((approval) => ({
      department: approval.departmentName,
      person: users.get(who(approval))?.displayName ?? '',
    }));
}

/** Looks people up; without Jira the message still names the departments. */
async function lookUp(
  jira: Pick<JiraPort, 'getUsers'>,
  accountIds: readonly string[],
): Promise<Map<string, JiraUser>> {
  const ids = [...new Set(accountIds.filter((id) => id !== ''))];
  if (ids.length === 0) return new Map();
  try {
    return await jira.getUsers(ids);
  } catch {
    return new Map();
  }
}

/** The gate's decision for `issue`, transitioned by `accountId`. Never throws. */
export async function checkGate(
  issue: GateIssue,
  accountId: string | undefined,
  ports: GatePorts,
): Promise<GateDecision> {
  const me = accountId ?? '';
  try {
    const rollout = await ports.rollouts.findByIssue(await issueIdOf(issue, ports.jira));
    if (!rollout) return PASS;
    const round =
      rollout.round >= 1 && rollout.approvalState !== 'draft'
        ? await ports.approvals.listRound(rollout.id, rollout.round)
        : [];
    // The round's decisions are the truth; the stored state catches up with them afterwards.
    const summary = summariseRound(round);
    if (summary.state === 'approved') return PASS;

    let block: GateBlock;
    let users: Map<string, JiraUser>;
    switch (summary.state) {
      case 'awaiting-approval': {
        users = await lookUp(ports.jira, [
          me,
          ...summary.waitingFor.map((a) => a.approverAccountId),
        ]);
        block = {
          kind: 'waiting',
          pending: named(summary.waitingFor, (a) => a.approverAccountId, users),
          stage: summary.stages.indexOf(summary.openStage) + 1,
          stageCount: summary.stages.length,
        };
        break;
      }
      case 'changes-requested':
      case 'rejected': {
        const state = summary.state;
        const deciders = round.filter((a) => a.status === state);
        users = await lookUp(ports.jira, [me, ...deciders.map((a) => a.decidedBy)]);
        block = {
          kind: state,
          title: rollout.title,
          by: named(deciders, (a) => a.decidedBy, users),
        };
        break;
      }
      case 'draft':
        users = await lookUp(ports.jira, [me]);
        block = { kind: 'draft', title: rollout.title };
        break;
    }
    return { pass: false, block, locale: users.get(me)?.locale };
  } catch (error) {
    // Logged without personal data; the user learns the transition is blocked and why.
    const reason = error instanceof Error ? error.name : 'unknown error';
    console.warn(`[rollout-coordinator] approval gate failed closed: ${reason}`);
    const locale = (await lookUp(ports.jira, [me])).get(me)?.locale;
    return { pass: false, block: { kind: 'unavailable' }, locale };
  }
}

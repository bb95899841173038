/**
 * The `jira:workflowValidator` (function `approval-gate`): a transition it is attached to
 * ("Start rollout") goes through only when the issue is not a rollout's anchor, or when the
 * rollout's current round is fully approved. Otherwise Jira shows why, naming who is pending,
 * in the transitioning user's language.
 *
 * Fast and bounded: one storage query for the rollout, one for its round, one Jira user look-up
 * (names and the user's language together), whatever the number of departments. It never throws:
 * anything unexpected blocks the transition with a clear message (fail closed), because letting
 * an unapproved rollout start is the one outcome the gate exists to prevent.
 */
import { z } from 'zod';
import type { JiraPort, JiraUser } from '../atlassian/jira';
import { summariseRound, type Approval } from '../domain/approvals';
import { defaultLanguage, languageOf } from '../i18n';
import { productionPorts, type Ports } from '../resolvers/ports';
import { gateMessage, type GateBlock, type NamedDepartment } from './gate-messages';

/** What a Forge workflow validator answers: `errorMessage` is shown when `result` is false. */
export interface GateVerdict {
  result: boolean;
  errorMessage?: string;
}

export type GatePorts = Pick<Ports, 'jira' | 'rollouts' | 'approvals'>;

/**
 * The validator event: Forge documents `issue.key` and the transition's statuses; `issue.id`
 * is used when present (the local host and current Jira send it) and looked up otherwise.
 */
const eventSchema = z.looseObject({
  issue: z.looseObject({
    id: z.union([z.string(), z.number()]).optional(),
    key: z.string().optional(),
  }),
});

const contextSchema = z.looseObject({
  principal: z.looseObject({ accountId: z.string().optional() }).nullish(),
});

/** The transitioning user, from the platform's invocation context (never from the event). */
function principalOf(context: unknown): string | undefined {
  const parsed = contextSchema.safeParse(context);
  return parsed.success ? (parsed.data.principal?.accountId ?? undefined) : undefined;
}

const PASS: GateVerdict = { result: true };

async function issueIdOf(event: unknown, jira: Pick<JiraPort, 'getIssue'>): Promise<string> {
  const parsed = eventSchema.safeParse(event);
  if (!parsed.success) throw new Error('the validator event names no issue');
  const { id, key } = parsed.data.issue;
  if (id !== undefined && String(id) !== '') return String(id);
  if (!key) throw new Error('the validator event names no issue');
  const issue = await jira.getIssue(key);
  if (!issue) throw new Error('the app cannot see the issue');
  return issue.id;
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

/** The gate's decision for the issue in `event`, transitioned by `accountId`. Never throws. */
export async function checkGate(
  event: unknown,
  accountId: string | undefined,
  ports: GatePorts,
): Promise<GateVerdict> {
  const me = accountId ?? '';
  try {
    const rollout = await ports.rollouts.findByIssue(await issueIdOf(event, ports.jira));
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
    return { result: false, errorMessage: gateMessage(languageOf(users.get(me)?.locale), block) };
  } catch (error) {
    // Logged without personal data; the user learns the transition is blocked and why.
    const reason = error instanceof Error ? error.name : 'unknown error';
    console.warn(`[rollout-coordinator] approval gate failed closed: ${reason}`);
    const language = languageOf((await lookUp(ports.jira, [me])).get(me)?.locale);
    return { result: false, errorMessage: gateMessage(language, { kind: 'unavailable' }) };
  }
}

/** Forge handler of the `approval-gate` function. */
export async function approvalGate(event: unknown, context: unknown): Promise<GateVerdict> {
  let ports: GatePorts;
  try {
    ports = productionPorts();
  } catch {
    return { result: false, errorMessage: gateMessage(defaultLanguage(), { kind: 'unavailable' }) };
  }
  return checkGate(event, principalOf(context), ports);
}

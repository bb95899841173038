/**
 * The `jira:workflowValidator` (function `approval-gate`): decodes the validator event and the
 * transitioning user, asks the application whether the transition may go (src/app/gate.ts), and
 * answers Jira, with the reason in the user's language when it may not. Fails closed: a gate
 * that cannot even start blocks the transition and says so.
 */
import { z } from 'zod';
import { checkGate, type GateIssue } from '../app/gate';
import { defaultLanguage, languageOf } from '../i18n';
import { RESOLVER_LIMIT_MS, invocationTimeLeft } from '../platform/invocation';
import { productionPorts } from '../wiring';
import { gateMessage } from './gate-messages';

/** What a Forge workflow validator answers: `errorMessage` is shown when `result` is false. */
export interface GateVerdict {
  result: boolean;
  errorMessage?: string;
}

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

/** The issue the event names: by id when it has one, else by key. */
function issueOf(event: unknown): GateIssue {
  const parsed = eventSchema.safeParse(event);
  if (!parsed.success) return undefined;
  const { id, key } = parsed.data.issue;
  if (id !== undefined && String(id) !== '') return { id: String(id) };
  return key ? { key } : undefined;
}

/** Forge handler of the `approval-gate` function. */
export async function approvalGate(event: unknown, context: unknown): Promise<GateVerdict> {
  let ports: ReturnType<typeof productionPorts>;
  try {
    ports = productionPorts(invocationTimeLeft(RESOLVER_LIMIT_MS));
  } catch {
    return { result: false, errorMessage: gateMessage(defaultLanguage(), { kind: 'unavailable' }) };
  }
  const decision = await checkGate(issueOf(event), principalOf(context), ports);
  if (decision.pass) return { result: true };
  return {
    result: false,
    errorMessage: gateMessage(languageOf(decision.locale), decision.block),
  };
}

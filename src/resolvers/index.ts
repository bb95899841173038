/**
 * One resolver function serves every UI call: each contract key maps to its use case in
 * src/app, run through the edge (validation, identity, envelope) with the production ports.
 */
import Resolver from '@forge/resolver';
import { approvalHistory, exportHistory } from '../app/approvals/history';
import { decideApproval } from '../app/approvals/decide';
import { approvalsPanel, requestApproval } from '../app/approvals/panel';
import { confirmAttendance, recordAttendance } from '../app/attendance';
import { addDelegation, removeDelegation } from '../app/delegations';
import {
  createDepartment,
  listDirectory,
  removeDepartment,
  searchGroups,
  searchUsers,
  updateDepartment,
} from '../app/directory';
import { gadgetOptions, loadGadget } from '../app/gadget/load';
import { macroOptions, macroStatus } from '../app/macro';
import {
  acknowledgePolicy,
  myPolicies,
  namePolicyPage,
  policyByline,
  revisePolicyPage,
} from '../app/policies';
import type { Ports } from '../app/ports';
import { completeRolloutPhase } from '../app/rollout-panel/complete';
import { acceptSuggestion, dismissSuggestion } from '../app/suggestions/decide';
import { listSuggestions } from '../app/suggestions/list';
import { setHeadCount } from '../app/rollout-panel/head-counts';
import { loadRolloutPanel } from '../app/rollout-panel/load';
import { answerPulse, pulseForm } from '../app/pulses/answer';
import { checkIn, closePulse, loadFeedback, openPulse, pulseComments } from '../app/pulses/manage';
import { listProblems, problemForm } from '../app/problems/list';
import { raiseProblem } from '../app/problems/raise';
import {
  acceptProblem,
  acknowledgeProblem,
  assignProblem,
  resolveProblem,
} from '../app/problems/triage';
import { decideFromMine } from '../app/mine/decide';
import { myRollouts } from '../app/mine/load';
import { discardRollout } from '../app/rollouts/discard';
import { createRollout } from '../app/rollouts/setup';
import { getSettings, updateSettings } from '../app/settings';
import { getDigest, subscribeDigest, updateDigest } from '../app/digest';
import { checkTitle, createStrategy } from '../app/strategy/create';
import { getStrategy, strategySpace, updateStrategy } from '../app/strategy/manage';
import { pushProgress, pushStrategy } from '../app/strategy/push';
import { registerTemplate, templateStatus } from '../app/templates';
import { FUNCTION_KEYS, type FunctionKey } from '../contract';
import { RESOLVER_LIMIT_MS, invocationTimeLeft } from '../platform/invocation';
import { productionPorts } from '../wiring';
import { ownKeysOnly, runCall, type DefinitionsHandler, type Handler, type Handlers } from './edge';

export const handlers: Handlers<Ports> = {
  'directory/list': listDirectory,
  'directory/create': createDepartment,
  'directory/update': updateDepartment,
  'directory/remove': removeDepartment,
  'users/search': searchUsers,
  'groups/search': searchGroups,
  'approvals/panel': approvalsPanel,
  'rollouts/create': createRollout,
  'rollouts/discard': discardRollout,
  'approvals/request': requestApproval,
  'approvals/decide': decideApproval,
  'mine/load': myRollouts,
  'mine/decide': decideFromMine,
  'approvals/history': approvalHistory,
  'approvals/export': exportHistory,
  'delegations/add': addDelegation,
  'delegations/remove': removeDelegation,
  'settings/get': getSettings,
  'settings/update': updateSettings,
  'digest/get': getDigest,
  'digest/update': updateDigest,
  'digest/subscribe': subscribeDigest,
  'strategy/space': strategySpace,
  'strategy/create': createStrategy,
  'strategy/checkTitle': checkTitle,
  'strategy/get': getStrategy,
  'strategy/update': updateStrategy,
  'strategy/push': pushStrategy,
  'strategy/push-status': pushProgress,
  'templates/status': templateStatus,
  'templates/register': registerTemplate,
  'macro/status': macroStatus,
  'macro/options': macroOptions,
  'rolloutPanel/load': loadRolloutPanel,
  'rolloutPanel/completePhase': completeRolloutPhase,
  'rolloutPanel/setHeadCount': setHeadCount,
  'problems/form': problemForm,
  'problems/raise': raiseProblem,
  'problems/list': listProblems,
  'problems/acknowledge': acknowledgeProblem,
  'problems/assign': assignProblem,
  'problems/resolve': resolveProblem,
  'problems/accept': acceptProblem,
  'attendance/record': recordAttendance,
  'attendance/confirm': confirmAttendance,
  'suggestions/list': listSuggestions,
  'suggestions/accept': acceptSuggestion,
  'suggestions/dismiss': dismissSuggestion,
  'gadget/load': loadGadget,
  'gadget/options': gadgetOptions,
  'pulses/load': loadFeedback,
  'pulses/open': openPulse,
  'pulses/close': closePulse,
  'pulses/checkIn': checkIn,
  'pulses/comments': pulseComments,
  'pulses/form': pulseForm,
  'pulses/answer': answerPulse,
  'policy/byline': policyByline,
  'policy/name': namePolicyPage,
  'policy/revise': revisePolicyPage,
  'policy/acknowledge': acknowledgePolicy,
  'policy/mine': myPolicies,
};

function define<K extends FunctionKey>(
  resolver: Resolver,
  key: K,
  handler: Handler<K, Ports>,
): void {
  resolver.define(key, (request) =>
    runCall(key, handler, { payload: request.payload, context: request.context }, () =>
      productionPorts(invocationTimeLeft(RESOLVER_LIMIT_MS)),
    ),
  );
}

export function buildResolver(): Resolver {
  const resolver = new Resolver();
  for (const key of FUNCTION_KEYS)
    define(resolver, key, handlers[key] as Handler<typeof key, Ports>);
  return resolver;
}

/** The resolver function's handler: the contract's keys, and a clean error for any other. */
export function resolverHandler(): DefinitionsHandler {
  const definitions = buildResolver().getDefinitions();
  return ownKeysOnly((request, runtime) =>
    definitions(request as Parameters<typeof definitions>[0], runtime),
  );
}

/** One resolver function serves every UI call; each key maps to its handler. */
import Resolver from '@forge/resolver';
import { FUNCTION_KEYS, type FunctionKey } from '../contract';
import { ownKeysOnly, runCall, type DefinitionsHandler, type Handler, type Handlers } from './edge';
import { productionPorts, type Ports } from './ports';
import {
  approvalHistory,
  approvalsPanel,
  decideApproval,
  exportHistory,
  requestApproval,
} from './approvals';
import { addDelegation, removeDelegation } from './delegations';
import { createRollout, updateRollout } from './rollouts';
import { macroOptions, macroStatus } from './macro';
import { pushProgress, pushStrategy } from './push';
import { getSettings, updateSettings } from './settings';
import { checkTitle, createStrategy, getStrategy, strategySpace, updateStrategy } from './strategy';
import { discardRollout } from './discard';
import { registerTemplate, templateStatus } from './templates';
import {
  createDepartment,
  listDirectory,
  removeDepartment,
  searchUsers,
  updateDepartment,
} from './directory';

export const handlers: Handlers<Ports> = {
  'directory/list': listDirectory,
  'directory/create': createDepartment,
  'directory/update': updateDepartment,
  'directory/remove': removeDepartment,
  'users/search': searchUsers,
  'approvals/panel': approvalsPanel,
  'rollouts/create': createRollout,
  'rollouts/update': updateRollout,
  'rollouts/discard': discardRollout,
  'approvals/request': requestApproval,
  'approvals/decide': decideApproval,
  'approvals/history': approvalHistory,
  'approvals/export': exportHistory,
  'delegations/add': addDelegation,
  'delegations/remove': removeDelegation,
  'settings/get': getSettings,
  'settings/update': updateSettings,
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
};

function define<K extends FunctionKey>(
  resolver: Resolver,
  key: K,
  handler: Handler<K, Ports>,
): void {
  resolver.define(key, (request) =>
    runCall(key, handler, { payload: request.payload, context: request.context }, productionPorts),
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

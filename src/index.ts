// Forge handlers, one line per manifest `function` entry.
import { buildResolver } from './resolvers';

export const handler = buildResolver().getDefinitions();
export { approvalGate } from './triggers/approval-gate';
export { reminders } from './triggers/reminders';
export { pushPlan } from './jobs/push-plan';

// Forge handlers, one line per manifest `function` entry.
import { resolverHandler } from './resolvers';

export const handler = resolverHandler();
export { approvalGate } from './triggers/approval-gate';
export { reminders } from './triggers/reminders';
export { pushPlan } from './jobs/push-plan';
export { problemMail } from './jobs/problem-mail';
export { workEvents } from './triggers/work-events';
export { reconcileWorkStates } from './triggers/reconcile-work';
export { progressSnapshots } from './triggers/snapshots';
export { weeklyDigest } from './triggers/digest';

/**
 * The local Forge async events emulator (`@forge/events` queues and `consumer` modules). See
 * emulator.ts for what it does (delivery), webhooks.ts for the endpoints the SDK calls,
 * queue.ts for what it keeps, and limits.ts for the documented limits it enforces.
 */
export { EventsEmulator } from './emulator';
export type {
  AsyncEventPayload,
  ConsumerAnswer,
  ConsumerInvoker,
  ConsumerSpec,
  DeliveryOutcome,
  DeliveryRecord,
  DuplicateRule,
  EventsEmulatorOptions,
  EventState,
  RetryContext,
  StoredEvent,
} from './types';
export * as EventsLimits from './limits';

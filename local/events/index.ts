/**
 * The local Forge async events emulator (`@forge/events` queues and `consumer` modules). See
 * emulator.ts for what it does and limits.ts for the documented limits it enforces.
 */
export {
  EventsEmulator,
  type AsyncEventPayload,
  type ConsumerAnswer,
  type ConsumerInvoker,
  type ConsumerSpec,
  type DeliveryOutcome,
  type DeliveryRecord,
  type DuplicateRule,
  type EventsEmulatorOptions,
  type EventState,
  type RetryContext,
  type StoredEvent,
} from './emulator';
export * as EventsLimits from './limits';

/**
 * Forge's documented async-events limits and delivery rules, as the emulator enforces them:
 * developer.atlassian.com/platform/forge/limits-async-events and
 * developer.atlassian.com/platform/forge/runtime-reference/async-events-api ("Push API",
 * "Delivery guarantees", "Retries", "Retry request").
 */

/** "A maximum of 50 events can be pushed per request." */
export const EVENTS_PER_PUSH = 50;
/** "…up to a maximum combined payload of 200 KB" (the SDK counts KB of 1,024 bytes). */
export const PUSH_BYTES_MAX = 200 * 1024;
/** "Payload size for long running functions: 100 KB, maximum size of an individual event." */
export const EVENT_BYTES_MAX_LONG_RUNNING = 100 * 1024;
/** "Event per minute: 500", per installation. */
export const EVENTS_PER_MINUTE = 500;
/** `delayInSeconds` "can be delayed up to 15 minutes". */
export const DELAY_SECONDS_MAX = 900;
/** "The maximum retryAfter value is 900 seconds. Any retryAfter values exceeding this limit are lowered." */
export const RETRY_AFTER_SECONDS_MAX = 900;
/** "The maximum retryData size is 4KB." */
export const RETRY_DATA_BYTES_MAX = 4 * 1024;
/** "[The retention window] begins when the Async Event is successfully enqueued and lasts for 24 hours." */
export const RETENTION_MS = 24 * 3_600_000;
/** A consumer function without `timeoutSeconds` "will timeout after the default 55 seconds". */
export const DEFAULT_TIMEOUT_SECONDS = 55;
/** Above this timeout a function is "long running" and the 100 KB per-event cap applies. */
export const LONG_RUNNING_ABOVE_SECONDS = 55;
/** Queue names: "alphanumeric string, and can start with _" (the SDK's pattern, with dashes). */
export const QUEUE_NAME_PATTERN = /^[a-zA-Z0-9-_]+$/u;

/**
 * Backoff after an app-level error (an uncaught error, a time-out). The docs say only that
 * "retries use exponential backoff, with intervals reaching up to approximately 15 minutes";
 * the first interval is the emulator's choice (configurable).
 */
export const DEFAULT_BACKOFF_BASE_MS = 10_000;
export const BACKOFF_MAX_MS = 15 * 60_000;

/**
 * Delivery of product events (the emulated Jira's "issue created", "issue updated") to the app's
 * `trigger` modules, as Forge delivers them: asynchronously, after the product's request has
 * answered, to the function of every trigger whose `events` list the event's type, called with
 * the event and the platform's context (as the app: no user in session). A function that answers
 * `new InvocationError(...)` gets the event again after its `retryAfter`, at most four times
 * (developer.atlassian.com/platform/forge/events-reference/product_events, "Retry product
 * events"); one that throws is logged, and the event is not retried.
 *
 * A trigger's `filter` is applied first, as the manifest reference documents it
 * (developer.atlassian.com/platform/forge/manifest-reference/modules/trigger, "Filter
 * reference"): `ignoreSelf` drops the events the app caused itself; `expression` is evaluated
 * with the payload as `event`, and an event for which it is not true is dropped; `onError`
 * (default IGNORE_AND_LOG) says what an expression that fails to evaluate does. Jira expressions
 * are not JavaScript, but the subset a filter needs here (property access, `?.`, `==`, `!=`,
 * `&&`, `||`, `!`, list `includes`/`some` with an arrow function) reads the same in both, so the
 * host evaluates it as JavaScript in an isolated context (filter-expression.ts); anything outside
 * that subset fails and `onError` decides, as a malformed expression would on the platform, and
 * so does an expression that goes past its limit.
 *
 * Delivery is at least once and unordered on the platform. Tests can hold events (`pause`) and
 * deliver them as they like (`release`: repeated, reordered, some dropped), and wait until every
 * delivery is over (`idle`).
 */
import { evaluateFilterExpression } from './filter-expression';

/** A trigger's `filter` in manifest.yml. */
export interface TriggerFilter {
  ignoreSelf?: boolean | undefined;
  expression?: string | undefined;
  onError?: 'IGNORE' | 'IGNORE_AND_LOG' | 'RECEIVE' | 'RECEIVE_AND_LOG' | undefined;
}

/** A manifest `trigger` module bound to a function. */
export interface TriggerSpec {
  moduleKey: string;
  functionKey: string;
  events: readonly string[];
  filter?: TriggerFilter;
}

/** What the product knows of an event beyond its payload. */
export interface EventOrigin {
  /** The app caused it (a request it made, asApp or asUser). */
  byApp: boolean;
}

/** An event a trigger's filter kept from its function. */
export interface FilteredEvent {
  eventType: string;
  moduleKey: string;
  reason: 'self' | 'expression' | 'expression-error';
}

/** Whether `trigger`'s filter lets `event` through; why not otherwise. */
export function filterVerdict(
  trigger: TriggerSpec,
  event: ProductEvent,
  origin: EventOrigin,
): FilteredEvent['reason'] | 'deliver' {
  const filter = trigger.filter;
  if (!filter) return 'deliver';
  if (filter.ignoreSelf === true && origin.byApp) return 'self';
  if (filter.expression === undefined) return 'deliver';
  try {
    const kept = evaluateFilterExpression(filter.expression, event);
    return kept === true ? 'deliver' : 'expression';
  } catch (error) {
    const onError = filter.onError ?? 'IGNORE_AND_LOG';
    if (onError.endsWith('_LOG')) {
      const reason = error instanceof Error ? error.message : String(error);
      console.warn(
        `[forge host] trigger ${trigger.moduleKey}: filter expression failed: ${reason}`,
      );
    }
    return onError.startsWith('RECEIVE') ? 'deliver' : 'expression-error';
  }
}

export type TriggerInvoker = (trigger: TriggerSpec, event: ProductEvent) => Promise<unknown>;

/** An event as the product sends it (its documented payload). */
export type ProductEvent = Record<string, unknown> & { eventType?: unknown };

export interface ProductDelivery {
  eventType: string;
  moduleKey: string;
  attempt: number;
  outcome: 'ok' | 'retry' | 'error';
  error?: string;
}

/** Forge retries a product event at most four times. */
export const PRODUCT_EVENT_RETRIES_MAX = 4;

export interface ProductEventsOptions {
  /** The longest wait before a retry, whatever `retryAfter` asked (tests shorten it). */
  retryDelayMaxMs?: number;
}

function retryAsked(body: unknown): number | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const answer = body as { _retry?: unknown; retryOptions?: { retryAfter?: unknown } };
  if (answer._retry !== true) return undefined;
  const after = answer.retryOptions?.retryAfter;
  return typeof after === 'number' && after > 0 ? after : 1;
}

export class ProductEventDelivery {
  readonly deliveries: ProductDelivery[] = [];
  /** Events a trigger's filter kept from its function, in the order they were dispatched. */
  readonly filtered: FilteredEvent[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  private readonly origins = new WeakMap<ProductEvent, EventOrigin>();
  private held: ProductEvent[] | undefined;
  private closed = false;
  private readonly retryDelayMaxMs: number;

  constructor(
    /** The manifest's triggers this delivery serves. */
    readonly triggers: readonly TriggerSpec[],
    private readonly invoke: TriggerInvoker,
    options: ProductEventsOptions = {},
  ) {
    this.retryDelayMaxMs = options.retryDelayMaxMs ?? 900_000;
  }

  /** What the product sent: delivered now, or held while paused. */
  send(event: ProductEvent, origin: EventOrigin = { byApp: false }): void {
    if (this.closed) return;
    this.origins.set(event, origin);
    if (this.held) {
      this.held.push(event);
      return;
    }
    this.dispatch(event);
  }

  /** Holds every event sent from now on, until `release`. */
  pause(): void {
    this.held ??= [];
  }

  /** The events held since `pause`, oldest first. */
  heldEvents(): readonly ProductEvent[] {
    return [...(this.held ?? [])];
  }

  /** Delivers `events` (the held ones by default, in order) and stops holding. */
  release(events?: readonly ProductEvent[]): void {
    const chosen = events ?? this.held ?? [];
    this.held = undefined;
    for (const event of chosen) this.dispatch(event);
  }

  /** Resolves once no delivery is running or waiting for a retry. */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.held = undefined;
    await this.idle();
  }

  private dispatch(event: ProductEvent): void {
    const type = typeof event.eventType === 'string' ? event.eventType : '';
    const origin = this.origins.get(event) ?? { byApp: false };
    for (const trigger of this.triggers) {
      if (!trigger.events.includes(type)) continue;
      const verdict = filterVerdict(trigger, event, origin);
      if (verdict !== 'deliver') {
        this.filtered.push({ eventType: type, moduleKey: trigger.moduleKey, reason: verdict });
        continue;
      }
      const run = new Promise<void>((resolve) => setImmediate(resolve)).then(() =>
        this.attempt(trigger, type, event, 0),
      );
      this.inFlight.add(run);
      void run.finally(() => this.inFlight.delete(run));
    }
  }

  private async attempt(
    trigger: TriggerSpec,
    eventType: string,
    event: ProductEvent,
    attempt: number,
  ): Promise<void> {
    let body: unknown;
    try {
      body = await this.invoke(trigger, event);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.deliveries.push({
        eventType,
        moduleKey: trigger.moduleKey,
        attempt,
        outcome: 'error',
        error: message,
      });
      return;
    }
    const after = retryAsked(body);
    if (after === undefined || this.closed) {
      this.deliveries.push({ eventType, moduleKey: trigger.moduleKey, attempt, outcome: 'ok' });
      return;
    }
    this.deliveries.push({ eventType, moduleKey: trigger.moduleKey, attempt, outcome: 'retry' });
    if (attempt >= PRODUCT_EVENT_RETRIES_MAX) return;
    await new Promise((resolve) =>
      setTimeout(resolve, Math.min(after * 1000, this.retryDelayMaxMs)),
    );
    await this.attempt(trigger, eventType, event, attempt + 1);
  }
}

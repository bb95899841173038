/**
 * The events emulator's timer under a clock that moves between any two reads, as a loaded machine's
 * does: an event that falls due while the emulator is choosing what to deliver next is still
 * delivered (CI once saw a retried event wait forever because of that instant).
 */
import Database from 'better-sqlite3';
import { EventsEmulator } from '../../local/events/emulator';

const PUBLISH = '/webhook/queue/publish/ctx/env/app/1';

/** A clock that moves one millisecond each time it is read. */
function tickingClock(): () => number {
  let now = Date.now();
  return () => (now += 1);
}

async function retriedOnceDrains(backoffBaseMs: number): Promise<string[]> {
  const db = new Database(':memory:');
  const outcomes: string[] = [];
  let calls = 0;
  const events = new EventsEmulator(db, {
    consumers: [{ moduleKey: 'c', queue: 'work', functionKey: 'f', timeoutSeconds: 5 }],
    invoke: (_consumer, event) => {
      calls += 1;
      if (event.retryContext === undefined) return Promise.reject(new Error('first fails'));
      return Promise.resolve({ body: null });
    },
    backoffBaseMs,
    now: tickingClock(),
  });
  try {
    const pushed = await events.handle(
      PUBLISH,
      JSON.stringify({ queueName: 'work', jobId: 'job', payload: [{ body: { n: 1 } }] }),
    );
    expect(pushed.status).toBe(201);
    await events.drain(2000);
    outcomes.push(...events.deliveries.map((d) => d.outcome));
    expect(calls).toBe(2);
    return outcomes;
  } finally {
    await events.close();
    db.close();
  }
}

it.each(Array.from({ length: 12 }, (_, i) => i + 1))(
  'delivers a retry due %i ms after the failure, however the clock moves meanwhile',
  async (backoffBaseMs) => {
    await expect(retriedOnceDrains(backoffBaseMs)).resolves.toEqual(['error', 'ok']);
  },
);

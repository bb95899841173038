/**
 * Raising a problem: REST and storage calls per "Raise a problem", which must stay within 3 Jira
 * calls (an absolute bound that fails the bench) whatever the rollout: the first raise in a
 * project (it looks the project's issue types up once), a later one, a repeated click, and a
 * retry after the answer to the create was lost (it looks in Jira instead). The e-mails go
 * through the queue's consumer, measured apart. Times are printed, not judged.
 */
import { randomUUID } from 'node:crypto';
import { startLocalHost } from '../local/host';
import { call } from '../test/support/host';
import { makeRollout } from '../test/support/rollouts';
import { raiseAction, raisePayload } from '../test/support/problems';
import { table } from './measure';

/** Jira calls one raise may make, at most. */
export const RAISE_REST_BUDGET = 3;
/** Storage calls one raise may make, at most (reads and conditioned writes, audit included). */
export const RAISE_STORAGE_BUDGET = 8;

export async function benchProblems(): Promise<{ report: string; ok: boolean }> {
  const host = await startLocalHost({ memory: true });
  const rows: (string | number)[][] = [];
  let ok = true;
  try {
    await makeRollout(host);
    const raise = async (label: string, requestId: string) => {
      const payload = raisePayload({ requestId });
      const outcome = await call(raiseAction(host), 'employee', 'problems/raise', payload);
      const { product, storage } = outcome.counters;
      const within = product <= RAISE_REST_BUDGET && storage <= RAISE_STORAGE_BUDGET;
      ok &&= within && outcome.envelope.ok;
      rows.push([
        label,
        `${String(product)} / ${String(RAISE_REST_BUDGET)}`,
        `${String(storage)} / ${String(RAISE_STORAGE_BUDGET)}`,
        Math.round(outcome.ms),
        outcome.envelope.ok ? (within ? 'ok' : 'OVER BUDGET') : outcome.envelope.error.code,
      ]);
    };
    await raise('first raise in the project', randomUUID());
    const repeated = randomUUID();
    await raise('a later raise', repeated);
    await raise('the same click again', repeated);
    host.products.faults.add({
      method: 'POST',
      pathPattern: '^/rest/api/3/issue$',
      kind: 'status500',
      afterHandling: true,
      times: 1,
    });
    const lost = randomUUID();
    const failed = await call(
      raiseAction(host),
      'employee',
      'problems/raise',
      raisePayload({ requestId: lost }),
    );
    if (failed.envelope.ok) ok = false;
    await raise('retry after a lost create answer', lost);
    const before = host.events.deliveries.length;
    await host.events.drain();
    const mails = host.events.deliveries.slice(before);
    const mailRest = Math.max(0, ...mails.map((d) => d.counters?.product ?? 0));
    rows.push(['e-mail consumer (per event, max)', String(mailRest), '', '', 'not bounded here']);
  } finally {
    await host.close();
  }
  return {
    report: [
      'Raising a problem (REST and storage calls per call / budget, ms)',
      table(['raise', 'REST', 'storage', 'ms', 'budget'], rows),
    ].join('\n'),
    ok,
  };
}

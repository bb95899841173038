/**
 * The cleanup run's bookkeeping (src/app/rollouts/cleanup.ts) over an in-memory queue whose
 * families each hold a number of units of work: a slice's budget is shared across tickets, a
 * ticket goes when its last family is empty, a stopped one keeps its place, a run goes on slice
 * after slice within its bound and its time, and the report says whether the queue may hold more.
 */
import { continueCleanup } from '../../src/app/rollouts/cleanup';
import { newTicket, type CleanupTicket } from '../../src/domain/cleanup';
import type { Ports } from '../../src/app/ports';

/** A queue of tickets whose families hold `work[family]` units each; `more`: a further page. */
function queue(work: readonly number[], ids: readonly string[], more = false) {
  const tickets = new Map<string, CleanupTicket>(
    ids.map((id) => [id, newTicket({ id, anchorIssueId: '' }, 'discarded', '2026-12-01')]),
  );
  const left = new Map(ids.map((id) => [id, [...work]]));
  const saves: CleanupTicket[] = [];
  const cleanup: Pick<Ports['cleanup'], 'queued' | 'unit' | 'save' | 'done' | 'families'> = {
    families: work.length,
    queued: () => Promise.resolve({ tickets: [...tickets.values()], more }),
    unit: (ticket) => {
      const units = left.get(ticket.rolloutId) ?? [];
      const remaining = (units[ticket.family] ?? 0) - 1;
      units[ticket.family] = Math.max(remaining, 0);
      return Promise.resolve({ more: remaining > 0, cursor: `u${String(remaining)}` });
    },
    save: (ticket) => {
      saves.push({ ...ticket });
      tickets.set(ticket.rolloutId, { ...ticket });
      return Promise.resolve();
    },
    done: (id) => {
      tickets.delete(id);
      return Promise.resolve();
    },
  };
  return { ports: { cleanup }, tickets, saves };
}

describe('a cleanup run', () => {
  it('finishes several tickets within one budget and removes them', async () => {
    const { ports, tickets, saves } = queue([1, 2, 1], ['a', 'b']);
    expect(await continueCleanup(ports, () => true, { units: 10, slices: 1 })).toEqual({
      finished: 2,
      units: 8,
      slices: 1,
      complete: true,
    });
    expect(tickets.size).toBe(0);
    expect(saves).toEqual([]);
  });

  it('stops at its budget with the ticket saved where it stopped, and goes on from there', async () => {
    const { ports, tickets, saves } = queue([1, 3, 1], ['a']);
    expect(await continueCleanup(ports, () => true, { units: 2, slices: 1 })).toEqual({
      finished: 0,
      units: 2,
      slices: 1,
      complete: false,
    });
    expect(saves).toEqual([expect.objectContaining({ family: 1, cursor: 'u2' })]);
    expect(await continueCleanup(ports, () => true, { units: 2, slices: 1 })).toMatchObject({
      units: 2,
    });
    expect(tickets.get('a')).toMatchObject({ family: 2, cursor: '' });
    expect(await continueCleanup(ports, () => true, { units: 2, slices: 1 })).toEqual({
      finished: 1,
      units: 1,
      slices: 1,
      complete: true,
    });
    expect(tickets.size).toBe(0);
  });

  it('goes on slice after slice from where each stopped, up to its slice bound', async () => {
    const { ports, tickets, saves } = queue([1, 3, 1], ['a', 'b']);
    expect(await continueCleanup(ports, () => true, { units: 2, slices: 3 })).toEqual({
      finished: 1,
      units: 6,
      slices: 3,
      complete: false,
    });
    // Each slice saved the ticket it stopped in; the next one started from that save.
    expect(saves.map((t) => `${t.rolloutId}${String(t.family)}/${t.cursor}`)).toEqual([
      'a1/u2',
      'a2/',
      'b1/',
    ]);
    expect(tickets.has('a')).toBe(false);
  });

  it('stops between slices when its time share is spent', async () => {
    const { ports } = queue([4], ['a']);
    let checks = 0;
    const report = await continueCleanup(ports, () => (checks += 1) <= 3, { units: 2, slices: 5 });
    expect(report).toMatchObject({ units: 2, slices: 1, complete: false });
  });

  it('does nothing once time is short, and writes nothing', async () => {
    const { ports, tickets, saves } = queue([2], ['a']);
    expect(await continueCleanup(ports, () => false)).toEqual({
      finished: 0,
      units: 0,
      slices: 0,
      complete: false,
    });
    expect(saves).toEqual([]);
    expect(tickets.get('a')?.family).toBe(0);
  });

  it('says the queue may hold more when a further page of tickets exists', async () => {
    const { ports } = queue([1], ['a'], true);
    expect(await continueCleanup(ports, () => true)).toMatchObject({
      finished: 1,
      complete: false,
    });
  });
});

import {
  POLICY_REMINDERS_MAX,
  POLICY_REMINDER_DAYS,
  acknowledge,
  acknowledgedPercent,
  advanceReminder,
  departmentsOf,
  isAcknowledged,
  remindedDepartments,
  reminderClaimOf,
  reminderDue,
  reviseMaterially,
  startReminder,
  type PolicyPage,
  type PolicyRecord,
} from '../../src/domain/policy';

const AT = '2026-11-02T09:00:00.000Z';

function page(pageId: string, version = 1): PolicyPage {
  return { pageId, title: pageId, version, url: '', addedAt: AT, reminders: 0 };
}

function record(overrides: Partial<PolicyRecord> = {}): PolicyRecord {
  return {
    rolloutId: 'r1',
    rolloutTitle: 'Expenses',
    pages: [page('p1'), page('p2')],
    audience: {
      sales: { groupId: 'g-sales', people: 4 },
      finance: { groupId: 'g-finance', people: 2 },
      support: { groupId: '', people: 0 },
    },
    acknowledged: { p1: {}, p2: {} },
    updatedAt: AT,
    version: 1,
    ...overrides,
  };
}

describe('policy acknowledgements', () => {
  it('finds the departments asked from the person’s groups, never one without a group', () => {
    expect(departmentsOf(record(), new Set(['g-sales', 'other', '']))).toEqual(['sales']);
    expect(departmentsOf(record(), new Set(['g-finance', 'g-sales']))).toEqual([
      'finance',
      'sales',
    ]);
    expect(departmentsOf(record(), new Set())).toEqual([]);
  });

  it('counts an acknowledgement once, for each of the person’s departments', () => {
    const once = acknowledge(record(), 'p1', undefined, ['sales', 'finance'], AT);
    expect(once?.acknowledged.p1).toEqual({ sales: 1, finance: 1 });
    expect(once?.version).toBe(2);
    // Already acknowledged at the version asked for: nothing changes.
    expect(
      acknowledge(
        record(),
        'p1',
        { version: 1, asked: 1, at: AT, departmentIds: [] },
        ['sales'],
        AT,
      ),
    ).toBeUndefined();
    // A page the policy does not name: nothing changes.
    expect(acknowledge(record(), 'p9', undefined, ['sales'], AT)).toBeUndefined();
  });

  it('takes a department’s lowest page, and says unknown without people', () => {
    const partial = record({ acknowledged: { p1: { sales: 4 }, p2: { sales: 1 } } });
    expect(acknowledgedPercent(partial, 'sales')).toBe(25);
    expect(acknowledgedPercent(partial, 'finance')).toBe(0);
    expect(acknowledgedPercent(partial, 'support')).toBeNull();
    expect(acknowledgedPercent(record({ pages: [] }), 'sales')).toBeNull();
    expect(acknowledgedPercent(undefined, 'sales')).toBeNull();
    // More acknowledged than the group had when read (someone joined): 100, never more.
    expect(
      acknowledgedPercent(
        record({ acknowledged: { p1: { sales: 9 }, p2: { sales: 9 } } }),
        'sales',
      ),
    ).toBe(100);
  });

  it('resets one page’s counters on a material version and asks again', () => {
    const counted = record({ acknowledged: { p1: { sales: 3 }, p2: { sales: 2 } } });
    const revised = reviseMaterially(
      counted,
      'p1',
      { version: 4, title: 'p1 v4', url: 'u', message: 'New limits' },
      AT,
    );
    if (typeof revised === 'string') throw new Error(revised);
    expect(revised.acknowledged).toEqual({ p1: {}, p2: { sales: 2 } });
    expect(revised.pages[0]).toMatchObject({
      version: 4,
      previousVersion: 1,
      changeMessage: 'New limits',
      reminders: 0,
    });
    const before = { version: 3, asked: 1, at: AT, departmentIds: ['sales'] };
    // Read version 3 before version 4 was marked: asked again, like everyone else.
    expect(isAcknowledged(revised.pages[0] ?? page('x'), before)).toBe(false);
    expect(
      reviseMaterially(counted, 'p1', { version: 1, title: '', url: '', message: '' }, AT),
    ).toBe('not-newer');
    expect(
      reviseMaterially(counted, 'p9', { version: 5, title: '', url: '', message: '' }, AT),
    ).toBe('unknown-page');
  });

  it('reminds past the cadence, up to the cap', () => {
    const day = 86_400_000;
    const start = new Date(AT);
    const later = (days: number) => new Date(start.getTime() + days * day);
    expect(reminderDue(page('p1'), later(POLICY_REMINDER_DAYS - 1))).toBe(false);
    expect(reminderDue(page('p1'), later(POLICY_REMINDER_DAYS))).toBe(true);
    expect(reminderDue({ ...page('p1'), reminders: POLICY_REMINDERS_MAX }, later(100))).toBe(false);
    expect(
      reminderDue({ ...page('p1'), reminders: 1, remindedAt: later(5).toISOString() }, later(8)),
    ).toBe(false);
  });

  it('starts a due reminder once, counted and dated, and walks it department by department', () => {
    const due = new Date(new Date(AT).getTime() + POLICY_REMINDER_DAYS * 86_400_000);
    expect(startReminder(record(), 'p1', new Date(AT))).toBeUndefined();
    const started = startReminder(record(), 'p1', due);
    const p1 = started?.pages.find((p) => p.pageId === 'p1');
    expect(p1).toMatchObject({
      reminders: 1,
      remindedAt: due.toISOString(),
      reminding: { department: 0, startAt: 0 },
    });
    expect(started?.version).toBe(2);
    if (!started) throw new Error('not started');
    // Being sent: not started again, even past the cadence.
    expect(startReminder(started, 'p1', new Date(due.getTime() + 30 * 86_400_000))).toBeUndefined();
    // Nobody to remind without a group.
    expect(startReminder(record({ audience: {} }), 'p1', due)).toBeUndefined();
    expect(remindedDepartments(record())).toEqual(['finance', 'sales']);

    const from = { department: 0, startAt: 0 };
    const moved = advanceReminder(started, 'p1', from, { department: 0, startAt: 50 }, AT);
    expect(moved?.pages[0]?.reminding).toEqual({ department: 0, startAt: 50 });
    // A step another run took (the position moved on) is not taken twice.
    if (!moved) throw new Error('not moved');
    expect(advanceReminder(moved, 'p1', from, { department: 0, startAt: 50 }, AT)).toBeUndefined();
    const done = advanceReminder(moved, 'p1', { department: 0, startAt: 50 }, undefined, AT);
    expect(done?.pages[0]?.reminding).toBeUndefined();
    expect(done?.pages[0]?.reminders).toBe(1);

    // A material revision drops the reminder being sent and counts from zero again.
    const revised = reviseMaterially(
      moved,
      'p1',
      { version: 2, title: 'p1', url: '', message: '' },
      AT,
    );
    if (typeof revised === 'string') throw new Error(revised);
    expect(revised.pages[0]).toMatchObject({ reminders: 0, version: 2 });
    expect(revised.pages[0]?.reminding).toBeUndefined();
  });

  it('gives someone in two groups to the first step of a reminder that claimed them', () => {
    const page = { remindedAt: AT };
    const step = { department: 1, startAt: 0 };
    expect(reminderClaimOf(undefined, page, step)).toBe('none');
    // Claimed by Sales' first page of this reminder: Finance's step leaves them out.
    expect(reminderClaimOf({ remindedAt: AT, department: 0, startAt: 0 }, page, step)).toBe(
      'another',
    );
    expect(reminderClaimOf({ remindedAt: AT, department: 1, startAt: 50 }, page, step)).toBe(
      'another',
    );
    // Claimed by this very step by a run that stopped before taking it: still theirs to mail.
    expect(reminderClaimOf({ remindedAt: AT, ...step }, page, step)).toBe('this');
    // A claim of the previous reminder does not count for this one.
    const earlier = '2026-10-26T09:00:00.000Z';
    expect(reminderClaimOf({ remindedAt: earlier, department: 0, startAt: 0 }, page, step)).toBe(
      'none',
    );
    expect(reminderClaimOf({ remindedAt: earlier, ...step }, {}, step)).toBe('none');
  });
});

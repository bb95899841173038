import { digestDue, digestRecipients, isoWeek, isoWeekday } from '../../src/domain/digest';

describe('the weekly digest rules', () => {
  it('names ISO weeks, including the ones that straddle a new year', () => {
    expect(isoWeek(new Date('2030-03-04T06:00:00Z'))).toBe('2030-W10');
    expect(isoWeek(new Date('2030-03-10T23:59:00Z'))).toBe('2030-W10');
    expect(isoWeek(new Date('2030-03-11T00:00:00Z'))).toBe('2030-W11');
    // 1 January 2027 is a Friday: it belongs to the last week of 2026.
    expect(isoWeek(new Date('2027-01-01T12:00:00Z'))).toBe('2026-W53');
    // 29 December 2025 is a Monday: week 1 of 2026.
    expect(isoWeek(new Date('2025-12-29T12:00:00Z'))).toBe('2026-W01');
  });

  it('is due on the chosen day and later in the same week, never when turned off', () => {
    const wednesday = new Date('2030-03-06T06:00:00Z');
    expect(isoWeekday(wednesday)).toBe(3);
    expect(isoWeekday(new Date('2030-03-10T06:00:00Z'))).toBe(7);
    expect(digestDue({ enabled: true, weekday: 3 }, wednesday)).toBe(true);
    expect(digestDue({ enabled: true, weekday: 4 }, wednesday)).toBe(false);
    expect(digestDue({ enabled: true, weekday: 1 }, wednesday)).toBe(true);
    expect(digestDue({ enabled: false, weekday: 3 }, wednesday)).toBe(false);
  });

  it('sends one e-mail per person: a head of two departments once, a sponsor who heads one once', () => {
    const rollout = {
      departments: [
        { departmentId: 'd1', name: 'Sales', headAccountId: 'a', stage: 1 },
        { departmentId: 'd2', name: 'Support', headAccountId: 'a', stage: 1 },
        { departmentId: 'd3', name: 'Finance', headAccountId: 'b', stage: 2 },
        { departmentId: 'd4', name: 'Vacant', headAccountId: '', stage: 2 },
      ],
    };
    expect(digestRecipients(rollout, ['b', 'c'], new Set(['c']))).toEqual([
      { accountId: 'a', departmentIds: ['d1', 'd2'] },
      { accountId: 'b', departmentIds: ['d3'] },
    ]);
  });
});

/** The progress trend: planned % from the plan's dates, the daily points merged by day. */
import {
  TREND_POINTS_MAX,
  plannedCurve,
  plannedPercentAt,
  withPoint,
  type Snapshot,
} from '../../src/domain/snapshots';

const phases = [
  { id: 'p1', start: '2030-03-01', end: '2030-03-10' },
  { id: 'p2', start: '2030-03-11', end: '2030-03-20' },
];
const items = [
  { phaseId: 'p1', cells: ['sales'], dueDate: '2030-03-02' },
  { phaseId: 'p2', cells: [''], dueDate: '' },
];

function snapshot(day: string, planned: number, actual: number): Snapshot {
  return {
    rolloutId: 'r1',
    day,
    takenAt: `${day}T02:00:00.000Z`,
    cells: [],
    trainedByDepartment: {},
    readinessByDepartment: {},
    openProblems: { blocking: 0, high: 0, medium: 0, low: 0 },
    plannedPercent: planned,
    actualPercent: actual,
  };
}

describe('plannedPercentAt and plannedCurve', () => {
  it("weighs a session by its date and a task by its phase's elapsed window", () => {
    expect(plannedPercentAt(phases, items, '2030-03-01')).toBe(0);
    expect(plannedPercentAt(phases, items, '2030-03-02')).toBe(50);
    expect(plannedPercentAt(phases, items, '2030-03-15')).toBe(75);
    expect(plannedPercentAt(phases, items, '2030-03-20')).toBe(100);
  });

  it('runs from 0 the day before the first phase to 100 at the end of the last, in order', () => {
    const curve = plannedCurve(phases, items, 10);
    expect(curve[0]).toEqual({ day: '2030-02-28', percent: 0 });
    expect(curve.at(-1)).toEqual({ day: '2030-03-20', percent: 100 });
    expect(curve.length).toBeLessThanOrEqual(11);
    const percents = curve.map((point) => point.percent);
    expect([...percents].sort((a, b) => a - b)).toEqual(percents);
    expect(plannedCurve([], items)).toEqual([]);
  });
});

describe('withPoint', () => {
  it('replaces a day already there, keeps days in order, and drops the oldest past the cap', () => {
    let trend = { rolloutId: 'r1', points: [] as [string, number, number][] };
    trend = withPoint(trend, snapshot('2030-03-02', 10, 5));
    trend = withPoint(trend, snapshot('2030-03-01', 5, 5));
    trend = withPoint(trend, snapshot('2030-03-02', 10, 5));
    expect(trend.points).toEqual([
      ['2030-03-01', 5, 5],
      ['2030-03-02', 10, 5],
    ]);
    const long = {
      rolloutId: 'r1',
      points: Array.from({ length: TREND_POINTS_MAX }, (_, i) => {
        const day = new Date(Date.UTC(2029, 0, 1 + i)).toISOString().slice(0, 10);
        return [day, 0, 0] as [string, number, number];
      }),
    };
    const next = withPoint(long, snapshot('2031-01-01', 1, 1));
    expect(next.points).toHaveLength(TREND_POINTS_MAX);
    expect(next.points[0]?.[0]).toBe('2029-01-02');
    expect(next.points.at(-1)).toEqual(['2031-01-01', 1, 1]);
  });
});

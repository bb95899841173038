/** What the gadget reads of trained % and readiness: per department, the latest shown pulse. */
import {
  latestReadiness,
  readinessStates,
  trainedByDepartment,
  type DepartmentReadiness,
} from '../../src/domain/signals';
import { trainedPercent } from '../../src/domain/trained';

function shown(departmentId: string, score: number | null, ok = true): DepartmentReadiness {
  return {
    departmentId,
    shown: ok,
    answers: ok ? 6 : null,
    means: null,
    barrier: ok && score !== null && score <= 3 ? 'knowledge' : null,
    score: ok ? score : null,
  };
}

describe('trained %', () => {
  it('is trained over people, null with nobody counted, and capped at 100', () => {
    expect(trainedPercent({ trained: 3, people: 4 })).toBe(75);
    expect(trainedPercent({ trained: 0, people: 0 })).toBeNull();
    expect(trainedPercent({ trained: 9, people: 4 })).toBe(100);
    expect(trainedPercent(undefined)).toBeNull();
    expect(
      trainedByDepartment(
        {
          byDepartment: { sales: { trained: 1, people: 2, source: 'group' } },
          updatedAt: '2030-01-01T00:00:00.000Z',
        },
        ['sales', 'finance'],
      ),
    ).toEqual({ sales: 50, finance: null });
  });
});

describe('latestReadiness', () => {
  it("keeps each department's latest shown score and barrier, skipping suppressed groups", () => {
    const readiness = latestReadiness(
      {
        pulses: [
          {
            pulseId: 'b',
            period: { from: '2030-02-01', to: '2030-02-07' },
            byDepartment: [shown('sales', 2.5), shown('finance', null, false)],
          },
          {
            pulseId: 'a',
            period: { from: '2030-01-01', to: '2030-01-07' },
            byDepartment: [shown('sales', 4), shown('finance', 3.8)],
          },
        ],
        checkIns: [],
      },
      ['sales', 'finance', 'ops'],
    );
    expect(readiness).toEqual({
      sales: { score: 2.5, barrier: 'knowledge' },
      finance: { score: 3.8, barrier: null },
      ops: { score: null, barrier: null },
    });
  });
});

describe('readiness states', () => {
  const pulse = (to: string, byDepartment: DepartmentReadiness[]) => ({
    pulseId: to,
    period: { from: to, to },
    byDepartment,
  });
  const nobody: DepartmentReadiness = {
    departmentId: 'finance',
    shown: false,
    answers: 0,
    means: null,
    barrier: null,
    score: null,
  };

  it('tells a shown score, answers kept hidden, no answers and no right to see apart', () => {
    const readiness = {
      pulses: [pulse('2030-01-10', [shown('sales', 3.2), shown('ops', null, false), nobody])],
      checkIns: [],
    };
    const ids = ['sales', 'ops', 'finance', 'legal'];
    expect(readinessStates(readiness, ids, true)).toEqual({
      sales: 'shown',
      ops: 'hidden',
      finance: 'none',
      legal: 'none',
    });
    expect(readinessStates(readiness, ids, false)).toEqual({
      sales: 'forbidden',
      ops: 'forbidden',
      finance: 'forbidden',
      legal: 'forbidden',
    });
  });

  it('keeps an earlier shown score when the latest pulse hides the department', () => {
    const readiness = {
      pulses: [
        pulse('2030-01-10', [shown('sales', 3.2)]),
        pulse('2030-02-10', [shown('sales', null, false)]),
      ],
      checkIns: [],
    };
    expect(readinessStates(readiness, ['sales'], true)).toEqual({ sales: 'shown' });
  });
});

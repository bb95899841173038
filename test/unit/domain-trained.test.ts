import { computeTrained, trainedPercent, type TrainedInput } from '../../src/domain/trained';

const session = (
  id: string,
  departmentIds: string[],
  kind: 'training' | 'seminar' = 'training',
  allDepartments = false,
) => ({ id, kind, departmentIds, allDepartments });

function input(overrides: Partial<TrainedInput>): TrainedInput {
  return { departments: [], sessions: [], attendance: [], ...overrides };
}

describe('trained %', () => {
  it('counts a linked group’s members who attended any training session, once each', () => {
    const result = computeTrained(
      input({
        departments: [
          {
            departmentId: 'sales',
            groupMembers: new Set(['ann', 'bob', 'cat', 'dan']),
            groupSize: 4,
            headCount: 50,
          },
        ],
        sessions: [session('s1', ['sales']), session('s2', ['finance'])],
        attendance: [
          { sessionId: 's1', accountIds: ['ann', 'bob', 'zed'] },
          // Bob twice and Cat in another department's session: each counted once.
          { sessionId: 's2', accountIds: ['bob', 'cat'] },
        ],
      }),
    );
    expect(result).toEqual({ sales: { trained: 3, people: 4, source: 'group' } });
    expect(trainedPercent(result.sales)).toBe(75);
  });

  it('leaves out sessions that are not training (a seminar trains nobody)', () => {
    const result = computeTrained(
      input({
        departments: [
          { departmentId: 'sales', groupMembers: new Set(['ann']), groupSize: 1, headCount: null },
        ],
        sessions: [session('s1', ['sales'], 'seminar')],
        attendance: [{ sessionId: 's1', accountIds: ['ann'] }],
      }),
    );
    expect(result.sales?.trained).toBe(0);
  });

  it('falls back to the head-count, counting attendees of sessions for that department alone', () => {
    const result = computeTrained(
      input({
        departments: [
          { departmentId: 'ops', groupMembers: null, groupSize: null, headCount: 8 },
          { departmentId: 'sales', groupMembers: new Set(['ann']), groupSize: 1, headCount: null },
        ],
        sessions: [
          session('own', ['ops']),
          session('shared', ['ops', 'sales']),
          session('all', [], 'training', true),
        ],
        attendance: [
          // Ann belongs to Sales' group: she never counts for Operations.
          { sessionId: 'own', accountIds: ['olga', 'omar', 'ann'] },
          { sessionId: 'shared', accountIds: ['oscar'] },
          { sessionId: 'all', accountIds: ['otto'] },
        ],
      }),
    );
    expect(result.ops).toEqual({ trained: 2, people: 8, source: 'headCount' });
    expect(trainedPercent(result.ops)).toBe(25);
    expect(result.sales).toEqual({ trained: 1, people: 1, source: 'group' });
  });

  it('knows no share without group or head-count', () => {
    const result = computeTrained(
      input({
        departments: [{ departmentId: 'ops', groupMembers: null, groupSize: null, headCount: 0 }],
        sessions: [session('own', ['ops'])],
        attendance: [{ sessionId: 'own', accountIds: ['olga'] }],
      }),
    );
    expect(result.ops).toEqual({ trained: 1, people: 0, source: 'none' });
    expect(trainedPercent(result.ops)).toBeNull();
    expect(trainedPercent(undefined)).toBeNull();
  });

  it('takes Jira’s total as the people when the members read stop short of it, and never passes 100', () => {
    const result = computeTrained(
      input({
        departments: [
          {
            departmentId: 'big',
            groupMembers: new Set(['a', 'b']),
            groupSize: 10,
            headCount: null,
          },
        ],
        sessions: [session('s', ['big'])],
        attendance: [{ sessionId: 's', accountIds: ['a', 'b'] }],
      }),
    );
    expect(result.big).toEqual({ trained: 2, people: 10, source: 'group' });
    expect(trainedPercent({ trained: 12, people: 10, source: 'headCount' })).toBe(100);
    expect(trainedPercent({ trained: 1, people: 3, source: 'headCount' })).toBe(33);
  });
});

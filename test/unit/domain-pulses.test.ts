/**
 * Which departments an anonymous answer may count for: the asked departments whose Jira group
 * holds the answerer, else the asked departments without a group, for them to pick.
 */
import { answerDepartments, mayCheckIn } from '../../src/domain/pulses';

const groups = new Map([
  ['sales', 'g-sales'],
  ['finance', 'g-finance'],
  ['legal', ''],
]);

describe('answerDepartments', () => {
  it('answers the asked departments whose group holds the person, and only those', () => {
    expect(answerDepartments(['sales', 'finance', 'legal'], groups, new Set(['g-sales']))).toEqual({
      source: 'group',
      departmentIds: ['sales'],
    });
    expect(
      answerDepartments(['sales', 'finance'], groups, new Set(['g-finance', 'g-sales', 'other'])),
    ).toEqual({ source: 'group', departmentIds: ['sales', 'finance'] });
  });

  it('ignores a group of a department the pulse does not ask', () => {
    expect(answerDepartments(['finance', 'legal'], groups, new Set(['g-sales']))).toEqual({
      source: 'pick',
      departmentIds: ['legal'],
    });
  });

  it('offers the departments without a group to someone in none, and nothing when all have one', () => {
    expect(answerDepartments(['sales', 'legal', 'ops'], groups, new Set())).toEqual({
      source: 'pick',
      departmentIds: ['legal', 'ops'],
    });
    expect(answerDepartments(['sales', 'finance'], groups, new Set(['other']))).toEqual({
      source: 'pick',
      departmentIds: [],
    });
  });
});

describe('mayCheckIn', () => {
  const department = { departmentId: 'sales', headAccountId: 'head' };
  const directory = {
    headAccountId: 'head',
    delegateAccountId: 'stand-in',
    supervisorAccountIds: ['sup'],
  };
  const now = new Date('2026-11-30T12:00:00Z');

  it('takes the head, the default stand-in and named supervisors, and no one else', () => {
    for (const who of ['head', 'stand-in', 'sup']) {
      expect(mayCheckIn(who, department, directory, undefined, now)).toBe(true);
    }
    expect(mayCheckIn('someone', department, directory, undefined, now)).toBe(false);
    expect(mayCheckIn('', department, directory, undefined, now)).toBe(false);
    expect(mayCheckIn('sup', department, undefined, undefined, now)).toBe(false);
  });
});

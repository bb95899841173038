/** The problem rules: a raise's progress, triage steps, the reminder cadence and the form rules. */
import {
  applyTriage,
  blocksPhase,
  newProblem,
  problemProperty,
  problemReminderDue,
  raiseProgress,
  reachesHead,
  triageBlock,
  RAISE_CLAIM_MS,
  type Problem,
} from '../../src/domain/problems';
import { closingCommentIssues, fixLinkIssue } from '../../src/domain/rules/problems';

const AT = '2030-03-01T09:00:00.000Z';
const DAY = 86_400_000;

function aProblem(overrides: Partial<Problem> = {}): Problem {
  return {
    ...newProblem(
      {
        id: 'p-1',
        rolloutId: 'r-1',
        raisedOnIssueKey: 'ROLL-1',
        category: 'technical',
        severity: 'high',
        departmentId: 'd-1',
        phaseId: 'ph-1',
        summary: 'Login fails',
        description: 'Nobody can log in.',
      },
      'employee',
      AT,
      'claim-1',
    ),
    ...overrides,
  };
}

const later = (ms: number): Date => new Date(Date.parse(AT) + ms);

describe('a raise in progress', () => {
  it('is done with its issue, under way while its claim is young, unfinished after', () => {
    expect(raiseProgress(aProblem({ issueKey: 'ROLL-9' }), later(0))).toBe('done');
    expect(raiseProgress(aProblem(), later(RAISE_CLAIM_MS - 1))).toBe('under-way');
    expect(raiseProgress(aProblem(), later(RAISE_CLAIM_MS))).toBe('unfinished');
    expect(raiseProgress(aProblem({ claimedAt: '' }), later(0))).toBe('unfinished');
  });
});

describe('severity', () => {
  it('reaches the head when high or blocking; only an open blocking problem blocks its phase', () => {
    expect(['low', 'medium', 'high', 'blocking'].map((s) => reachesHead(s as never))).toEqual([
      false,
      false,
      true,
      true,
    ]);
    expect(blocksPhase({ severity: 'blocking', status: 'acknowledged' })).toBe(true);
    expect(blocksPhase({ severity: 'blocking', status: 'accepted' })).toBe(false);
    expect(blocksPhase({ severity: 'high', status: 'new' })).toBe(false);
  });
});

describe('triage steps', () => {
  it('acknowledges a new problem once, and takes no step on a closed one', () => {
    expect(triageBlock({ status: 'new' }, 'acknowledge')).toBeUndefined();
    expect(triageBlock({ status: 'acknowledged' }, 'acknowledge')).toBe('already-acknowledged');
    expect(triageBlock({ status: 'acknowledged' }, 'resolve')).toBeUndefined();
    expect(triageBlock({ status: 'resolved' }, 'assign')).toBe('closed');
    expect(triageBlock({ status: 'accepted' }, 'resolve')).toBe('closed');
  });

  it('assigning a new problem acknowledges it; resolving records who, when, why and the fix', () => {
    const assigned = applyTriage(aProblem(), {
      action: 'assign',
      by: 'coordinator',
      at: AT,
      ownerAccountId: 'owner',
    });
    expect(assigned).toMatchObject({
      status: 'acknowledged',
      ownerAccountId: 'owner',
      acknowledgedAt: AT,
      version: 2,
    });
    const resolved = applyTriage(assigned, {
      action: 'resolve',
      by: 'coordinator',
      at: later(DAY).toISOString(),
      comment: 'Fixed',
      fixLink: 'https://example.com/page',
    });
    expect(resolved).toMatchObject({
      status: 'resolved',
      acknowledgedAt: AT,
      closedBy: 'coordinator',
      closingComment: 'Fixed',
      fixLink: 'https://example.com/page',
      version: 3,
    });
    expect(problemProperty(resolved)).toMatchObject({ status: 'resolved', problemId: 'p-1' });
    const accepted = applyTriage(assigned, {
      action: 'accept',
      by: 'admin',
      at: AT,
      comment: 'Known risk',
      fixLink: 'https://ignored.example',
    });
    expect(accepted).toMatchObject({
      status: 'accepted',
      fixLink: '',
      closingComment: 'Known risk',
    });
  });
});

describe('reminders of an unacknowledged problem', () => {
  const raised = aProblem({ issueKey: 'ROLL-9', claimedAt: '' });

  it('remind the coordinator after the cadence, then escalate after as long again, then stop', () => {
    expect(problemReminderDue(raised, later(2 * DAY - 1), 2)).toBeUndefined();
    expect(problemReminderDue(raised, later(2 * DAY), 2)).toBe('remind');
    const reminded = { ...raised, remindersSent: 1, lastRemindedAt: later(2 * DAY).toISOString() };
    expect(problemReminderDue(reminded, later(4 * DAY - 1), 2)).toBeUndefined();
    expect(problemReminderDue(reminded, later(4 * DAY), 2)).toBe('escalate');
    const escalated = { ...reminded, escalatedAt: later(4 * DAY).toISOString() };
    expect(problemReminderDue(escalated, later(40 * DAY), 2)).toBeUndefined();
  });

  it('never for an acknowledged problem, one not made yet, or an escalation without a department', () => {
    expect(
      problemReminderDue({ ...raised, status: 'acknowledged' }, later(9 * DAY), 2),
    ).toBeUndefined();
    expect(problemReminderDue({ ...raised, issueKey: '' }, later(9 * DAY), 2)).toBeUndefined();
    const noDepartment = { ...raised, departmentId: '', remindersSent: 1, lastRemindedAt: AT };
    expect(problemReminderDue(noDepartment, later(9 * DAY), 2)).toBeUndefined();
  });
});

describe('the triage form rules', () => {
  it('require a comment to accept a risk, not to resolve', () => {
    expect(closingCommentIssues('accept', ' \n ')).toEqual([
      { messageKey: 'errors.problem.commentRequired' },
    ]);
    expect(closingCommentIssues('resolve', '')).toEqual([]);
  });

  it('take an http(s) address as what fixed it, or nothing', () => {
    expect(fixLinkIssue('')).toBeUndefined();
    expect(fixLinkIssue('https://example.atlassian.net/wiki/x')).toBeUndefined();
    expect(fixLinkIssue('javascript:alert(1)')).toEqual({ messageKey: 'errors.problem.fixLink' });
    expect(fixLinkIssue('not a link')).toEqual({ messageKey: 'errors.problem.fixLink' });
  });
});

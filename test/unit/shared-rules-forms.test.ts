/**
 * One set of validation rules, in the other forms: each case goes through the rule functions the
 * set-up form (src/ui/components/rollout.ts), the settings, delegation, decision and department
 * forms call before sending, and through the server's schemas. Both must find the same fields
 * wrong, with the same message. The strategy flow: shared-rules.test.ts.
 */
import type { z } from 'zod';
import { contract } from '../../src/contract/functions';
import type { FieldIssue } from '../../src/contract';
import { commentRequired, commentSchema } from '../../src/domain/approvals';
import { departmentNameSchema } from '../../src/domain/departments';
import { delegationInputSchema } from '../../src/domain/delegation';
import {
  commentIssues,
  delegationDatesIssue,
  settingIssue,
  type Decision,
} from '../../src/domain/rules/approvals';
import { DEPARTMENT_NAME_TEXT } from '../../src/domain/rules/directory';
import { textIssues } from '../../src/domain/rules/text';
import { settingsInputSchema } from '../../src/domain/settings';
import { rolloutIssues } from '../../src/ui/components/rollout';

const id = (n: number): string => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const SALES = id(1);
const FINANCE = id(2);
const nfd = 'e\u0301';

/** The first issue of each path, as the resolver edge answers them, in path order. */
function firstPerPath(issues: readonly { path: string; messageKey: string }[]): FieldIssue[] {
  const byPath = new Map<string, FieldIssue>();
  for (const issue of issues) {
    if (!byPath.has(issue.path))
      byPath.set(issue.path, { path: issue.path, messageKey: issue.messageKey });
  }
  return [...byPath.values()].sort((a, b) => a.path.localeCompare(b.path));
}

function zodIssues(error: z.ZodError): FieldIssue[] {
  return firstPerPath(
    error.issues.map((issue) => ({
      path: issue.path.map(String).join('.'),
      messageKey: issue.message,
    })),
  );
}

describe('the set-up form and the server apply one set of rules', () => {
  const valid = {
    title: 'New CRM',
    objective: 'Everyone on the CRM.',
    targetDate: '2027-03-31',
    departments: [
      { departmentId: SALES, headAccountId: 'acc-sophie', stage: 1 },
      { departmentId: FINANCE, headAccountId: 'acc-elodie', stage: 2 },
    ],
  };
  const cases: [string, Partial<typeof valid>, FieldIssue[]][] = [
    ['a sound rollout', {}, []],
    [
      'a title of spaces',
      { title: '   ' },
      [{ path: 'title', messageKey: 'errors.rollout.titleRequired' }],
    ],
    ['a decomposed title at the limit', { title: nfd.repeat(120) }, []],
    [
      'an objective too long',
      { objective: 'o'.repeat(2001) },
      [{ path: 'objective', messageKey: 'errors.rollout.objectiveTooLong' }],
    ],
    [
      'a go-live that is no day',
      { targetDate: '2027-04-31' },
      [{ path: 'targetDate', messageKey: 'errors.field.date' }],
    ],
    [
      'no department',
      { departments: [] },
      [{ path: 'departments', messageKey: 'errors.rollout.departmentsRequired' }],
    ],
    [
      '101 departments',
      {
        departments: Array.from({ length: 101 }, (_, index) => ({
          departmentId: id(500 + index),
          headAccountId: 'acc-x',
          stage: 1,
        })),
      },
      [{ path: 'departments', messageKey: 'errors.rollout.tooManyDepartments' }],
    ],
    [
      'the same department twice',
      {
        departments: [
          { departmentId: SALES, headAccountId: 'acc-sophie', stage: 1 },
          { departmentId: SALES, headAccountId: 'acc-sophie', stage: 1 },
        ],
      },
      [{ path: 'departments', messageKey: 'errors.rollout.duplicateDepartment' }],
    ],
    [
      'a stage of 11',
      { departments: [{ departmentId: SALES, headAccountId: 'acc-sophie', stage: 11 }] },
      [{ path: 'departments.0.stage', messageKey: 'errors.rollout.stage' }],
    ],
  ];

  it.each(cases)('%s', (_name, change, expected) => {
    const fields = { ...valid, ...change };
    const parsed = contract['rollouts/create'].payload.safeParse({ requestId: id(98), ...fields });
    expect(parsed.success ? [] : zodIssues(parsed.error)).toEqual(expected);
    expect(firstPerPath(rolloutIssues(fields, 'approvals.form.dateRequired'))).toEqual(expected);
  });

  it('words an empty go-live as a prompt', () => {
    expect(rolloutIssues({ ...valid, targetDate: '' }, 'approvals.form.dateRequired')).toEqual([
      { path: 'targetDate', messageKey: 'approvals.form.dateRequired' },
    ]);
    expect(
      contract['rollouts/create'].payload.safeParse({ requestId: id(98), ...valid, targetDate: '' })
        .error?.issues[0]?.message,
    ).toBe('errors.field.date');
  });
});

describe('the other forms call the rules the schemas call', () => {
  const messages = (result: { success: boolean; error?: z.ZodError }) =>
    result.success ? [] : (result.error?.issues.map((issue) => issue.message) ?? []);
  const keysOf = (issues: readonly { messageKey: string }[]) =>
    issues.map((issue) => issue.messageKey);

  it('approval settings', () => {
    const settings = {
      reminderCadenceDays: 2,
      maxReminders: 3,
      allowSelfApproval: false,
      version: 0,
    };
    for (const value of [0, 1, 30, 31, 2.5, -1, Number.NaN]) {
      const server = messages(
        settingsInputSchema.safeParse({ ...settings, reminderCadenceDays: value }),
      );
      const browser = settingIssue('reminderCadenceDays', value);
      expect(browser?.messageKey).toBe(server[0]);
    }
    for (const value of [0, 10, 11, 1.5]) {
      const server = messages(settingsInputSchema.safeParse({ ...settings, maxReminders: value }));
      expect(settingIssue('maxReminders', value)?.messageKey).toBe(server[0]);
    }
  });

  it('delegation periods', () => {
    const base = { requestId: id(1), delegateAccountId: 'acc-chloe' };
    const periods = [
      { from: '2027-01-01', to: '2027-01-01' },
      { from: '2027-01-03', to: '2027-01-02' },
      { from: '2027-01-01', to: '2027-12-31' },
    ];
    for (const period of periods) {
      const parsed = delegationInputSchema.safeParse({ ...base, ...period });
      const server = parsed.success ? [] : zodIssues(parsed.error);
      const browser = delegationDatesIssue(period);
      expect(server).toEqual(
        browser ? [{ path: browser.path, messageKey: browser.messageKey }] : [],
      );
    }
  });

  it('decision comments', () => {
    const decisions: Decision[] = ['approved', 'changes-requested', 'rejected'];
    const comments = ['', ' \u200B ', 'Fine by me', 'c'.repeat(1001), nfd.repeat(1000), 'no\u0007'];
    for (const decision of decisions) {
      for (const comment of comments) {
        const parsed = commentSchema.safeParse(comment);
        // The handler refuses an empty comment where one is required, once the schema passed.
        const server = parsed.success
          ? commentRequired(decision) && parsed.data === ''
            ? ['errors.approval.commentRequired']
            : []
          : messages(parsed);
        expect(keysOf(commentIssues(decision, comment))).toEqual(server);
      }
    }
  });

  it('department names', () => {
    for (const name of [
      'Sales',
      '  ',
      'Sales\u200B',
      'Sa\u0000les',
      'd'.repeat(81),
      nfd.repeat(80),
    ]) {
      expect(keysOf(textIssues(name, DEPARTMENT_NAME_TEXT))).toEqual(
        messages(departmentNameSchema.safeParse(name)),
      );
    }
  });
});

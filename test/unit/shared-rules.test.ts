/**
 * One set of validation rules, in the strategy flow: each case goes through the flow's checks
 * (src/ui/surfaces/strategy/draft.ts, which runs domain/rules/ on the payload it would send) and
 * through the server's (the contract's zod schemas, then the plan's checks across fields, as the
 * handler runs them). Both must find the same fields wrong, with the same message, except where
 * the flow deliberately words an empty field as a prompt (listed per case).
 * Here the rollout's own fields and its targets; the phases, tasks and sessions:
 * shared-rules-plan.test.ts; the other forms: shared-rules-forms.test.ts.
 */
import { checkAll, type Draft } from '../../src/ui/surfaces/strategy/draft';
import {
  FINANCE,
  context,
  draft,
  expectOneSetOfRules,
  nfd,
  serverIssues,
  type Case,
} from '../support/strategy-rules';

const CASES: Case[] = [
  { name: 'a sound draft', change: () => undefined, issues: [] },
  {
    name: 'a title of invisible characters only',
    change: (d) => {
      d.title = ' \u200B\u00AD ';
    },
    issues: [{ path: 'title', messageKey: 'errors.rollout.titleRequired' }],
  },
  {
    name: 'a title of 120 accented letters typed decomposed (240 UTF-16 units, 120 in NFC)',
    change: (d) => {
      d.title = nfd.repeat(120);
    },
    issues: [],
  },
  {
    name: 'a title of 121 characters',
    change: (d) => {
      d.title = nfd.repeat(121);
    },
    issues: [{ path: 'title', messageKey: 'errors.rollout.titleTooLong' }],
  },
  {
    name: 'a title with a control character',
    change: (d) => {
      d.title = 'CRM\u001B[31m';
    },
    issues: [{ path: 'title', messageKey: 'errors.text.controlSingleLine' }],
  },
  {
    name: 'an objective with NUL',
    change: (d) => {
      d.objective = 'Line one\nline two\u0000';
    },
    issues: [{ path: 'objective', messageKey: 'errors.text.controlMultiline' }],
  },
  {
    name: 'an objective of 2,000 characters once CR LF become LF',
    change: (d) => {
      d.objective = `${'x'.repeat(999)}\r\n${'y'.repeat(1000)}`;
    },
    issues: [],
  },
  {
    name: 'an objective of 2,001 characters',
    change: (d) => {
      d.objective = 'y'.repeat(2001);
    },
    issues: [{ path: 'objective', messageKey: 'errors.rollout.objectiveTooLong' }],
  },
  {
    name: 'a go-live that is no calendar day',
    change: (d) => {
      d.targetDate = '2027-02-30';
    },
    issues: [{ path: 'targetDate', messageKey: 'errors.field.date' }],
  },
  {
    name: 'no go-live',
    change: (d) => {
      d.targetDate = '';
    },
    issues: [{ path: 'targetDate', messageKey: 'errors.field.date' }],
    browser: { targetDate: 'strategy.form.targetDateRequired' },
  },
  {
    name: 'no department',
    change: (d) => {
      d.choices = {};
      d.sessions = [];
    },
    issues: [{ path: 'departments', messageKey: 'errors.rollout.departmentsRequired' }],
  },
  ...['0', '11', '1.5', '', 'two'].map((stage) => ({
    name: `stage "${stage}"`,
    change: (d: Draft) => {
      d.choices = {
        ...d.choices,
        [FINANCE]: { head: { accountId: 'acc-elodie', displayName: 'elodie' }, stage },
      };
    },
    issues: [{ path: 'departments.1.stage', messageKey: 'errors.rollout.stage' }],
  })),
  ...['101', '-1', 'lots'].map((value) => ({
    name: `adoption "${value}"`,
    change: (d: Draft) => {
      d.adoptionPercent = value;
    },
    issues: [{ path: 'plan.targets.adoptionPercent', messageKey: 'errors.plan.adoption' }],
  })),
  ...['0.5', '5,5'].map((value) => ({
    name: `readiness "${value}"`,
    change: (d: Draft) => {
      d.readinessScore = value;
    },
    issues: [{ path: 'plan.targets.readinessScore', messageKey: 'errors.plan.readiness' }],
  })),
  {
    name: 'a readiness typed with a decimal comma',
    change: (d) => {
      d.readinessScore = '4,5';
    },
    issues: [],
  },
  {
    name: 'targets due before the first phase',
    change: (d) => {
      d.targetsBy = '2026-12-31';
    },
    issues: [{ path: 'plan.targets.by', messageKey: 'errors.plan.targetsBeforePhases' }],
  },
  {
    name: 'targets due on no calendar day',
    change: (d) => {
      d.targetsBy = '2027-02-29';
    },
    issues: [{ path: 'plan.targets.by', messageKey: 'errors.field.date' }],
  },
  {
    name: 'a go-live before the first phase',
    change: (d) => {
      d.targetDate = '2027-01-03';
    },
    issues: [{ path: 'targetDate', messageKey: 'errors.plan.targetBeforePhases' }],
    // Found while the phases are entered: the flow marks the first phase's start.
    browser: { targetDate: '', 'plan.phases.0.start': 'errors.plan.targetBeforePhases' },
  },
];

describe('the strategy flow and the server apply one set of rules', () => {
  it.each(CASES.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    expectOneSetOfRules(c);
  });

  it('asks a strategy for a phase, and not a rollout set up on its Jira issue', () => {
    const sent = draft();
    sent.phases = [];
    sent.sessions = [];
    expect(checkAll(sent, context)).toHaveProperty('phases', 'errors.plan.phasesRequired');
    expect(checkAll(sent, { ...context, strategy: false })).toEqual({});
  });

  it('measures length after NFC on both sides (the old browser check counted UTF-16 units)', () => {
    const sent = draft();
    sent.title = nfd.repeat(120);
    expect(sent.title.length).toBe(240);
    expect(checkAll(sent, context)).toEqual({});
    expect(serverIssues(sent)).toEqual([]);
  });
});

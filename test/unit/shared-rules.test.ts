/**
 * One set of validation rules, in the strategy flow: each case goes through the flow's checks
 * (src/ui/surfaces/strategy/draft.ts, which runs domain/rules/ on the payload it would send) and
 * through the server's (the contract's zod schemas, then the plan's checks across fields, as the
 * handler runs them). Both must find the same fields wrong, with the same message, except where
 * the flow deliberately words an empty field as a prompt (listed per case).
 * The other forms: shared-rules-forms.test.ts.
 */
import { contract } from '../../src/contract/functions';
import type { DepartmentOption, FieldIssue } from '../../src/contract';
import { checkPlan, checkPlanSize, checkSchedule } from '../../src/domain/plan';
import {
  checkAll,
  departmentsPayload,
  draftIssues,
  errorsFromAnswer,
  planPayload,
  type Draft,
  type DraftSession,
  type Errors,
} from '../../src/ui/surfaces/strategy/draft';
import type { z } from 'zod';

const id = (n: number): string => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const SALES = id(1);
const FINANCE = id(2);
const LEGAL = id(3);
const PILOT = id(10);
const WAVE = id(11);
const TASK = id(20);
const SESSION = id(30);

function person(name: string) {
  return { accountId: `acc-${name}`, displayName: name, avatarUrl: null, active: true };
}

const OPTIONS: DepartmentOption[] = [
  { id: SALES, name: 'Sales', head: person('sophie'), delegate: null },
  { id: FINANCE, name: 'Finance', head: person('elodie'), delegate: null },
  { id: LEGAL, name: 'Legal', head: person('riley'), delegate: null },
];
const PROJECTS = [{ key: 'ROLL' }];
/** Message keys as they are: what each side found, before any language. */
const keys = (key: string): string => key;
const context = { options: OPTIONS, projects: PROJECTS, t: keys };

/** A draft as a coordinator would fill it in, right on every step. */
function draft(): Draft {
  return {
    title: 'New CRM',
    objective: 'Every team moves its customer records to the new CRM.',
    targetDate: '2027-03-31',
    projectKey: 'ROLL',
    choices: {
      [SALES]: { head: { accountId: 'acc-sophie', displayName: 'sophie' }, stage: '1' },
      [FINANCE]: { head: { accountId: 'acc-elodie', displayName: 'elodie' }, stage: '2' },
    },
    phases: [
      {
        id: PILOT,
        name: 'Pilot',
        start: '2027-01-04',
        end: '2027-01-29',
        tasks: [{ id: TASK, title: 'Migrate customer records' }],
      },
      { id: WAVE, name: 'Wave', start: '2027-01-29', end: '2027-03-26', tasks: [] },
    ],
    sessions: [
      {
        id: SESSION,
        kind: 'training',
        title: 'CRM basics',
        phaseId: PILOT,
        ownerAccountId: 'acc-trainer',
        ownerName: 'Trainer',
        date: '2027-01-12',
        startTime: '09:30',
        durationMinutes: '90',
        place: 'Room 2.14',
        capacity: '20',
        departmentIds: [SALES],
        allDepartments: false,
        audience: 'Account managers',
      },
    ],
    adoptionPercent: '80',
    readinessScore: '4',
    targetsBy: '2027-04-30',
  };
}

/** The first issue of each path, as the resolver edge answers them. */
function firstPerPath(issues: readonly { path: string; messageKey: string }[]): FieldIssue[] {
  const byPath = new Map<string, FieldIssue>();
  for (const issue of issues) {
    if (!byPath.has(issue.path))
      byPath.set(issue.path, { path: issue.path, messageKey: issue.messageKey });
  }
  return [...byPath.values()];
}

function zodIssues(error: z.ZodError): FieldIssue[] {
  return firstPerPath(
    error.issues.map((issue) => ({
      path: issue.path.map(String).join('.'),
      messageKey: issue.message,
    })),
  );
}

/** What the server answers for the payload the flow sends: the schema, then the plan's checks. */
function serverIssues(sent: Draft): FieldIssue[] {
  const payload = {
    requestId: id(99),
    projectKey: sent.projectKey,
    title: sent.title,
    objective: sent.objective,
    targetDate: sent.targetDate,
    departments: departmentsPayload(sent, OPTIONS),
    plan: planPayload(sent),
  };
  const parsed = contract['strategy/create'].payload.safeParse(payload);
  if (!parsed.success) return zodIssues(parsed.error);
  const { plan, departments, targetDate } = parsed.data;
  return firstPerPath([
    ...checkPlan(plan, new Set(departments.map((d) => d.departmentId))).map((issue) => ({
      path: `plan.${issue.path}`,
      messageKey: issue.messageKey,
    })),
    ...checkSchedule(plan, targetDate),
    ...checkPlanSize(plan),
  ]);
}

/** The browser's findings at the same payload paths. */
function browserIssues(sent: Draft): FieldIssue[] {
  return firstPerPath(draftIssues(sent, context));
}

/** The server's answer placed on the flow's fields, as the flow shows it. */
function serverErrors(sent: Draft): Errors {
  const error = {
    code: 'VALIDATION' as const,
    message: '',
    messageKey: 'errors.validation',
    details: { fields: serverIssues(sent) },
  };
  const placed = errorsFromAnswer(
    error,
    { departments: departmentsPayload(sent, OPTIONS), plan: planPayload(sent) },
    keys,
  );
  expect(placed.unplaced).toEqual([]);
  return placed.errors;
}

const nfd = 'e\u0301';

interface Case {
  name: string;
  change: (d: Draft) => void;
  /** The issues both sides find, at payload paths. */
  issues: FieldIssue[];
  /** Where the browser words it otherwise: its message keys by payload path. */
  browser?: Record<string, string>;
}

/** A change to the first session's fields. */
function onSession(change: (session: DraftSession) => void): (d: Draft) => void {
  return (d) => {
    const session = d.sessions[0];
    if (session) change(session);
  };
}

/** A session's owner, time, length, place, seats and audience: one rule each, on both sides. */
function sessionCases(): Case[] {
  const at = (field: string) => `plan.sessions.0.${field}`;
  const one = (field: string, messageKey: string) => [{ path: at(field), messageKey }];
  return [
    {
      name: 'a session with nobody to run it',
      change: onSession((s) => {
        s.ownerAccountId = '';
        s.ownerName = '';
      }),
      issues: one('ownerAccountId', 'errors.plan.sessionOwner'),
    },
    ...['25:00', '9:30', '09:60', 'noon'].map((value) => ({
      name: `a session starting at "${value}"`,
      change: onSession((s) => {
        s.startTime = value;
      }),
      issues: one('startTime', 'errors.plan.sessionTime'),
    })),
    {
      name: 'a session without a start time',
      change: onSession((s) => {
        s.startTime = '';
      }),
      issues: one('startTime', 'errors.plan.sessionTime'),
      browser: { [at('startTime')]: 'strategy.sessions.timeRequired' },
    },
    ...['4', '721', '90.5', 'long'].map((value) => ({
      name: `a session lasting "${value}" minutes`,
      change: onSession((s) => {
        s.durationMinutes = value;
      }),
      issues: one('durationMinutes', 'errors.plan.sessionDuration'),
    })),
    {
      name: 'a session of 5 minutes and one of 720 are fine',
      change: (d: Draft) => {
        const first = d.sessions[0];
        if (!first) return;
        first.durationMinutes = '5';
        d.sessions.push({ ...first, id: id(31), durationMinutes: '720' });
      },
      issues: [],
    },
    {
      name: 'a session without a length',
      change: onSession((s) => {
        s.durationMinutes = '';
      }),
      issues: one('durationMinutes', 'errors.plan.sessionDuration'),
      browser: { [at('durationMinutes')]: 'strategy.sessions.durationRequired' },
    },
    ...['0', '10001', '2.5', '-3'].map((value) => ({
      name: `a session with "${value}" seats`,
      change: onSession((s) => {
        s.capacity = value;
      }),
      issues: one('capacity', 'errors.plan.sessionCapacity'),
    })),
    {
      name: 'a session without seats',
      change: onSession((s) => {
        s.capacity = '';
      }),
      issues: one('capacity', 'errors.plan.sessionCapacity'),
      browser: { [at('capacity')]: 'strategy.sessions.capacityRequired' },
    },
    {
      name: 'a session with no place',
      change: onSession((s) => {
        s.place = '  ';
      }),
      issues: one('place', 'errors.plan.sessionPlace'),
    },
    {
      name: 'a session place of 501 characters',
      change: onSession((s) => {
        s.place = 'x'.repeat(501);
      }),
      issues: one('place', 'errors.plan.sessionPlaceTooLong'),
    },
    ...[
      'javascript://alert(1)',
      'ftp://files.example.com/room',
      'https://',
      'https://a b.com/x',
    ].map((value) => ({
      name: `a session place "${value}", not a link people can open`,
      change: onSession((s) => {
        s.place = value;
      }),
      issues: one('place', 'errors.plan.sessionLink'),
    })),
    {
      name: 'a session with a meeting link, or a place with a colon, is fine',
      change: (d: Draft) => {
        const first = d.sessions[0];
        if (!first) return;
        first.place = 'https://teams.microsoft.com/l/meetup-join/19%3ameeting?context=%7b%7d';
        d.sessions.push({ ...first, id: id(32), place: 'Lyon: salle 3' });
      },
      issues: [],
    },
    {
      name: 'a session for no department',
      change: onSession((s) => {
        s.departmentIds = [];
      }),
      issues: one('departmentIds', 'errors.plan.audienceRequired'),
    },
    {
      name: 'a session for the same department twice',
      change: onSession((s) => {
        s.departmentIds = [SALES, SALES];
      }),
      issues: one('departmentIds', 'errors.plan.audienceDuplicate'),
    },
    {
      name: 'a session for several departments, and one for all of them',
      change: (d: Draft) => {
        const first = d.sessions[0];
        if (!first) return;
        first.departmentIds = [SALES, FINANCE];
        d.sessions.push({ ...first, id: id(33), departmentIds: [], allDepartments: true });
      },
      issues: [],
    },
  ];
}

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
  {
    name: 'no phase',
    change: (d) => {
      d.phases = [];
      d.sessions = [];
    },
    issues: [{ path: 'plan.phases', messageKey: 'errors.plan.phasesRequired' }],
  },
  {
    name: 'thirteen phases',
    change: (d) => {
      d.phases = Array.from({ length: 13 }, (_, index) => ({
        id: id(100 + index),
        name: `Phase ${String(index + 1)}`,
        start: '2027-01-04',
        end: '2027-01-04',
        tasks: [],
      }));
      d.sessions = [];
    },
    issues: [{ path: 'plan.phases', messageKey: 'errors.plan.tooManyPhases' }],
  },
  {
    name: 'a phase without a name, and one with a name too long',
    change: (d) => {
      const [pilot, wave] = d.phases;
      if (pilot) pilot.name = '\u200B';
      if (wave) wave.name = 'n'.repeat(81);
    },
    issues: [
      { path: 'plan.phases.0.name', messageKey: 'errors.plan.phaseName' },
      { path: 'plan.phases.1.name', messageKey: 'errors.plan.phaseNameTooLong' },
    ],
  },
  {
    name: 'a phase that ends before it starts',
    change: (d) => {
      const wave = d.phases[1];
      if (wave) wave.end = '2027-01-28';
    },
    issues: [{ path: 'plan.phases.1.end', messageKey: 'errors.plan.phaseDates' }],
  },
  {
    name: 'a phase start that is no calendar day',
    change: (d) => {
      const wave = d.phases[1];
      if (wave) wave.start = '2027-13-01';
    },
    issues: [{ path: 'plan.phases.1.start', messageKey: 'errors.field.date' }],
  },
  {
    name: 'a phase without an end',
    change: (d) => {
      const wave = d.phases[1];
      if (wave) wave.end = '';
    },
    issues: [{ path: 'plan.phases.1.end', messageKey: 'errors.field.date' }],
    browser: { 'plan.phases.1.end': 'strategy.phases.endRequired' },
  },
  {
    name: 'phases that overlap',
    change: (d) => {
      const wave = d.phases[1];
      if (wave) wave.start = '2027-01-20';
    },
    issues: [{ path: 'plan.phases.1.start', messageKey: 'errors.plan.phaseOrder' }],
  },
  {
    name: 'twenty-one tasks in a phase',
    change: (d) => {
      const pilot = d.phases[0];
      if (pilot) {
        pilot.tasks = Array.from({ length: 21 }, (_, index) => ({
          id: id(200 + index),
          title: `Task ${String(index)}`,
        }));
      }
    },
    issues: [{ path: 'plan.phases.0.tasks', messageKey: 'errors.plan.tooManyTasks' }],
  },
  {
    name: 'a task without a title',
    change: (d) => {
      const task = d.phases[0]?.tasks[0];
      if (task) task.title = '   ';
    },
    issues: [{ path: 'plan.phases.0.tasks.0.title', messageKey: 'errors.plan.taskTitle' }],
  },
  {
    name: 'a session without a title, its audience too long',
    change: (d) => {
      const session = d.sessions[0];
      if (session) {
        session.title = '';
        session.audience = 'a'.repeat(201);
      }
    },
    issues: [
      { path: 'plan.sessions.0.title', messageKey: 'errors.plan.sessionTitle' },
      { path: 'plan.sessions.0.audience', messageKey: 'errors.plan.audienceTooLong' },
    ],
  },
  {
    name: 'a session audience with a tab',
    change: (d) => {
      const session = d.sessions[0];
      if (session) session.audience = 'Account\tmanagers';
    },
    issues: [{ path: 'plan.sessions.0.audience', messageKey: 'errors.text.controlSingleLine' }],
  },
  {
    name: 'a session outside its phase',
    change: (d) => {
      const session = d.sessions[0];
      if (session) session.date = '2027-02-10';
    },
    issues: [{ path: 'plan.sessions.0.date', messageKey: 'errors.plan.sessionOutsidePhase' }],
  },
  {
    name: 'a session without a date',
    change: (d) => {
      const session = d.sessions[0];
      if (session) session.date = '';
    },
    issues: [{ path: 'plan.sessions.0.date', messageKey: 'errors.field.date' }],
    browser: { 'plan.sessions.0.date': 'strategy.sessions.dateRequired' },
  },
  {
    name: 'a session whose phase was removed',
    change: (d) => {
      const session = d.sessions[0];
      if (session) session.phaseId = id(12);
    },
    issues: [{ path: 'plan.sessions.0.phaseId', messageKey: 'errors.plan.unknownPhase' }],
    browser: { 'plan.sessions.0.phaseId': 'strategy.sessions.phaseRequired' },
  },
  {
    name: 'a session for a department the rollout does not involve',
    change: (d) => {
      const session = d.sessions[0];
      if (session) session.departmentIds = [SALES, LEGAL];
    },
    issues: [
      { path: 'plan.sessions.0.departmentIds', messageKey: 'errors.rollout.unknownDepartment' },
    ],
    browser: { 'plan.sessions.0.departmentIds': 'strategy.sessions.departmentRequired' },
  },
  ...sessionCases(),
  {
    name: '501 sessions',
    change: (d) => {
      d.sessions = Array.from({ length: 501 }, (_, index) => ({
        id: id(1000 + index),
        kind: 'seminar',
        title: 'Q&A',
        phaseId: PILOT,
        ownerAccountId: 'acc-trainer',
        ownerName: 'Trainer',
        date: '2027-01-12',
        startTime: '09:30',
        durationMinutes: '60',
        place: 'Room 1',
        capacity: '12',
        departmentIds: [SALES],
        allDepartments: false,
        audience: '',
      }));
    },
    issues: [{ path: 'plan.sessions', messageKey: 'errors.plan.tooManySessions' }],
  },
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

/** The issues as the browser words them: the server's, with the case's prompts in place. */
function worded(c: Case): FieldIssue[] {
  const prompts = c.browser ?? {};
  const own = c.issues.flatMap((issue) => {
    const key = prompts[issue.path];
    if (key === undefined) return [issue];
    return key === '' ? [] : [{ ...issue, messageKey: key }];
  });
  const added = Object.entries(prompts)
    .filter(([path, key]) => key !== '' && !c.issues.some((issue) => issue.path === path))
    .map(([path, messageKey]) => ({ path, messageKey }));
  return [...own, ...added];
}

const byPath = (issues: FieldIssue[]) => [...issues].sort((a, b) => a.path.localeCompare(b.path));

describe('the strategy flow and the server apply one set of rules', () => {
  it.each(CASES.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const sent = draft();
    c.change(sent);
    expect(byPath(serverIssues(sent))).toEqual(byPath(c.issues));
    expect(byPath(browserIssues(sent))).toEqual(byPath(worded(c)));
    // On the flow's fields, the server's answer marks the fields the flow's own checks mark.
    const shown = checkAll(sent, context);
    const answered = serverErrors(sent);
    if (c.browser === undefined) expect(shown).toEqual(answered);
    else expect(Object.keys(shown).length).toBe(Object.keys(answered).length);
  });

  it('measures length after NFC on both sides (the old browser check counted UTF-16 units)', () => {
    const sent = draft();
    sent.title = nfd.repeat(120);
    expect(sent.title.length).toBe(240);
    expect(checkAll(sent, context)).toEqual({});
    expect(serverIssues(sent)).toEqual([]);
  });
});

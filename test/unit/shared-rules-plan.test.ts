/**
 * One set of validation rules for a strategy's plan: its phases, tasks and sessions, each case
 * through the flow's checks and the server's (see shared-rules.test.ts), which must find the
 * same fields wrong, with the same message, except where the flow words an empty field as a
 * prompt (listed per case).
 */
import type { Draft } from '../../src/ui/surfaces/strategy/draft';
import {
  FINANCE,
  LEGAL,
  PILOT,
  SALES,
  expectOneSetOfRules,
  id,
  onSession,
  type Case,
} from '../support/strategy-rules';

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
];

describe('the strategy flow and the server apply one set of rules', () => {
  it.each(CASES.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    expectOneSetOfRules(c);
  });
});

/**
 * The plan of the demo rollout in progress, "Roll out the new expense tool": its fixed ids, its
 * phases, tasks and sessions, with dates relative to the day the host is seeded.
 */
import type { PayloadIn } from '../../../src/contract';
import { DEMO_DEPARTMENTS } from '../departments';
import { DEMO_PROJECT_KEY } from '../jira';

export const DEMO_ROLLOUT_TITLE = 'Roll out the new expense tool';

/** Fixed ids of the seeded rollout's plan (UUID v4 shape, as the contract asks). */
export const id = (n: number): string => `5eed0000-0000-4000-8000-${String(n).padStart(12, '0')}`;

export const DEMO_ROLLOUT_IDS = {
  request: id(1),
  /** The CRM rollout on ROLL-1 (approved, not started). */
  crm: id(2),
  phases: [id(11), id(12), id(13)] as const,
  problems: { blocking: id(31), material: id(32), resistance: id(33) },
} as const;

export type DepartmentName = (typeof DEMO_DEPARTMENTS)[number]['name'];

export function departmentId(name: DepartmentName): string {
  const found = DEMO_DEPARTMENTS.find((department) => department.name === name);
  if (!found) throw new Error(`Seed department ${name} is missing`);
  return found.requestId;
}

/** YYYY-MM-DD, `days` after `today` (UTC). */
export function dayFrom(today: Date, days: number): string {
  const date = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate()));
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/**
 * The plan: a pilot that ended a few days ago (its work done, the phase completed), the rollout
 * phase under way now, and a stabilisation phase ahead. Sessions for everyone and for single
 * departments, in rooms and online.
 */
export function demoRolloutPayload(
  today: Date,
  coordinatorAccountId: string,
  trainerAccountId: string,
): PayloadIn<'strategy/create'> {
  const [pilot, rollout, stabilisation] = DEMO_ROLLOUT_IDS.phases;
  const day = (days: number): string => dayFrom(today, days);
  const session = (
    n: number,
    fields: {
      kind: 'training' | 'seminar' | 'office-hours' | 'communication';
      title: string;
      phaseId: string;
      date: string;
      startTime: string;
      durationMinutes: number;
      place: string;
      capacity: number;
      departments: readonly DepartmentName[] | 'all';
      audience?: string;
      owner?: string;
    },
  ) => ({
    id: id(100 + n),
    kind: fields.kind,
    title: fields.title,
    phaseId: fields.phaseId,
    ownerAccountId: fields.owner ?? coordinatorAccountId,
    date: fields.date,
    startTime: fields.startTime,
    durationMinutes: fields.durationMinutes,
    place: fields.place,
    capacity: fields.capacity,
    departmentIds: fields.departments === 'all' ? [] : fields.departments.map(departmentId),
    allDepartments: fields.departments === 'all',
    audience: fields.audience ?? '',
  });
  return {
    requestId: DEMO_ROLLOUT_IDS.request,
    title: DEMO_ROLLOUT_TITLE,
    objective:
      'Every expense report goes through the new expense tool, with receipts photographed on the phone, in Finance first, then in every department.',
    targetDate: day(56),
    projectKey: DEMO_PROJECT_KEY,
    departments: DEMO_DEPARTMENTS.map((department) => ({
      departmentId: department.requestId,
      stage: 1,
    })),
    plan: {
      phases: [
        {
          id: pilot,
          name: 'Pilot in Finance',
          start: day(-35),
          end: day(-5),
          tasks: [
            { id: id(201), title: 'Configure expense categories and approval limits' },
            { id: id(202), title: 'Import the cost centres from the old tool' },
          ],
        },
        {
          id: rollout,
          name: 'Company-wide rollout',
          start: day(-4),
          end: day(25),
          tasks: [
            { id: id(211), title: 'Announce the switch-over date on the intranet' },
            { id: id(212), title: 'Publish the quick-start guide in French and English' },
          ],
        },
        {
          id: stabilisation,
          name: 'Stabilisation',
          start: day(26),
          end: day(56),
          tasks: [{ id: id(221), title: 'Switch off the old expense spreadsheet' }],
        },
      ],
      sessions: [
        session(1, {
          kind: 'training',
          title: 'Expense tool training for Finance',
          phaseId: pilot,
          date: day(-28),
          startTime: '09:30',
          durationMinutes: 120,
          place: 'Salle Lumière, 3rd floor',
          capacity: 15,
          departments: ['Finance'],
          audience: 'Accountants and assistants',
        }),
        session(2, {
          kind: 'office-hours',
          title: 'Pilot feedback hour',
          phaseId: pilot,
          date: day(-10),
          startTime: '16:00',
          durationMinutes: 60,
          place: 'https://meet.example.com/expense-pilot',
          capacity: 30,
          departments: ['Finance'],
          owner: trainerAccountId,
        }),
        session(3, {
          kind: 'communication',
          title: 'Kick-off for everyone',
          phaseId: rollout,
          date: day(-3),
          startTime: '11:00',
          durationMinutes: 45,
          place: 'https://meet.example.com/expense-kickoff',
          capacity: 500,
          departments: 'all',
        }),
        session(4, {
          kind: 'training',
          title: 'Expense tool training for Sales',
          phaseId: rollout,
          date: day(2),
          startTime: '09:30',
          durationMinutes: 90,
          place: 'Room 2.14',
          capacity: 20,
          departments: ['Sales'],
          audience: 'Account managers on the road',
        }),
        session(5, {
          kind: 'training',
          title: 'Expense tool training for Support and Operations',
          phaseId: rollout,
          date: day(6),
          startTime: '14:00',
          durationMinutes: 90,
          place: 'https://meet.example.com/expense-training',
          capacity: 40,
          departments: ['Customer Support', 'Operations'],
          owner: trainerAccountId,
        }),
        session(6, {
          kind: 'seminar',
          title: 'Receipts on the phone: questions and answers',
          phaseId: rollout,
          date: day(12),
          startTime: '12:30',
          durationMinutes: 60,
          place: 'Cafeteria, ground floor',
          capacity: 60,
          departments: 'all',
        }),
        session(7, {
          kind: 'office-hours',
          title: 'First month-end close help desk',
          phaseId: stabilisation,
          date: day(33),
          startTime: '10:00',
          durationMinutes: 180,
          place: 'Finance open space',
          capacity: 25,
          departments: 'all',
          owner: trainerAccountId,
        }),
      ],
      targets: { adoptionPercent: 95, readinessScore: 4, by: day(56) },
    },
  };
}

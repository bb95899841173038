/**
 * The demo company's rollouts: ROLL-1, the new CRM, approved and ready to start; and the rollout
 * in progress: the new expense tool, planned, approved, started,
 * pushed to Jira, its held sessions attended, its first phase done and a few problems raised, so
 * that `npm start` shows every surface with real data on first look.
 *
 * Everything the app stores goes through the app's own resolvers as the personas would act
 * (the coordinator writes the strategy, the heads approve, the coordinator starts the rollout
 * through the workflow transition the gate guards, pushes the plan, the sessions' owners record who
 * attended, the coordinator completes the first phase, an employee raises problems), so the seed obeys the same rules as data typed in. Only what people
 * do in Jira itself (finishing their work issues) is written straight into the emulator.
 *
 * Dates are relative to the day the host is seeded, so the demo always looks current; ids and
 * request ids are fixed, so `npm start -- --reset` rebuilds the same rollout.
 */
import type { LocalHost } from '../host';
import type {
  ApprovalsPanelView,
  FunctionKey,
  PayloadIn,
  ProblemView,
  ResultOf,
  StrategyDetail,
} from '../../src/contract';
import { DEMO_DEPARTMENTS } from './departments';
import { DEMO_PROJECT_KEY, DEPARTMENT_GROUPS, ROLL_TRANSITIONS } from './jira';
import { ROLLOUT_SPACE_KEY } from './confluence';

const SPACE_PAGE = 'rollout-strategies';
const APPROVALS_PANEL = 'rollout-approvals';
const ROLLOUT_PANEL = 'rollout-panel';
const RAISE_ACTION = 'rollout-raise-problem';

export const DEMO_ROLLOUT_TITLE = 'Roll out the new expense tool';

/** Fixed ids of the seeded rollout's plan (UUID v4 shape, as the contract asks). */
const id = (n: number): string => `5eed0000-0000-4000-8000-${String(n).padStart(12, '0')}`;

export const DEMO_ROLLOUT_IDS = {
  request: id(1),
  /** The CRM rollout on ROLL-1 (approved, not started). */
  crm: id(2),
  phases: [id(11), id(12), id(13)] as const,
  problems: { blocking: id(31), material: id(32), resistance: id(33) },
} as const;

type DepartmentName = (typeof DEMO_DEPARTMENTS)[number]['name'];

function departmentId(name: DepartmentName): string {
  const found = DEMO_DEPARTMENTS.find((department) => department.name === name);
  if (!found) throw new Error(`Seed department ${name} is missing`);
  return found.requestId;
}

/** YYYY-MM-DD, `days` after `today` (UTC). */
function dayFrom(today: Date, days: number): string {
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

type Envelope<T> =
  { ok: true; data: T } | { ok: false; error: { code?: string; message?: string } };

interface From {
  moduleKey: string;
  extension: Record<string, unknown>;
}

/** Runs a contract function as a persona; the seed stops with the resolver's error otherwise. */
async function act<K extends FunctionKey>(
  host: LocalHost,
  from: From,
  as: string,
  key: K,
  payload: PayloadIn<K>,
): Promise<ResultOf<K>> {
  const outcome = await host.invoke({ ...from, functionKey: key, as, payload });
  const envelope = outcome.body as Envelope<ResultOf<K>> | undefined;
  if (envelope?.ok !== true) {
    const error = envelope?.ok === false ? envelope.error : undefined;
    throw new Error(
      `Seeding the rollout in progress: ${key} as ${as} failed: ${error?.code ?? ''} ${error?.message ?? 'no answer'}`,
    );
  }
  return envelope.data;
}

/** The extension context Jira gives a module on `issueKey` (issue panel or issue action). */
function onIssue(host: LocalHost, moduleKey: string, issueKey: string): From {
  const jira = host.products.jira;
  const issue = jira.issues.getIssue(issueKey);
  if (!issue) throw new Error(`Seed issue ${issueKey} is missing`);
  const project = jira.projects.getProject(issue.projectId);
  if (!project) throw new Error(`Seed project of ${issueKey} is missing`);
  const type = jira.projects.getIssueType(issue.issueTypeId);
  return {
    moduleKey,
    extension: {
      issue: {
        id: String(issue.id),
        key: issue.key,
        type: type?.name ?? 'Task',
        typeId: issue.issueTypeId,
      },
      project: { id: String(project.id), key: project.key, type: 'software' },
      isNewToIssue: false,
    },
  };
}

function spacePage(host: LocalHost): From {
  const space = host.products.confluence.spaces.getSpaceByKey(ROLLOUT_SPACE_KEY);
  if (!space) throw new Error(`Seed space ${ROLLOUT_SPACE_KEY} is missing`);
  return { moduleKey: SPACE_PAGE, extension: { space: { id: String(space.id), key: space.key } } };
}

function accountOf(host: LocalHost, personaKey: string): string {
  const found = host.persona(personaKey);
  if (!found) throw new Error(`Seed persona ${personaKey} is missing`);
  return found.accountId;
}

/** The heads (or the delegate) who approve each department, as the directory names them. */
const APPROVERS: readonly { as: string; department: DepartmentName }[] = [
  { as: 'head-finance', department: 'Finance' },
  { as: 'head-sales', department: 'Sales' },
  { as: 'head-support', department: 'Customer Support' },
  { as: 'head-operations', department: 'Operations' },
];

async function approveAll(host: LocalHost, anchorKey: string): Promise<void> {
  const panel = onIssue(host, APPROVALS_PANEL, anchorKey);
  const before = await act(host, panel, 'coordinator', 'approvals/panel', {});
  if (before.kind !== 'rollout') throw new Error(`${anchorKey} is not a rollout`);
  await act(host, panel, 'coordinator', 'approvals/request', { version: before.rollout.version });
  for (const approver of APPROVERS) {
    const view: ApprovalsPanelView = await act(host, panel, approver.as, 'approvals/panel', {});
    const approval =
      view.kind === 'rollout'
        ? view.round?.approvals.find((a) => a.departmentName === approver.department)
        : undefined;
    if (!approval) throw new Error(`No approval for ${approver.department} on ${anchorKey}`);
    await act(host, panel, approver.as, 'approvals/decide', {
      approvalId: approval.id,
      version: approval.version,
      decision: 'approved',
      comment:
        approver.department === 'Finance'
          ? 'Le pilote nous convient, allons-y.'
          : approver.department === 'Sales'
            ? 'OK, à condition que la formation ait lieu avant la fin du mois.'
            : '',
    });
  }
}

/**
 * The company's first epic, ROLL-1 "Roll out the new CRM", made a rollout from its Approvals
 * panel and approved by every department, not started yet: what the README's screenshot shows,
 * ready for "Start rollout". Julien Mercier, Finance's delegate, approves for Finance while
 * Élodie is away, so the delegate's part shows too.
 */
export const DEMO_CRM_KEY = 'ROLL-1';

const CRM_APPROVERS: readonly {
  as: string;
  department: DepartmentName;
  comment: string;
}[] = [
  {
    as: 'head-sales',
    department: 'Sales',
    comment: 'Enfin ! L’équipe attend ce CRM depuis un an.',
  },
  { as: 'head-support', department: 'Customer Support', comment: '' },
  {
    as: 'delegate-finance',
    department: 'Finance',
    comment: 'Élodie est en congé : je valide pour la Finance, la reprise des contrats est prévue.',
  },
  { as: 'head-operations', department: 'Operations', comment: 'Fine by us after the stock count.' },
];

async function seedApprovedCrm(host: LocalHost, today: Date): Promise<void> {
  const panel = onIssue(host, APPROVALS_PANEL, DEMO_CRM_KEY);
  await act(host, panel, 'coordinator', 'rollouts/create', {
    requestId: DEMO_ROLLOUT_IDS.crm,
    title: 'Roll out the new CRM',
    objective:
      'Every customer contact is kept in the new CRM instead of the old contact tool, in Sales, Support, Finance and Operations.',
    targetDate: dayFrom(today, 120),
    departments: DEMO_DEPARTMENTS.map((department) => ({
      departmentId: department.requestId,
      stage: 1,
    })),
  });
  const before = await act(host, panel, 'coordinator', 'approvals/panel', {});
  if (before.kind !== 'rollout') throw new Error(`${DEMO_CRM_KEY} did not become a rollout`);
  await act(host, panel, 'coordinator', 'approvals/request', { version: before.rollout.version });
  for (const approver of CRM_APPROVERS) {
    const view: ApprovalsPanelView = await act(host, panel, approver.as, 'approvals/panel', {});
    const approval =
      view.kind === 'rollout'
        ? view.round?.approvals.find((a) => a.departmentName === approver.department)
        : undefined;
    if (!approval) throw new Error(`No approval for ${approver.department} on ${DEMO_CRM_KEY}`);
    await act(host, panel, approver.as, 'approvals/decide', {
      approvalId: approval.id,
      version: approval.version,
      decision: 'approved',
      comment: approver.comment,
    });
  }
}

/** "Start rollout" as the coordinator, through Jira's REST API: the app's gate validator runs. */
async function startThroughGate(host: LocalHost, anchorKey: string): Promise<void> {
  const response = await host.products.handle({
    product: 'jira',
    actor: { kind: 'user', accountId: accountOf(host, 'coordinator') },
    method: 'POST',
    path: `/rest/api/3/issue/${anchorKey}/transitions`,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ transition: { id: ROLL_TRANSITIONS.start } }),
  });
  if (response.status !== 204) {
    throw new Error(`Seeding: "Start rollout" on ${anchorKey} answered ${String(response.status)}`);
  }
}

/** The rollout's work issues in Jira, by the plan item they were made from. */
function workIssues(
  host: LocalHost,
  rolloutId: string,
  anchorKey: string,
): Map<string, { id: number; key: string }> {
  const jira = host.products.jira;
  const anchor = jira.issues.getIssue(anchorKey);
  if (!anchor) throw new Error(`Seed issue ${anchorKey} is missing`);
  const found = new Map<string, { id: number; key: string }>();
  for (const issue of jira.issues.childrenOf(anchor.id)) {
    const property = jira.issues.getIssueProperty(issue.id, 'rollout-coordinator') as
      { rolloutId?: unknown; role?: unknown; planItemId?: unknown } | undefined;
    if (
      property?.rolloutId === rolloutId &&
      property.role === 'work' &&
      typeof property.planItemId === 'string'
    ) {
      found.set(property.planItemId, { id: issue.id, key: issue.key });
    }
  }
  return found;
}

/** A task's and a session's plan item id, as the push names them (domain/plan.ts workItems). */
const taskItem = (phaseId: string, taskId: string): string => `phase:${phaseId}:task:${taskId}`;
const sessionItem = (sessionId: string): string => `session:${sessionId}`;

/** The sessions held so far (the pilot's two and the kick-off): their issues are done in Jira. */
export const HELD_SESSIONS: readonly string[] = [id(101), id(102), id(103)];

export interface DemoRollout {
  rolloutId: string;
  anchorKey: string;
  pageId: string | null;
  /** The rollout's work issues by plan item id (`session:<id>`, `phase:<id>:task:<id>`). */
  work: ReadonlyMap<string, { id: number; key: string }>;
}

/** The coordinator writes the strategy: the rollout, its page and its anchor issue. */
async function writeStrategy(host: LocalHost, today: Date): Promise<DemoRollout> {
  const detail: StrategyDetail = await act(
    host,
    spacePage(host),
    'coordinator',
    'strategy/create',
    demoRolloutPayload(today, accountOf(host, 'coordinator'), accountOf(host, 'head-finance')),
  );
  return {
    rolloutId: detail.rollout.id,
    anchorKey: detail.rollout.issue.key,
    pageId: detail.page?.id ?? null,
    work: new Map(),
  };
}

/** The coordinator pushes the plan; the push job runs to its end before the seed goes on. */
async function pushPlan(host: LocalHost, rollout: DemoRollout): Promise<DemoRollout> {
  const { rolloutId, anchorKey } = rollout;
  const space = spacePage(host);
  await act(host, space, 'coordinator', 'strategy/push', { rolloutId });
  await host.events.drain();
  const push = await act(host, space, 'coordinator', 'strategy/push-status', { rolloutId });
  if (push.job?.state !== 'done' || push.inJira !== push.total) {
    throw new Error(`Seeding: the push of ${anchorKey} ended ${push.job?.state ?? 'unstarted'}`);
  }
  return { ...rollout, work: workIssues(host, rolloutId, anchorKey) };
}

function workIssue(rollout: DemoRollout, planItemId: string): { id: number; key: string } {
  const issue = rollout.work.get(planItemId);
  if (!issue) throw new Error(`Seeding: no work issue for plan item ${planItemId}`);
  return issue;
}

/**
 * When people closed the finished work in Jira, in days from today: the pilot's training and
 * feedback hour and its first task before the week, the cost-centre import the day the pilot
 * ended, the kick-off's issue the day it was held, the intranet announcement yesterday. Each day
 * of the last week has its daily snapshot (see `pastWeek`), so the trend's done work grows.
 */
const FINISHED_ON: readonly (readonly [days: number, items: readonly string[]])[] = [
  [-7, [taskItem(DEMO_ROLLOUT_IDS.phases[0], id(201)), sessionItem(id(101)), sessionItem(id(102))]],
  [-5, [taskItem(DEMO_ROLLOUT_IDS.phases[0], id(202))]],
  [-3, [sessionItem(id(103))]],
  [-1, [taskItem(DEMO_ROLLOUT_IDS.phases[1], id(211))]],
];

/** People close the issues they finished on `day` (days from today), in Jira. */
function finishWork(host: LocalHost, rollout: DemoRollout, day: number): void {
  const done = host.products.jira.projects.getStatus('Done');
  if (!done) throw new Error('Seeding: ROLL has no Done status');
  for (const [on, items] of FINISHED_ON) {
    if (on !== day) continue;
    for (const item of items)
      host.products.jira.issues.setIssueStatus(workIssue(rollout, item).id, done.id);
  }
}

/** Runs a daily job as the platform does, on `at` when given (a past day), or refuses to go on. */
async function runDaily(host: LocalHost, moduleKey: string, at?: Date): Promise<void> {
  const outcome = await host.runScheduled(moduleKey, at ? { at } : {});
  const answer = outcome.body as { statusCode?: unknown } | null;
  if (answer?.statusCode !== 200) throw new Error(`Seeding: the daily job ${moduleKey} failed`);
}

/**
 * The last week as the daily jobs lived it: each of the six days before today, the work people
 * closed that day, then that night's reconciliation (the emulator sends no product event for a
 * status set straight in it, as after a dropped event) and progress snapshot, both run by the
 * host with the app's clock at 23:00 UTC on that day. The snapshots are what the real job wrote
 * then: work done by that day, overdue against that day, plan expected at that day.
 */
async function pastWeek(host: LocalHost, rollout: DemoRollout, today: Date): Promise<void> {
  for (const [on] of FINISHED_ON) if (on < -6) finishWork(host, rollout, on);
  for (let day = -6; day <= -1; day += 1) {
    finishWork(host, rollout, day);
    const at = new Date(`${dayFrom(today, day)}T23:00:00.000Z`);
    await runDaily(host, 'work-reconciliation', at);
    await runDaily(host, 'daily-progress-snapshots', at);
  }
}

/**
 * Who came to the sessions held, recorded by each session's owner from its issue: most of
 * Finance at its training (5 of its 7 people: 71% trained), four at the pilot's feedback hour,
 * and a crowd at the kick-off, where one employee also confirms their own attendance. The
 * coordinator enters Operations' head-count (it has no Jira group), so its trained % shows how
 * the fallback reads.
 */
async function recordAttendance(host: LocalHost, rollout: DemoRollout): Promise<void> {
  const finance = DEPARTMENT_GROUPS['finance-team'] ?? [];
  const sales = DEPARTMENT_GROUPS['sales-team'] ?? [];
  const lists: readonly { sessionId: string; as: string; attendees: readonly string[] }[] = [
    { sessionId: id(101), as: 'coordinator', attendees: finance.slice(0, 5) },
    { sessionId: id(102), as: 'head-finance', attendees: finance.slice(1, 5) },
    {
      sessionId: id(103),
      as: 'coordinator',
      attendees: [...finance.slice(0, 6), ...sales.slice(0, 5), accountOf(host, 'head-support')],
    },
  ];
  for (const list of lists) {
    await act(
      host,
      onIssue(host, ROLLOUT_PANEL, workIssue(rollout, sessionItem(list.sessionId)).key),
      list.as,
      'attendance/record',
      { sessionId: list.sessionId, attendeeAccountIds: [...list.attendees], version: 0 },
    );
  }
  await act(
    host,
    onIssue(host, ROLLOUT_PANEL, workIssue(rollout, sessionItem(id(103))).key),
    'employee',
    'attendance/confirm',
    { sessionId: id(103) },
  );
  await act(
    host,
    onIssue(host, ROLLOUT_PANEL, rollout.anchorKey),
    'coordinator',
    'rolloutPanel/setHeadCount',
    { departmentId: departmentId('Operations'), headCount: 40 },
  );
}

/** An employee raises problems from the issues they meet them on; the coordinator triages one. */
async function raiseProblems(host: LocalHost, rollout: DemoRollout): Promise<void> {
  const current = DEMO_ROLLOUT_IDS.phases[1];
  const kickOff = workIssue(rollout, sessionItem(id(103))).key;
  const salesTraining = workIssue(rollout, sessionItem(id(104))).key;
  const raise = (issueKey: string, payload: Omit<PayloadIn<'problems/raise'>, 'issueKey'>) =>
    act(host, onIssue(host, RAISE_ACTION, issueKey), 'employee', 'problems/raise', {
      ...payload,
      issueKey,
    });
  await raise(kickOff, {
    requestId: DEMO_ROLLOUT_IDS.problems.blocking,
    category: 'technical',
    severity: 'blocking',
    departmentId: departmentId('Sales'),
    phaseId: current,
    summary: 'Receipts photographed on Android phones fail to upload',
    description:
      'Since the kick-off, every receipt sent from an Android phone ends with "Upload failed".\n\nThe sales team cannot file their travel expenses.',
  });
  const material: ProblemView = await raise(salesTraining, {
    requestId: DEMO_ROLLOUT_IDS.problems.material,
    category: 'training-material',
    severity: 'high',
    departmentId: departmentId('Sales'),
    phaseId: current,
    summary: 'The quick-start guide shows the old mileage form',
    description:
      'Pages 3 and 4 of the guide still show the mileage form of the old spreadsheet.\n\nPeople look for fields that no longer exist.',
  });
  await raise(kickOff, {
    requestId: DEMO_ROLLOUT_IDS.problems.resistance,
    category: 'resistance',
    severity: 'medium',
    departmentId: departmentId('Operations'),
    phaseId: current,
    summary: 'Warehouse teams want to keep paper expense forms',
    description:
      'Several team leads say they have no time to learn another tool before the peak season.',
  });
  // The coordinator has seen the training-material problem and is on it.
  await act(
    host,
    onIssue(host, APPROVALS_PANEL, rollout.anchorKey),
    'coordinator',
    'problems/acknowledge',
    { problemId: material.id, version: material.version },
  );
}

/**
 * Seeds the rollout in progress in the seeded demo company (see the module comment), one step
 * after the other as the rollout's people would have taken them.
 */
export async function seedRolloutInProgress(
  host: LocalHost,
  today: Date = new Date(),
): Promise<DemoRollout> {
  const written = await writeStrategy(host, today);
  await approveAll(host, written.anchorKey);
  await startThroughGate(host, written.anchorKey);
  const rollout = await pushPlan(host, written);
  await recordAttendance(host, rollout);
  await seedPulses(host, rollout, today, 'earlier');
  await pastWeek(host, rollout, today);
  finishWork(host, rollout, 0);
  await runDaily(host, 'work-reconciliation');
  await act(
    host,
    onIssue(host, ROLLOUT_PANEL, rollout.anchorKey),
    'coordinator',
    'rolloutPanel/completePhase',
    {
      phaseId: DEMO_ROLLOUT_IDS.phases[0],
      riskComment: '',
    },
  );
  await raiseProblems(host, rollout);
  await seedPulses(host, rollout, today, 'current');
  await placePulseMacro(host, rollout.pageId);
  await seedPolicy(host, rollout);
  await seedApprovedCrm(host, today);
  // Today's progress snapshot, as the daily job takes it, with today's problems and readiness.
  await runDaily(host, 'daily-progress-snapshots');
  return rollout;
}

/**
 * The coordinator places the "Rollout pulse" macro under the status macro on the strategy page,
 * as Confluence's editor saves it (a new page version through the REST API), so employees answer
 * the open pulse where they read the strategy.
 */
async function placePulseMacro(host: LocalHost, pageId: string | null): Promise<void> {
  if (pageId === null) throw new Error('Seeding: the strategy page is missing');
  const current = host.products.confluence.pages.getPage(Number(pageId));
  if (!current) throw new Error(`Seeding: no page ${pageId}`);
  const response = await host.products.handle({
    product: 'confluence',
    actor: { kind: 'user', accountId: accountOf(host, 'coordinator') },
    method: 'PUT',
    path: `/wiki/api/v2/pages/${pageId}`,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      id: pageId,
      status: 'current',
      title: current.title,
      body: {
        representation: 'storage',
        value: `${current.version.body}<ac:structured-macro ac:name="rollout-pulse" ac:macro-id="5eed-pulse-macro"></ac:structured-macro>`,
      },
      version: { number: current.version.number + 1, message: 'Readiness pulse added' },
    }),
  });
  if (response.status !== 200) {
    throw new Error(`Seeding: placing the pulse macro answered ${String(response.status)}`);
  }
}

/**
 * The rollout's policy: an expense policy page beside the strategy, which the coordinator names
 * from its byline, so its departments' people are asked to acknowledge it (decision 0038).
 */
async function seedPolicy(host: LocalHost, rollout: DemoRollout): Promise<void> {
  const strategy = host.products.confluence.pages.getPage(Number(rollout.pageId));
  if (!strategy) throw new Error('Seeding: the strategy page is missing');
  const space = host.products.confluence.spaces.requireSpace(strategy.spaceId);
  const page = host.products.confluence.pages.createPage({
    spaceId: strategy.spaceId,
    ...(strategy.parentId === undefined ? {} : { parentId: strategy.parentId }),
    title: 'Expense policy 2026',
    body: '<p>Submit each expense with its receipt in the new tool within 30 days.</p><p>Mileage is claimed with the mileage form, once a month.</p>',
    authorId: accountOf(host, 'coordinator'),
  });
  await act(
    host,
    {
      moduleKey: 'rollout-policy-byline',
      extension: {
        content: { id: String(page.id), type: 'page' },
        space: { id: String(space.id), key: space.key },
      },
    },
    'coordinator',
    'policy/name',
    { rolloutId: rollout.rolloutId },
  );
}

/** Fixed ids of the seeded pulses (their requests). */
const PULSE_IDS = { earlier: id(41), current: id(42) } as const;

type Scores = PayloadIn<'pulses/answer'>['scores'];

function scores(a: number, d: number, k: number, ab: number, r: number): Scores {
  return { awareness: a, desire: d, knowledge: k, ability: ab, reinforcement: r };
}

/**
 * Five active members of a department's Jira group (an answer counts for the department whose
 * group holds the answerer): colleagues first, then the head; never the employee persona, who
 * can still answer the open pulse on `npm start`.
 */
function groupAnswerers(host: LocalHost, group: string): string[] {
  const personas = new Set(host.personas.map((persona) => persona.accountId));
  const active = new Set(
    host.products.jira.users
      .listUsers()
      .filter((user) => user.active)
      .map((user) => user.accountId),
  );
  const members = (DEPARTMENT_GROUPS[group] ?? []).filter(
    (id) => active.has(id) && id !== host.persona('employee')?.accountId,
  );
  const chosen = [
    ...members.filter((id) => !personas.has(id)),
    ...members.filter((id) => personas.has(id)),
  ].slice(0, 5);
  if (chosen.length < 5) throw new Error(`Seeding: too few members of ${group} to answer`);
  return chosen;
}

/**
 * Two pulses, so the readiness trend shows: one over the last two weeks (answered before the
 * past week's snapshots, so they carry its readiness; closed today), and one open this week.
 * Five members of each of Sales' and Finance's Jira groups answer each; Sales keeps Knowledge as
 * its barrier, Finance gets past it. The head of Sales checks in.
 */
async function seedPulses(
  host: LocalHost,
  rollout: DemoRollout,
  today: Date,
  which: 'earlier' | 'current',
): Promise<void> {
  const panel = onIssue(host, ROLLOUT_PANEL, rollout.anchorKey);
  const colleagues = [
    ...groupAnswerers(host, 'sales-team'),
    ...groupAnswerers(host, 'finance-team'),
  ];
  const sales = departmentId('Sales');
  const finance = departmentId('Finance');
  const answers: Record<keyof typeof PULSE_IDS, { sales: Scores[]; finance: Scores[] }> = {
    earlier: {
      sales: [
        scores(4, 3, 2, 2, 3),
        scores(4, 4, 2, 3, 3),
        scores(3, 3, 2, 2, 3),
        scores(5, 4, 3, 3, 4),
        scores(4, 3, 2, 2, 3),
      ],
      finance: [
        scores(4, 4, 3, 3, 3),
        scores(5, 4, 3, 3, 4),
        scores(4, 4, 2, 3, 3),
        scores(4, 3, 3, 3, 3),
        scores(5, 4, 3, 2, 4),
      ],
    },
    current: {
      sales: [
        scores(4, 4, 2, 3, 3),
        scores(5, 4, 3, 3, 4),
        scores(4, 4, 2, 3, 4),
        scores(5, 4, 3, 3, 3),
        scores(4, 4, 3, 3, 4),
      ],
      finance: [
        scores(5, 4, 4, 4, 4),
        scores(5, 5, 4, 4, 4),
        scores(4, 4, 4, 3, 4),
        scores(5, 4, 4, 4, 5),
        scores(4, 4, 3, 4, 4),
      ],
    },
  };
  const periods = {
    earlier: { from: dayFrom(today, -13), to: dayFrom(today, 0) },
    current: { from: dayFrom(today, 0), to: dayFrom(today, 6) },
  };
  if (which === 'current') {
    const listed = await act(host, panel, 'coordinator', 'pulses/load', {});
    const earlier = listed.pulses.find((p) => p.id === PULSE_IDS.earlier);
    await act(host, panel, 'coordinator', 'pulses/close', {
      pulseId: PULSE_IDS.earlier,
      version: earlier?.version ?? 1,
    });
  }
  {
    const opened = await act(host, panel, 'coordinator', 'pulses/open', {
      requestId: PULSE_IDS[which],
      ...periods[which],
      departmentIds: [sales, finance],
    });
    for (const [i, accountId] of colleagues.entries()) {
      const inSales = i < 5;
      const given = (inSales ? answers[which].sales : answers[which].finance)[i % 5];
      if (!given) continue;
      // A colleague is no persona: the platform calls for them by account id.
      const outcome = await host.functions.invokeResolver({
        ...panel,
        functionKey: 'pulses/answer',
        accountId,
        payload: {
          pulseId: PULSE_IDS[which],
          departmentId: inSales ? sales : finance,
          role: i % 5 === 4 ? 'manager' : 'employee',
          scores: given,
          comment: i === 0 ? 'The quick-start guide skips the mileage form.' : '',
        },
      });
      if ((outcome.body as Envelope<unknown> | undefined)?.ok !== true) {
        throw new Error('Seeding the rollout in progress: a pulse answer failed');
      }
    }
    if (!opened.pulses.some((p) => p.id === PULSE_IDS[which])) {
      throw new Error('Seeding: a pulse did not open');
    }
  }
  if (which === 'earlier') return;
  await act(host, panel, 'head-sales', 'pulses/checkIn', {
    requestId: id(43),
    departmentId: sales,
    rating: 2,
    note: 'The team still struggles with the new receipt flow; more hands-on practice would help.',
  });
}

/**
 * One set of validation rules, the harness: a draft as the strategy flow holds it, what the flow's
 * own checks find in it (src/ui/surfaces/strategy/draft.ts, which runs domain/rules/ on the
 * payload it would send) and what the server finds (the contract's zod schemas, then the plan's
 * checks across fields, as the handler runs them). A case changes the sound draft and lists the
 * issues both sides must find; `expectOneSetOfRules` checks it.
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

export const id = (n: number): string => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
export const SALES = id(1);
export const FINANCE = id(2);
export const LEGAL = id(3);
export const PILOT = id(10);
export const WAVE = id(11);
export const TASK = id(20);
export const SESSION = id(30);

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
export const context = { options: OPTIONS, projects: PROJECTS, strategy: true, t: keys };

/** A draft as a coordinator would fill it in, right on every step. */
export function draft(): Draft {
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
export function serverIssues(sent: Draft): FieldIssue[] {
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

export const nfd = 'e\u0301';

export interface Case {
  name: string;
  change: (d: Draft) => void;
  /** The issues both sides find, at payload paths. */
  issues: FieldIssue[];
  /** Where the browser words it otherwise: its message keys by payload path. */
  browser?: Record<string, string>;
}

/** A change to the first session's fields. */
export function onSession(change: (session: DraftSession) => void): (d: Draft) => void {
  return (d) => {
    const session = d.sessions[0];
    if (session) change(session);
  };
}

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

/** Both sides find the case's issues, and the server's answer marks what the flow marks. */
export function expectOneSetOfRules(c: Case): void {
  const sent = draft();
  c.change(sent);
  expect(byPath(serverIssues(sent))).toEqual(byPath(c.issues));
  expect(byPath(browserIssues(sent))).toEqual(byPath(worded(c)));
  // On the flow's fields, the server's answer marks the fields the flow's own checks mark.
  const shown = checkAll(sent, context);
  const answered = serverErrors(sent);
  if (c.browser === undefined) expect(shown).toEqual(answered);
  else expect(Object.keys(shown).length).toBe(Object.keys(answered).length);
}

/**
 * Builders for approval tests: calls from the Approvals panel of an issue (the issue comes from
 * the platform context, as in Jira), rollouts made and requested through the real resolvers,
 * decisions as a persona, and extra people and departments for scale.
 */
import { kvs } from '@forge/kvs';
import type { LocalHost } from '../../local/host';
import { DEMO_DEPARTMENTS } from '../../local/seed';
import type {
  ApprovalsPanelView,
  ApprovalView,
  PayloadIn,
  StrategyDetail,
} from '../../src/contract';
import type { Approval, Decision } from '../../src/domain/approvals';
import type { Rollout } from '../../src/domain/rollout';
import { approvalRepository } from '../../src/storage/approvals';
import { departmentNameKey, type Department } from '../../src/domain/departments';
import { departmentRepository } from '../../src/storage/departments';
import { rolloutRepository } from '../../src/storage/rollouts';
import { call, failStorageForGood, ok, type CallOutcome, type From } from './host';
import { storageClient } from '../../src/storage/client';

/** Storage as the app's repositories reach it (retried within a resolver's time). */
const storage = storageClient(() => 25_000);

export const PANEL_MODULE = 'rollout-approvals';
export const ISSUE = 'ROLL-1';

export type RolloutPanel = Extract<ApprovalsPanelView, { kind: 'rollout' }>;
/** What a call from the Approvals panel answers when it answers the panel (decisions, requests). */
export type PanelOutcome = CallOutcome<ApprovalsPanelView>;

/** Fixed UUIDs for request ids and department ids. */
export const uuid = (n: number): string => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

/** The extension context Jira gives an issue panel on `issueKey`. */
export function issueExtension(host: LocalHost, issueKey: string): Record<string, unknown> {
  const issue = host.products.jira.issues.getIssue(issueKey);
  if (!issue) throw new Error(`No issue ${issueKey}`);
  const project = host.products.jira.projects.getProject(issue.projectId);
  if (!project) throw new Error(`No project for ${issueKey}`);
  return {
    issue: { id: String(issue.id), key: issue.key, type: 'Epic', typeId: issue.issueTypeId },
    project: { id: String(project.id), key: project.key, type: 'software' },
    isNewToIssue: false,
  };
}

/** The account id of a persona key, or the id itself (for people made by `addPeople`). */
export function accountOf(host: LocalHost, who: string): string {
  return host.persona(who)?.accountId ?? who;
}

/** The Approvals panel of `issueKey`: the issue comes from the platform context, as in Jira. */
export function issuePanel(host: LocalHost, issueKey: string = ISSUE): From {
  return { host, moduleKey: PANEL_MODULE, extension: issueExtension(host, issueKey) };
}

/** The Rollout panel of `issueKey` (anchor, work, session or problem issue), as in Jira. */
export function rolloutPanelOn(host: LocalHost, issueKey: string): From {
  return { host, moduleKey: 'rollout-panel', extension: issueExtension(host, issueKey) };
}

export function asRollout(view: ApprovalsPanelView): RolloutPanel {
  if (view.kind !== 'rollout') throw new Error(`Expected a rollout view, got ${view.kind}`);
  return view;
}

export async function panelAs(
  host: LocalHost,
  as: string,
  issueKey: string = ISSUE,
): Promise<ApprovalsPanelView> {
  return ok(call(issuePanel(host, issueKey), as, 'approvals/panel', {}));
}

/** The seeded directory's department id by name (Sales, Customer Support, Finance, Operations). */
export function demoDepartment(name: string): string {
  const found = DEMO_DEPARTMENTS.find((d) => d.name === name);
  if (!found) throw new Error(`No demo department ${name}`);
  return found.requestId;
}

export interface PlannedDepartment {
  /** A demo department name, or a department id. */
  department: string;
  stage?: number;
  /** Persona key or account id overriding the directory's head. */
  head?: string;
}

export function plan(host: LocalHost, departments: readonly PlannedDepartment[]) {
  return departments.map((d) => ({
    departmentId: DEMO_DEPARTMENTS.some((demo) => demo.name === d.department)
      ? demoDepartment(d.department)
      : d.department,
    stage: d.stage ?? 1,
    ...(d.head ? { headAccountId: accountOf(host, d.head) } : {}),
  }));
}

export const ALL_FOUR: readonly PlannedDepartment[] = [
  { department: 'Sales' },
  { department: 'Customer Support' },
  { department: 'Finance' },
  { department: 'Operations' },
];

/** The demo's four departments in two approval stages: Sales and Customer Support first. */
export const TWO_STAGES: readonly PlannedDepartment[] = [
  { department: 'Sales', stage: 1 },
  { department: 'Customer Support', stage: 1 },
  { department: 'Finance', stage: 2 },
  { department: 'Operations', stage: 2 },
];

/** Makes `issueKey` a rollout for `departments` as `as` (the coordinator by default). */
export async function makeRollout(
  host: LocalHost,
  options: {
    departments?: readonly PlannedDepartment[];
    issueKey?: string;
    as?: string;
    requestId?: string;
    title?: string;
  } = {},
): Promise<RolloutPanel> {
  const view = await ok(
    call(issuePanel(host, options.issueKey), options.as ?? 'coordinator', 'rollouts/create', {
      requestId: options.requestId ?? uuid(900),
      title: options.title ?? 'Roll out the new CRM',
      objective: 'Every team works in the new CRM by the autumn.',
      targetDate: '2030-09-30',
      departments: plan(host, options.departments ?? ALL_FOUR),
    }),
  );
  return asRollout(view);
}

/**
 * Requests approval (opens the next round) as `as`, with the version the panel shows; sent again,
 * as the refusal asks, while more than one request's worth of access checks remain.
 */
export async function requestApproval(
  host: LocalHost,
  issueKey: string = ISSUE,
  as = 'coordinator',
): Promise<RolloutPanel> {
  const before = asRollout(await panelAs(host, as, issueKey));
  const send = () =>
    call(issuePanel(host, issueKey), as, 'approvals/request', {
      version: before.rollout.version,
    });
  let outcome = await send();
  for (let attempt = 1; attempt < 10; attempt += 1) {
    const { envelope } = outcome;
    if (envelope.ok || envelope.error.messageKey !== 'errors.rollout.browseChecksPending') break;
    outcome = await send();
  }
  return asRollout(await ok(Promise.resolve(outcome)));
}

/** What `strategy/update` takes: the plan form's payload. */
export type PlanEdit = PayloadIn<'strategy/update'>;

/**
 * What "Edit plan" on the Approvals panel of `issueKey` opens with (decision 0048), as `as`: the
 * rollout as `strategy/get` answers it, and the `strategy/update` payload that saves it unchanged
 * (each department with the head the form shows), to spread changes over.
 */
export async function editPlanForm(
  host: LocalHost,
  issueKey: string = ISSUE,
  as = 'coordinator',
): Promise<{ detail: StrategyDetail; unchanged: PlanEdit }> {
  const { rollout } = asRollout(await panelAs(host, as, issueKey));
  const detail = await ok(
    call(issuePanel(host, issueKey), as, 'strategy/get', { rolloutId: rollout.id }),
  );
  return {
    detail,
    unchanged: {
      rolloutId: detail.rollout.id,
      version: detail.rollout.version,
      title: detail.rollout.title,
      objective: detail.rollout.objective,
      targetDate: detail.rollout.targetDate,
      departments: detail.rollout.departments.map((d) => ({
        departmentId: d.departmentId,
        headAccountId: d.head.accountId,
        stage: d.stage,
      })),
      plan: {
        phases: detail.plan.phases,
        sessions: detail.plan.sessions,
        targets: detail.plan.targets,
      },
    },
  };
}

/** Saves "Edit plan" on the Approvals panel of `issueKey` as `as`: `strategy/update`. */
export function editPlan(
  host: LocalHost,
  payload: PlanEdit,
  issueKey: string = ISSUE,
  as = 'coordinator',
): Promise<CallOutcome<StrategyDetail>> {
  return call(issuePanel(host, issueKey), as, 'strategy/update', payload);
}

/**
 * Moves the go-live to `targetDate` through "Edit plan", keeping everything else: what a
 * coordinator does between rounds (a round that changes nothing is refused). Answers the panel
 * as it shows afterwards.
 */
export async function moveGoLive(
  host: LocalHost,
  targetDate: string,
  issueKey: string = ISSUE,
): Promise<RolloutPanel> {
  const { unchanged } = await editPlanForm(host, issueKey);
  await ok(editPlan(host, { ...unchanged, targetDate }, issueKey));
  return asRollout(await panelAs(host, 'coordinator', issueKey));
}

export function approvalIn(view: RolloutPanel, departmentName: string): ApprovalView {
  const found = view.round?.approvals.find((a) => a.departmentName === departmentName);
  if (!found) throw new Error(`No approval for ${departmentName}`);
  return found;
}

/** Decides `departmentName`'s approval as `as`, with the version their panel shows. */
export async function decideAs(
  host: LocalHost,
  as: string,
  departmentName: string,
  decision: Decision,
  comment = '',
  issueKey: string = ISSUE,
): Promise<PanelOutcome> {
  const approval = approvalIn(asRollout(await panelAs(host, as, issueKey)), departmentName);
  return call(issuePanel(host, issueKey), as, 'approvals/decide', {
    approvalId: approval.id,
    version: approval.version,
    decision,
    comment,
  });
}

/** The demo company's department heads, each with the department whose approval they give. */
export const DEMO_HEADS = [
  ['head-sales', 'Sales'],
  ['head-support', 'Customer Support'],
  ['head-finance', 'Finance'],
  ['head-operations', 'Operations'],
] as const;

/** Opens an approval round on `issueKey` and has every demo head approve it. */
export async function approveAll(host: LocalHost, issueKey: string): Promise<void> {
  await requestApproval(host, issueKey);
  for (const [head, department] of DEMO_HEADS) {
    await ok(decideAs(host, head, department, 'approved', '', issueKey));
  }
}

/** Adds an issue to ROLL (an epic) and answers its key. */
export function addIssue(host: LocalHost, summary: string): string {
  return host.products.jira.issues.createIssue({
    projectKey: 'ROLL',
    issueType: 'Epic',
    summary,
    status: 'To Do',
  }).key;
}

/** Adds active Jira users who may browse ROLL; answers their account ids. */
export function addPeople(host: LocalHost, count: number, prefix = 'rc-test-person'): string[] {
  const ids: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const accountId = `${prefix}-${String(i).padStart(3, '0')}`;
    host.products.jira.users.upsertUser({
      accountId,
      displayName: `Person ${String(i).padStart(3, '0')}`,
      emailAddress: `${accountId}@example.com`,
      locale: i % 2 === 0 ? 'fr-FR' : 'en-GB',
      timeZone: 'Europe/Paris',
    });
    host.products.jira.users.addGroupMember('jira-software-users', accountId);
    host.products.jira.permissions.addRoleActor('ROLL', 'Viewer', { type: 'user', accountId });
    ids.push(accountId);
  }
  return ids;
}

/** Department `n` of a scale set-up ("Region 01000"), headed by `head`, as stored at `at`. */
export function regionDepartment(n: number, head: string, at: string): Department {
  const name = `Region ${String(n).padStart(5, '0')}`;
  return {
    id: uuid(n),
    name,
    nameKey: departmentNameKey(name),
    headAccountId: head,
    delegateAccountId: '',
    groupId: '',
    groupName: '',
    createdAt: at,
    updatedAt: at,
    version: 1,
  };
}

/**
 * Adds departments straight to the directory's storage (the directory's own resolvers are tested
 * elsewhere; this is set-up for scale), each headed by one of `heads`. Answers their ids.
 */
export async function addDepartments(heads: readonly string[], startAt = 1000): Promise<string[]> {
  const ids: string[] = [];
  const now = new Date().toISOString();
  for (const [i, head] of heads.entries()) {
    const department = regionDepartment(startAt + i, head, now);
    const { name } = department;
    const outcome = await departmentRepository(storage).create(department);
    if (outcome !== 'created') throw new Error(`Could not add ${name}: ${outcome}`);
    ids.push(department.id);
  }
  return ids;
}

/** Reads an entity straight from storage (for exact stored-state assertions). */
export async function stored<T>(entity: string, key: string): Promise<T | undefined> {
  return kvs.entity<T>(entity).get(key);
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** The rollout anchored on `issueKey`, as stored. */
export async function rolloutOn(host: LocalHost, issueKey: string = ISSUE): Promise<Rollout> {
  const issue = host.products.jira.issues.getIssue(issueKey);
  const found = await rolloutRepository(storage).findByIssue(String(issue?.id));
  if (!found) throw new Error(`${issueKey} is not a rollout`);
  return found;
}

/**
 * Days pass for the open round of `issueKey`: it was requested `days` ago, and the approvals of
 * `decided` (department name → days) were given that many days ago. Storage is written as the
 * app wrote it, only the times move, so approval ages can be seen without waiting.
 */
export async function backdateRound(
  host: LocalHost,
  days: number,
  decided: Record<string, number> = {},
  issueKey: string = ISSUE,
): Promise<void> {
  const current = await rolloutOn(host, issueKey);
  await kvs.entity<Rollout>('rollout').set(current.id, {
    ...current,
    roundRequestedAt: new Date(Date.now() - days * DAY_MS).toISOString(),
  });
  const round = await approvalRepository(storage).listRound(current.id, current.round);
  for (const approval of round) {
    const ago = decided[approval.departmentName];
    if (ago === undefined) continue;
    await kvs.entity<Approval>('approval').set(approval.id, {
      ...approval,
      decidedAt: new Date(Date.now() - ago * DAY_MS).toISOString(),
    });
  }
}

/** YYYY-MM-DD, `days` from today (UTC). */
export function day(days: number): string {
  return new Date(Date.now() + days * 24 * 60 * 60 * 1000).toISOString().slice(0, 10);
}

/** The e-mails Jira was asked to send since `since` (an index into the outbox), recipients sorted. */
export function mailsSince(host: LocalHost, since = 0) {
  return host.products.jira.notifications
    .listNotifications()
    .slice(since)
    .map((mail) => ({ ...mail, to: [...mail.to].sort() }));
}

export function outboxSize(host: LocalHost): number {
  return host.products.jira.notifications.listNotifications().length;
}

/**
 * Makes the `n`th storage call (1-based, from now) whose path starts with `pathPrefix` fail with
 * a 500 on each of its attempts, through the emulator's own fault hook: for failures part-way
 * through a handler.
 */
export function failNthStorageCall(host: LocalHost, pathPrefix: string, n: number): void {
  let seen = 0;
  const original = host.kvs.handle.bind(host.kvs);
  const spy = jest.spyOn(host.kvs, 'handle').mockImplementation((path, body) => {
    if (path.startsWith(pathPrefix)) {
      seen += 1;
      if (seen === n) {
        spy.mockRestore();
        failStorageForGood(host, pathPrefix);
      }
    }
    return original(path, body);
  });
}

/**
 * Builders for strategy tests: calls from the Confluence modules (space page, settings pages,
 * the macro on a page) with the extension context Forge gives them, plans of any size with
 * fixed ids, and what Jira holds for a rollout (counted from the emulator's own data).
 */
import type { LocalHost } from '../../local/host';
import { compileJql } from '../../local/products/jira/jql';
import { appendToPage } from '../../local/seed/rollout';
import type { PushStatus, StrategyDetail } from '../../src/contract';
import { call, ok, type From } from './host';
import { demoDepartment, uuid } from './rollouts';

export const SPACE_PAGE = 'rollout-strategies';
export const SPACE_SETTINGS = 'rollout-space-settings';
export const GLOBAL_SETTINGS = 'rollout-global-settings';
export const MACRO = 'rollout-status';

export const ALL_DEPARTMENTS = ['Sales', 'Customer Support', 'Finance', 'Operations'] as const;

export function spaceOf(host: LocalHost, key = 'ROLL'): { id: string; key: string } {
  const space = host.products.confluence.spaces.getSpaceByKey(key);
  if (!space) throw new Error(`No space ${key}`);
  return { id: String(space.id), key: space.key };
}

/** A page of another author in the space (ROLL), titled `title`; its id. */
export function someoneElsesPage(host: LocalHost, title: string): number {
  return host.products.confluence.pages.createPage({
    spaceId: Number(spaceOf(host).id),
    title,
    body: '<p>Someone else’s notes</p>',
    authorId: 'rc-demo-admin',
  }).id;
}

/** The extension context Forge gives a space module (space page or space settings). */
export function spaceExtension(host: LocalHost, key = 'ROLL'): Record<string, unknown> {
  return { space: spaceOf(host, key) };
}

/** The extension context Forge gives a Custom UI macro on a page. */
export function macroExtension(
  host: LocalHost,
  pageId: string,
  config: Record<string, string> = {},
): Record<string, unknown> {
  const page = host.products.confluence.pages.getPage(Number(pageId));
  if (!page) throw new Error(`No page ${pageId}`);
  const space = host.products.confluence.spaces.getSpace(page.spaceId);
  return {
    content: { id: pageId, type: 'page' },
    space: { id: String(page.spaceId), key: space?.key ?? '' },
    config,
    macro: { isConfiguring: false, isInserting: false },
  };
}

export interface ModuleCall {
  moduleKey?: string;
  extension?: Record<string, unknown>;
  locale?: string;
}

/** A Confluence module: the ROLL space page unless told otherwise. */
export function confluenceModule(host: LocalHost, options: ModuleCall = {}): From {
  return {
    host,
    moduleKey: options.moduleKey ?? SPACE_PAGE,
    extension: options.extension ?? spaceExtension(host),
    ...(options.locale ? { locale: options.locale } : {}),
  };
}

export interface PlanShape {
  phases?: number;
  sessions?: number;
  tasksPerPhase?: number;
  /** Demo department names the rollout involves (all four by default). */
  departments?: readonly string[];
  /** First day of the first phase (YYYY-MM-DD). */
  start?: string;
}

function addDays(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

const KINDS = ['training', 'seminar', 'office-hours', 'communication'] as const;
const PHASE_NAMES = ['Pilot', 'Rollout', 'Stabilisation', 'Hypercare'];

/** Ids by role, so a test can name a phase or a session of the plan it built. */
export const planIds = {
  phase: (i: number): string => uuid(5000 + i),
  task: (phase: number, i: number): string => uuid(6000 + phase * 100 + i),
  session: (i: number): string => uuid(10000 + i),
};

/** Who runs the sessions `buildPlan` makes: the demo coordinator, an active Jira user. */
export const SESSION_OWNER = 'rc-demo-coordinator';

/**
 * A valid plan: phases of 30 days one after the other, sessions spread over them, each for one
 * department in turn, run by `SESSION_OWNER`.
 */
export function buildPlan(shape: PlanShape = {}) {
  const phaseCount = shape.phases ?? 3;
  const sessionCount = shape.sessions ?? 12;
  const departments = (shape.departments ?? ALL_DEPARTMENTS).map(demoDepartment);
  const start = shape.start ?? '2031-01-06';
  const phases = Array.from({ length: phaseCount }, (_, i) => ({
    id: planIds.phase(i),
    name: PHASE_NAMES[i] ?? `Phase ${String(i + 1)}`,
    start: addDays(start, i * 31),
    end: addDays(start, i * 31 + 30),
    tasks: Array.from({ length: shape.tasksPerPhase ?? 0 }, (__, t) => ({
      id: planIds.task(i, t),
      title: `Task ${String(t + 1)} of phase ${String(i + 1)}`,
    })),
  }));
  const sessions = Array.from({ length: sessionCount }, (_, i) => {
    const phaseIndex = i % phaseCount;
    const phase = phases[phaseIndex];
    if (!phase) throw new Error('no phase');
    return {
      id: planIds.session(i),
      kind: KINDS[i % KINDS.length] ?? 'training',
      title: `Session ${String(i + 1)}`,
      phaseId: phase.id,
      ownerAccountId: SESSION_OWNER,
      date: addDays(phase.start, i % 30),
      startTime: i % 2 === 0 ? '09:30' : '14:00',
      durationMinutes: 90,
      place: i % 2 === 0 ? 'Room 2.14' : `https://meet.example.com/session-${String(i + 1)}`,
      capacity: 20,
      departmentIds: [departments[i % departments.length] ?? ''],
      allDepartments: false,
      audience: i % 2 === 0 ? 'Account managers' : '',
    };
  });
  return {
    phases,
    sessions,
    targets: { adoptionPercent: 90, readinessScore: 4, by: addDays(start, phaseCount * 31) },
  };
}

export interface StrategyOptions extends PlanShape {
  requestId?: string;
  title?: string;
  objective?: string;
  projectKey?: string;
  as?: string;
  locale?: string;
}

/** A go-live is never set in the past: a plan that started already goes live today at the earliest. */
function goLive(planned: string): string {
  const today = new Date().toISOString().slice(0, 10);
  return planned < today ? today : planned;
}

export function strategyPayload(options: StrategyOptions = {}) {
  const plan = buildPlan(options);
  return {
    requestId: options.requestId ?? uuid(700),
    title: options.title ?? 'New CRM',
    objective: options.objective ?? 'Every team works in the new CRM by the spring.',
    targetDate: goLive(plan.phases[1]?.start ?? plan.phases[0]?.start ?? '2031-02-06'),
    projectKey: options.projectKey ?? 'ROLL',
    departments: (options.departments ?? ALL_DEPARTMENTS).map((name) => ({
      departmentId: demoDepartment(name),
      stage: 1,
    })),
    plan,
  };
}

/** Creates a strategy in ROLL as the coordinator (or `as`); the call must succeed. */
export async function makeStrategy(
  host: LocalHost,
  options: StrategyOptions = {},
): Promise<StrategyDetail> {
  return ok(
    call(
      confluenceModule(host, options.locale ? { locale: options.locale } : {}),
      options.as ?? 'coordinator',
      'strategy/create',
      strategyPayload(options),
    ),
  );
}

/**
 * Pushes the plan to Jira as `as` (the coordinator by default) and waits until the background
 * push is over (the host's events queue is empty): answers the push status then.
 */
export async function pushPlan(
  host: LocalHost,
  rolloutId: string,
  as = 'coordinator',
): Promise<PushStatus> {
  await ok(call(confluenceModule(host), as, 'strategy/push', { rolloutId }));
  await host.events.drain();
  return ok(call(confluenceModule(host), as, 'strategy/push-status', { rolloutId }));
}

/** Jira's issues matching `jql`, as the app sees them (the emulator's own data, no REST call). */
export function jiraIssues(host: LocalHost, jql: string): { id: number; key: string }[] {
  const store = host.products.jira;
  const compiled = compileJql(
    store,
    jql,
    store.projects.listProjects().map((project) => project.id),
  );
  return store.search.searchIssues(compiled.where, compiled.params, compiled.orderBy, 100_000, 0);
}

/** The `rollout-coordinator` property of each of the rollout's work issues. */
export function workProperties(host: LocalHost, rolloutId: string): Record<string, unknown>[] {
  return jiraIssues(host, `rolloutId = "${rolloutId}" AND rolloutRole = "work"`).map(
    (issue) =>
      host.products.jira.issues.getIssueProperty(issue.id, 'rollout-coordinator') as Record<
        string,
        unknown
      >,
  );
}

/** Moves issues to Done straight in the emulator (as if people finished their work). */
export function markDone(host: LocalHost, issueIds: readonly number[]): void {
  const done = host.products.jira.projects.getStatus('Done');
  if (!done) throw new Error('No Done status');
  for (const id of issueIds) host.products.jira.issues.setIssueStatus(id, done.id);
}

/**
 * Jira's product events about issues a test changed straight in the emulator's store (which sends
 * none), as Jira sends them after a person's change: one at a time, each delivered to the app's
 * trigger before the next. An update says its status changed, so the trigger's filter lets it in.
 */
export async function announceIssues(
  host: LocalHost,
  issueIds: readonly number[],
  eventType: 'avi:jira:created:issue' | 'avi:jira:updated:issue',
): Promise<void> {
  for (const id of issueIds) {
    host.products.jira.productEvents.send(
      {
        eventType,
        issue: { id: String(id), fields: {} },
        atlassianId: 'rc-person',
        ...(eventType === 'avi:jira:updated:issue'
          ? {
              changelog: {
                id: `${String(id)}-status`,
                items: [{ field: 'status', fieldId: 'status' }],
              },
            }
          : {}),
      },
      { byApp: false },
    );
    await host.productEvents.idle();
  }
}

export function pageBody(host: LocalHost, pageId: string): string {
  const page = host.products.confluence.pages.getPage(Number(pageId));
  if (!page) throw new Error(`No page ${pageId}`);
  return page.version.body;
}

/**
 * Turns a rollout's work into what a push made before work issues were children of the anchor:
 * no parent, no labels, a "Relates" link to the anchor (the work issue as the link's source).
 */
export function asEarlierPush(host: LocalHost, rolloutId: string, anchorKey: string): void {
  const jira = host.products.jira;
  const relates = jira.links.getIssueLinkType('Relates');
  const anchor = jira.issues.getIssue(anchorKey);
  if (!relates || !anchor) throw new Error('no Relates link type or no anchor');
  for (const found of jiraIssues(host, `rolloutId = "${rolloutId}" AND rolloutRole = "work"`)) {
    jira.issues.updateIssue(found.id, { parentId: null, fields: { labels: null } });
    jira.links.linkIssues(relates.id, found.id, anchor.id);
  }
}

/** The coordinator places the "Rollout pulse" macro on page `pageId`, as the editor saves it. */
export async function placePulseMacro(host: LocalHost, pageId: string): Promise<void> {
  await appendToPage(
    host,
    'coordinator',
    pageId,
    '<ac:structured-macro ac:name="rollout-pulse" ac:macro-id="pulse-macro-1"></ac:structured-macro>',
    'Pulse macro added',
  );
}

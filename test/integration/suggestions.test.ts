/**
 * Suggested adjustments through the local Forge host, on the anchor's Rollout panel: drawn from
 * the signals storage holds (trained % under `trained:<rolloutId>`, the work states, the problem
 * records), accepted through the plan-edit rule (an approved plan re-confirmed by the department
 * concerned), pushed to Jira, dismissed with a reason, both audited, each idempotent, and the
 * coordinator's alone.
 */
import { kvs } from '@forge/kvs';
import type { LocalHost } from '../../local/host';
import type { SuggestionView, SuggestionsView } from '../../src/contract';
import type { AuditEvent } from '../../src/domain/audit';
import type { Rollout } from '../../src/domain/rollout';
import { call, memoryHost, ok, type From } from '../support/host';
import { SUGGESTIONS_MAX } from '../../src/domain/suggestions';
import { raised } from '../support/problems';
import {
  decideAs,
  demoDepartment,
  issueExtension,
  requestApproval,
  uuid,
} from '../support/rollouts';
import { jiraIssues, makeStrategy, markDone, planIds, pushPlan } from '../support/strategy';

const PANEL = 'rollout-panel';
const SALES = demoDepartment('Sales');

let host: LocalHost;

beforeEach(async () => {
  host = await memoryHost();
});

afterEach(async () => {
  await host.close();
});

function panelOn(issueKey: string): From {
  return { host, moduleKey: PANEL, extension: issueExtension(host, issueKey) };
}

function list(anchorKey: string, as = 'coordinator') {
  return call(panelOn(anchorKey), as, 'suggestions/list', {});
}

function accept(anchorKey: string, suggestionId: string, as = 'coordinator') {
  return call(panelOn(anchorKey), as, 'suggestions/accept', { suggestionId });
}

function dismiss(anchorKey: string, suggestionId: string, reason: string) {
  return call(panelOn(anchorKey), 'coordinator', 'suggestions/dismiss', { suggestionId, reason });
}

function one(view: SuggestionsView, kind: SuggestionView['kind']): SuggestionView {
  const found = view.suggestions.filter((s) => s.kind === kind);
  if (found.length !== 1) throw new Error(`expected one ${kind}, got ${String(found.length)}`);
  const [suggestion] = found;
  if (!suggestion) throw new Error(kind);
  return suggestion;
}

async function storedRollout(id: string): Promise<Rollout> {
  const rollout = await kvs.entity<Rollout>('rollout').get(id);
  if (!rollout) throw new Error('no rollout');
  return rollout;
}

async function events(rolloutId: string, type: string): Promise<AuditEvent[]> {
  const page = await kvs
    .entity<AuditEvent>('approval-event')
    .query()
    .index('by-rollout', { partition: [rolloutId] })
    .limit(100)
    .getMany();
  return page.results.map((r) => r.value).filter((e) => e.type === type);
}

function daysFromToday(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

/** Every head approves the anchor's round (all four departments are at stage 1). */
async function approveAll(anchorKey: string): Promise<void> {
  await requestApproval(host, anchorKey);
  for (const [head, department] of [
    ['head-sales', 'Sales'],
    ['head-support', 'Customer Support'],
    ['head-finance', 'Finance'],
    ['head-operations', 'Operations'],
  ] as const) {
    await ok(decideAs(host, head, department, 'approved', '', anchorKey));
  }
}

it('suggests a session for a department trained below target; accepting adds it once, re-confirmed by that department, and creates it in Jira', async () => {
  const detail = await makeStrategy(host, { phases: 2, sessions: 4 });
  const rolloutId = detail.rollout.id;
  const anchor = detail.rollout.issue.key;
  await pushPlan(host, rolloutId);
  await approveAll(anchor);
  // 2 of 10 people in Sales trained, against the strategy's 90 % adoption target.
  await kvs.set(`trained:${rolloutId}`, {
    byDepartment: { [SALES]: { trained: 2, people: 10, source: 'headCount' } },
    updatedAt: new Date().toISOString(),
  });

  const before = await ok(list(anchor));
  const suggestion = one(before, 'add-session');
  expect(suggestion).toMatchObject({
    departmentName: 'Sales',
    phaseId: planIds.phase(0),
    evidence: {
      key: 'suggestions.evidence.trained',
      params: { department: 'Sales', trained: 20, target: 90 },
    },
    reconfirms: true,
  });
  expect(before.editable).toBe(true);
  const sessionsBefore = (await storedRollout(rolloutId)).sessions.length;
  const issuesBefore = jiraIssues(host, `rolloutId = "${rolloutId}"`).length;

  const after = await ok(accept(anchor, suggestion.id));
  await host.events.drain();
  expect(after.push).toBe('queued');
  expect(after.suggestions.map((s) => s.id)).not.toContain(suggestion.id);
  expect(after.decided).toMatchObject([{ suggestionId: suggestion.id, decision: 'accepted' }]);
  const rollout = await storedRollout(rolloutId);
  const added = rollout.sessions.filter((s) => s.title === 'Training for Sales');
  expect(rollout.sessions).toHaveLength(sessionsBefore + 1);
  expect(added).toMatchObject([
    { kind: 'training', departmentIds: [SALES], allDepartments: false },
  ]);
  // The approved plan changed for Sales alone: a new round asks Sales, the others carry over.
  expect(rollout.round).toBe(2);
  expect(rollout.approvalState).toBe('awaiting-approval');
  const approvals = await ok(
    call(
      { host, moduleKey: 'rollout-approvals', extension: issueExtension(host, anchor) },
      'coordinator',
      'approvals/panel',
      {},
    ),
  );
  if (approvals.kind !== 'rollout') throw new Error(approvals.kind);
  expect(
    (approvals.round?.approvals ?? []).map((a) => [a.departmentName, a.status]).sort(),
  ).toEqual([
    ['Customer Support', 'approved'],
    ['Finance', 'approved'],
    ['Operations', 'approved'],
    ['Sales', 'pending'],
  ]);
  const training = jiraIssues(host, `rolloutId = "${rolloutId}"`);
  expect(training).toHaveLength(issuesBefore + 1);
  expect(await events(rolloutId, 'suggestion-accepted')).toMatchObject([
    { detail: 'add-session', departmentName: 'Sales' },
  ]);

  // Accepting again (a double click, a retry) changes nothing.
  const again = await ok(accept(anchor, suggestion.id));
  await host.events.drain();
  expect(again.decided).toHaveLength(1);
  expect((await storedRollout(rolloutId)).sessions).toHaveLength(sessionsBefore + 1);
  expect(jiraIssues(host, `rolloutId = "${rolloutId}"`)).toHaveLength(issuesBefore + 1);
  expect(await events(rolloutId, 'suggestion-accepted')).toHaveLength(1);
  expect(await events(rolloutId, 'rollout-updated')).toHaveLength(1);
});

it('suggests extending a phase behind plan or adding support; dismissing keeps the reason, accepting moves the end once', async () => {
  // One phase started 20 days ago, its work not begun.
  const start = daysFromToday(-20);
  const detail = await makeStrategy(host, { phases: 1, sessions: 2, tasksPerPhase: 2, start });
  const rolloutId = detail.rollout.id;
  const anchor = detail.rollout.issue.key;
  await pushPlan(host, rolloutId);
  // A draft is behind nothing: nobody agreed to carry it out yet.
  expect((await ok(list(anchor))).suggestions).toEqual([]);
  await approveAll(anchor);
  const view = await ok(list(anchor));
  const extend = one(view, 'extend-phase');
  const support = one(view, 'add-support');
  expect(extend.evidence).toMatchObject({
    key: 'suggestions.evidence.behind',
    params: { phase: 'Pilot', actual: 0 },
  });
  // New dates on an approved plan: every head re-confirms.
  expect(extend.reconfirms).toBe(true);

  const blank = await dismiss(anchor, support.id, '  ');
  expect(blank.envelope.ok ? 'ok' : blank.envelope.error.code).toBe('VALIDATION');
  const dismissed = await ok(dismiss(anchor, support.id, 'The team lead runs support already.'));
  expect(dismissed.suggestions.map((s) => s.kind)).toEqual(['extend-phase']);
  expect(dismissed.decided).toMatchObject([
    { decision: 'dismissed', reason: 'The team lead runs support already.' },
  ]);
  await ok(dismiss(anchor, support.id, 'Again.'));
  expect(await events(rolloutId, 'suggestion-dismissed')).toMatchObject([
    { detail: 'add-support', comment: 'The team lead runs support already.' },
  ]);
  const refused = await accept(anchor, support.id);
  expect(refused.envelope.ok ? 'ok' : refused.envelope.error.messageKey).toBe(
    'errors.suggestion.decided',
  );

  const endBefore = (await storedRollout(rolloutId)).phases[0]?.end ?? '';
  const tasks = jiraIssues(host, `rolloutId = "${rolloutId}" AND rolloutWorkKind = "task"`);
  expect(tasks).toHaveLength(2);
  const dueOf = (id: number) => host.products.jira.issues.getIssue(id)?.fields.duedate;
  expect(tasks.map((task) => dueOf(task.id))).toEqual([endBefore, endBefore]);
  // One task is done already: it keeps the date it had.
  const [done, open] = tasks;
  if (!done || !open) throw new Error('two tasks');
  markDone(host, [done.id]);

  const first = await ok(accept(anchor, extend.id));
  const repeat = await ok(accept(anchor, extend.id));
  const phase = (await storedRollout(rolloutId)).phases[0];
  const endAfter = new Date(Date.parse(`${endBefore}T00:00:00Z`) + 7 * 86_400_000)
    .toISOString()
    .slice(0, 10);
  expect(phase?.end).toBe(endAfter);
  expect(await events(rolloutId, 'rollout-updated')).toHaveLength(1);
  expect(dueOf(open.id)).toBe(endAfter);
  expect(dueOf(done.id)).toBe(endBefore);
  expect(first.dueDates).toEqual({ moved: 1, refused: 0 });
  // A repeat finds the open task at the new end already: nothing more to edit.
  expect(repeat.dueDates).toEqual({ moved: 0, refused: 0 });
});

it('suggests a review of the material from two open training-material problems, as a task pushed to Jira', async () => {
  const detail = await makeStrategy(host, { phases: 2, sessions: 2 });
  const rolloutId = detail.rollout.id;
  const anchor = detail.rollout.issue.key;
  await pushPlan(host, rolloutId);
  expect((await ok(list(anchor))).suggestions).toEqual([]);
  await raised(host, 'employee', { requestId: uuid(7101), issueKey: anchor });
  await raised(host, 'employee', { requestId: uuid(7102), issueKey: anchor });
  const review = one(await ok(list(anchor)), 'review-material');
  expect(review.evidence.params).toEqual({ count: 2 });
  const after = await ok(accept(anchor, review.id));
  await host.events.drain();
  expect(after.push).toBe('queued');
  const tasks = (await storedRollout(rolloutId)).phases[0]?.tasks ?? [];
  expect(tasks.map((t) => t.title)).toEqual(['Review the training material']);
  // The plan had no task: the one Jira now holds is the review.
  const inJira = jiraIssues(host, `rolloutId = "${rolloutId}" AND rolloutWorkKind = "task"`);
  expect(inJira).toHaveLength(1);
});

it('is the coordinator’s alone, and a suggestion no longer called for is refused', async () => {
  const detail = await makeStrategy(host, {
    phases: 1,
    sessions: 1,
    tasksPerPhase: 1,
    start: daysFromToday(-20),
  });
  const anchor = detail.rollout.issue.key;
  await approveAll(anchor);
  const view = await ok(list(anchor));
  const forbidden = await list(anchor, 'head-sales');
  expect(forbidden.envelope.ok ? 'ok' : forbidden.envelope.error.code).toBe('FORBIDDEN');
  const [first] = view.suggestions;
  if (!first) throw new Error('no suggestion');
  const notTheirs = await accept(anchor, first.id, 'head-sales');
  expect(notTheirs.envelope.ok ? 'ok' : notTheirs.envelope.error.code).toBe('FORBIDDEN');
  // Last year's week: nothing calls for it now.
  const stale = await accept(anchor, first.id.replace(/[0-9]{4}-W[0-9]{2}$/u, '2020-W01'));
  expect(stale.envelope.ok ? 'ok' : stale.envelope.error.messageKey).toBe('errors.suggestion.gone');
});

it('offers the most important suggestions first, at most SUGGESTIONS_MAX, and the next as one is answered', async () => {
  const detail = await makeStrategy(host, {
    phases: 1,
    sessions: 1,
    tasksPerPhase: 1,
    start: daysFromToday(-20),
  });
  const rolloutId = detail.rollout.id;
  const anchor = detail.rollout.issue.key;
  await approveAll(anchor);
  // Every department trained below the 90 % target (4), the phase behind plan (2): 6 + 1 more.
  const byDepartment = Object.fromEntries(
    ['Sales', 'Customer Support', 'Finance', 'Operations'].map((name, i) => [
      demoDepartment(name),
      { trained: i, people: 10, source: 'headCount' },
    ]),
  );
  await kvs.set(`trained:${rolloutId}`, { byDepartment, updatedAt: new Date().toISOString() });
  await raised(host, 'employee', { requestId: uuid(7201), issueKey: anchor });
  await raised(host, 'employee', { requestId: uuid(7202), issueKey: anchor });

  const view = await ok(list(anchor));
  expect(view.suggestions).toHaveLength(SUGGESTIONS_MAX);
  expect(view.more).toBe(1);
  expect(view.suggestions.map((s) => s.evidence.key)).toEqual([
    'suggestions.evidence.behind',
    'suggestions.evidence.behind',
    'suggestions.evidence.trained',
    'suggestions.evidence.trained',
    'suggestions.evidence.trained',
    'suggestions.evidence.trained',
  ]);
  // The department furthest below target first: Sales trained 0 of 10.
  expect(view.suggestions[2]?.departmentName).toBe('Sales');
  const support = one(view, 'add-support');
  const next = await ok(dismiss(anchor, support.id, 'Support runs already.'));
  expect(next.more).toBe(0);
  expect(next.suggestions.map((s) => s.kind).at(-1)).toBe('review-material');
});

/**
 * The whole rollout fits Forge's 240 KiB value limit, through the local host with the real
 * @forge/kvs and the storage emulator's own size check: a rollout that would not fit is a LIMIT
 * error naming the field that takes the most room, and nothing of it is written (no rollout, no
 * department links, no lease, no page, no issue); one just under the bound is stored.
 */
import { kvs } from '@forge/kvs';
import type { LocalHost } from '../../local/host';
import { departmentNameKey, type Department } from '../../src/domain/departments';
import { ROLLOUT_BYTES_MAX } from '../../src/domain/limits';
import { PLAN_BYTES_MAX } from '../../src/domain/plan';
import { storedBytes, type Rollout } from '../../src/domain/rollout';
import { departmentRepository } from '../../src/storage/departments';
import { call, memoryHost } from '../support/host';
import { addPeople, uuid } from '../support/rollouts';
import { buildPlan, confluenceModule, SESSION_OWNER, strategyPayload } from '../support/strategy';
import { storageClient } from '../../src/storage/client';

/** Storage as the app's repositories reach it (retried within a resolver's time). */
const storage = storageClient(() => 25_000);

let host: LocalHost;
let departmentIds: string[];

/** "部門" names of 80 characters: the longest a department name may be, 3 bytes a character. */
function longName(i: number): string {
  const suffix = ` ${String(i).padStart(3, '0')}`;
  return '営業部門'.repeat(20).slice(0, 80 - suffix.length) + suffix;
}

beforeAll(async () => {
  host = await memoryHost();
  // Account ids shaped like Atlassian's ("557058:" and a UUID), 43 characters each.
  const heads = addPeople(host, 100, '557058:f58131cb-b67d-43c7-b30d-6b58d40b');
  const now = new Date().toISOString();
  departmentIds = [];
  for (const [i, head] of heads.entries()) {
    const department: Department = {
      id: uuid(20_000 + i),
      name: longName(i),
      nameKey: departmentNameKey(longName(i)),
      headAccountId: head,
      delegateAccountId: '',
      groupId: '',
      groupName: '',
      createdAt: now,
      updatedAt: now,
      version: 1,
    };
    expect(await departmentRepository(storage).create(department)).toBe('created');
    departmentIds.push(department.id);
  }
}, 60_000);

afterAll(async () => {
  await host.close();
});

function pageCount(): number {
  const space = host.products.confluence.spaces.getSpaceByKey('ROLL');
  return host.products.confluence.pages.listPages({
    spaceIds: [space?.id ?? 0],
    statuses: ['current', 'draft'],
    limit: 1000,
  }).length;
}

/** Sessions with CJK titles and audiences (3 bytes a character) adding up to just under `bytes`. */
function bigPlan(bytes: number) {
  const base = buildPlan({ phases: 3, sessions: 0 });
  const phase = base.phases[0];
  if (!phase) throw new Error('no phase');
  const session = (i: number, length: number) => ({
    id: uuid(30_000 + i),
    kind: 'training' as const,
    title: '研修'.repeat(100).slice(0, Math.max(1, length)),
    phaseId: phase.id,
    ownerAccountId: SESSION_OWNER,
    date: phase.start,
    startTime: '09:30',
    durationMinutes: 60,
    place: '東京本社 会議室 3',
    capacity: 25,
    departmentIds: [departmentIds[i % departmentIds.length] ?? ''],
    allDepartments: false,
    audience: '研修'.repeat(100).slice(0, length),
  });
  const sessions: ReturnType<typeof session>[] = [];
  const size = (list: typeof sessions): number => storedBytes({ ...base, sessions: list });
  while (size([...sessions, session(sessions.length, 200)]) < bytes) {
    sessions.push(session(sessions.length, 200));
  }
  // The last one takes what room is left.
  let length = 199;
  while (length > 0 && size([...sessions, session(sessions.length, length)]) >= bytes) length -= 1;
  if (length > 0) sessions.push(session(sessions.length, length));
  return { ...base, sessions };
}

/** A 2,000-character objective in Japanese: 6,000 bytes. */
const OBJECTIVE = '移行'.repeat(1000);
/** A 120-character title in Japanese. */
const TITLE = '新顧客管理'.repeat(24);

function payload(requestId: string, objective: string, planBytes: number) {
  const plan = bigPlan(planBytes);
  return {
    ...strategyPayload({ requestId }),
    title: TITLE,
    objective,
    departments: departmentIds.map((departmentId) => ({ departmentId, stage: 1 })),
    plan,
  };
}

async function nothingWritten(rolloutId: string): Promise<void> {
  expect(await kvs.entity<Rollout>('rollout').get(rolloutId)).toBeUndefined();
  const links = await kvs
    .entity('rollout-department')
    .query()
    .index('by-department', { partition: [departmentIds[0] ?? ''] })
    .limit(100)
    .getMany();
  expect(links.results).toEqual([]);
  expect(await kvs.entity('rollout-lease').get(`create:${rolloutId}`)).toBeUndefined();
}

describe('a strategy too large to store', () => {
  it('answers LIMIT naming the plan’s sessions, and writes nothing', async () => {
    const big = payload(
      uuid(801),
      '新しいCRMへの移行。'.repeat(200).slice(0, 2000),
      PLAN_BYTES_MAX,
    );
    expect(storedBytes(big.plan)).toBeLessThan(PLAN_BYTES_MAX);
    expect(storedBytes(big.plan)).toBeGreaterThan(PLAN_BYTES_MAX - 3_000);
    const pagesBefore = pageCount();
    const issuesBefore = host.products.jira.issues.countIssues();
    const { envelope } = await call(confluenceModule(host), 'coordinator', 'strategy/create', big);
    expect(envelope).toMatchObject({
      ok: false,
      error: {
        code: 'LIMIT',
        messageKey: 'errors.rollout.tooLarge',
        params: { max: ROLLOUT_BYTES_MAX / 1024, field: 'plan.sessions' },
        details: { fields: [{ path: 'plan.sessions', messageKey: 'errors.rollout.tooLarge' }] },
      },
    });
    await nothingWritten(uuid(801));
    expect(pageCount()).toBe(pagesBefore);
    expect(host.products.jira.issues.countIssues()).toBe(issuesBefore);
  });

  it('with an objective of 2,000 control characters is refused for those first, writing nothing', async () => {
    const big = payload(uuid(802), '\u0001'.repeat(2000), PLAN_BYTES_MAX);
    const { envelope } = await call(confluenceModule(host), 'coordinator', 'strategy/create', big);
    expect(envelope).toMatchObject({
      ok: false,
      error: {
        code: 'VALIDATION',
        details: { fields: [{ path: 'objective', messageKey: 'errors.text.controlMultiline' }] },
      },
    });
    await nothingWritten(uuid(802));
  });

  it('is stored when it fits, and an edit that would not fit is LIMIT and changes nothing', async () => {
    // 100 departments, a long CJK objective and a plan that leaves the whole just under the bound.
    const objective = OBJECTIVE;
    // 6 KB less plan than the refused one above: the stored whole lands just under the bound.
    const fitting = payload(uuid(803), objective, PLAN_BYTES_MAX - 6_000);
    const created = await call(confluenceModule(host), 'coordinator', 'strategy/create', fitting);
    expect(created.envelope).toMatchObject({ ok: true, data: { steps: { linked: true } } });
    const stored = await kvs.entity<Rollout>('rollout').get(uuid(803));
    if (!stored) throw new Error('not stored');
    expect(storedBytes(stored)).toBeLessThanOrEqual(ROLLOUT_BYTES_MAX);
    expect(storedBytes(stored)).toBeGreaterThan(ROLLOUT_BYTES_MAX - 12_000);

    const grown = bigPlan(PLAN_BYTES_MAX);
    const { envelope } = await call(confluenceModule(host), 'coordinator', 'strategy/update', {
      rolloutId: uuid(803),
      version: stored.version,
      title: fitting.title,
      objective,
      targetDate: fitting.targetDate,
      departments: fitting.departments,
      plan: grown,
    });
    expect(envelope).toMatchObject({
      ok: false,
      error: { code: 'LIMIT', details: { fields: [{ path: 'plan.sessions' }] } },
    });
    expect(await kvs.entity<Rollout>('rollout').get(uuid(803))).toEqual(stored);
  });
});

/**
 * "My rollouts" through the local host: approvals waiting for the viewer (as approver or as the
 * active delegate; open stage only; oldest first), a decision taken from the page with the
 * panel's rules, problems they own (kept by the person index in the problem's transaction),
 * sessions they run or their department attends (kept with the rollout's writes), pulses open to them, nothing from a project
 * they cannot browse, and a number of calls that does not grow with the rollouts.
 */
import { kvs, WhereConditions } from '@forge/kvs';
import type { LocalHost } from '../../local/host';
import { runInvocation } from '../../local/runtime';
import type { Approval } from '../../src/domain/approvals';
import type { Rollout } from '../../src/domain/rollout';
import { storageClient } from '../../src/storage/client';
import { personIndexRepository } from '../../src/storage/person-index';
import { rolloutRepository } from '../../src/storage/rollouts';
import { problemRepository } from '../../src/storage/problems';
import { rebuildPersonIndex } from '../../src/app/mine/rebuild';
import { accountIdOf, call, defined, hostPerTest, ok, type From } from '../support/host';
import { openPulseTo } from '../support/pulses';
import { raised } from '../support/problems';
import {
  addIssue,
  approvalIn,
  day,
  ISSUE,
  issueExtension,
  issuePanel,
  makeRollout,
  requestApproval,
  uuid,
} from '../support/rollouts';

const storage = storageClient(() => 25_000);

let host: LocalHost;
let id: (persona: string) => string;

hostPerTest(async (started) => {
  host = started;
  id = (persona) => accountIdOf(host, persona);
  jest.spyOn(console, 'log').mockImplementation(() => undefined);
  // The daily job's one-time backfill: the page finds departments and stand-ins by key
  // (decision 0058); my-rollouts-reach.test.ts keeps the reads from before it.
  await host.runScheduled('daily-progress-snapshots');
});

const page = (): From => ({ host, moduleKey: 'rollout-mine' });

const load = (as: string) => ok(call(page(), as, 'mine/load', {}));

const STAGED = [
  { department: 'Finance', stage: 1 },
  { department: 'Operations', stage: 1 },
  { department: 'Sales', stage: 2 },
];

describe('approvals waiting', () => {
  it('lists the open stage only, for the approver and for the active delegate on their behalf', async () => {
    await makeRollout(host, { departments: STAGED });
    await requestApproval(host);
    const finance = await load('head-finance');
    expect(finance.approvals.map((a) => [a.departmentName, a.stage, a.onBehalfOf])).toEqual([
      ['Finance', 1, null],
    ]);
    expect(finance.approvals[0]).toMatchObject({
      rollout: { issueKey: 'ROLL-1', title: 'Roll out the new CRM' },
      ageDays: 0,
    });
    // Sales is stage 2: not open yet, so nothing waits for its head.
    expect((await load('head-sales')).approvals).toEqual([]);
    // Finance's default delegate in the directory stands in for its head.
    const delegate = await load('delegate-finance');
    expect(delegate.approvals.map((a) => [a.departmentName, a.onBehalfOf?.displayName])).toEqual([
      ['Finance', 'Élodie Lefèvre'],
    ]);
    expect((await load('employee')).approvals).toEqual([]);
    expect((await load('employee')).policies).toEqual([]);
  });

  it('lists the oldest first, with its age in days', async () => {
    const second = addIssue(host, 'Roll out the new expense policy');
    await makeRollout(host, { departments: [{ department: 'Finance', stage: 1 }] });
    await requestApproval(host);
    await makeRollout(host, {
      departments: [{ department: 'Finance', stage: 1 }],
      issueKey: second,
      requestId: uuid(901),
      title: 'Roll out the new expense policy',
    });
    await requestApproval(host, second);
    // The first rollout's round was asked for three days earlier.
    const first = (await load('head-finance')).approvals.find(
      (a) => a.rollout.issueKey === 'ROLL-1',
    );
    const stored = await kvs.entity<Rollout>('rollout').get(first?.rollout.id ?? '');
    const threeDaysAgo = new Date(Date.now() - 3 * 86_400_000).toISOString();
    await kvs.entity<Rollout>('rollout').set(first?.rollout.id ?? '', {
      ...defined(stored, 'the rollout'),
      roundRequestedAt: threeDaysAgo,
    });
    const view = await load('head-finance');
    expect(view.approvals.map((a) => [a.rollout.issueKey, a.ageDays])).toEqual([
      ['ROLL-1', 3],
      [second, 0],
    ]);
  });
});

describe('deciding from the page', () => {
  it('records the decision with the panel’s rules and answers the page without it', async () => {
    await makeRollout(host, { departments: STAGED });
    await requestApproval(host);
    const [approval] = (await load('head-finance')).approvals;
    const after = await ok(
      call(page(), 'head-finance', 'mine/decide', {
        approvalId: approval?.id ?? '',
        version: approval?.version ?? 0,
        decision: 'approved',
        comment: '',
      }),
    );
    expect(after.approvals).toEqual([]);
    const panel = await ok(call(issuePanel(host), 'coordinator', 'approvals/panel', {}));
    expect(panel.kind === 'rollout' && approvalIn(panel, 'Finance').status).toBe('approved');
  });

  it('refuses someone who is neither approver nor delegate, and a comment-less rejection', async () => {
    await makeRollout(host, { departments: STAGED });
    await requestApproval(host);
    const [approval] = (await load('head-finance')).approvals;
    const payload = {
      approvalId: approval?.id ?? '',
      version: approval?.version ?? 0,
      decision: 'approved' as const,
      comment: '',
    };
    const stranger = await call(page(), 'head-sales', 'mine/decide', payload);
    expect(stranger.envelope.ok ? '' : stranger.envelope.error.code).toBe('FORBIDDEN');
    const bare = await call(page(), 'head-finance', 'mine/decide', {
      ...payload,
      decision: 'rejected',
    });
    expect(bare.envelope.ok ? '' : bare.envelope.error.code).toBe('VALIDATION');
    // Someone who cannot browse the anchor learns nothing, even with the approval's id.
    const outsider = await call(page(), 'outsider', 'mine/decide', payload);
    expect(outsider.envelope.ok ? '' : outsider.envelope.error.code).toBe('NOT_FOUND');
    expect((await load('head-finance')).approvals).toHaveLength(1);
  });
});

describe('access', () => {
  it('shows nothing from a project the viewer cannot browse, even when an approval names them', async () => {
    await makeRollout(host, { departments: [{ department: 'Finance', stage: 1 }] });
    const view = await requestApproval(host);
    const finance = approvalIn(view, 'Finance');
    const stored = await kvs.entity<Approval>('approval').get(finance.id);
    await kvs
      .entity<Approval>('approval')
      .set(finance.id, { ...defined(stored, 'the approval'), approverAccountId: id('outsider') });
    expect((await load('outsider')).approvals).toEqual([]);
  });
});

describe('problems and sessions', () => {
  it('lists an open problem its owner holds, and drops it when another owner takes it or it is resolved', async () => {
    await makeRollout(host);
    const problem = await raised(host, 'employee');
    expect((await load('head-support')).problems).toEqual([]);
    const assigned = await ok(
      call(issuePanel(host), 'coordinator', 'problems/assign', {
        problemId: problem.id,
        version: problem.version,
        ownerAccountId: id('head-support'),
      }),
    );
    const support = await load('head-support');
    expect(support.problems.map((p) => [p.issueKey, p.severity, p.status])).toEqual([
      [problem.issueKey, 'high', 'acknowledged'],
    ]);
    const moved = await ok(
      call(issuePanel(host), 'coordinator', 'problems/assign', {
        problemId: problem.id,
        version: assigned.version,
        ownerAccountId: id('head-sales'),
      }),
    );
    expect((await load('head-support')).problems).toEqual([]);
    expect((await load('head-sales')).problems.map((p) => p.id)).toEqual([problem.id]);
    await ok(
      call(issuePanel(host), 'coordinator', 'problems/resolve', {
        problemId: problem.id,
        version: moved.version,
        comment: 'Slides redone.',
        fixLink: '',
      }),
    );
    expect((await load('head-sales')).problems).toEqual([]);
  });

  it('lists the sessions a person runs or their department attends, upcoming only, soonest first', async () => {
    const made = await makeRollout(host);
    const rollouts = rolloutRepository(storage);
    const finance = defined(
      made.rollout.departments.find((d) => d.name === 'Finance'),
      'Finance',
    );
    const session = (n: number, owner: string, date: string, only?: string) => ({
      id: uuid(6000 + n),
      kind: 'training' as const,
      title: `CRM basics ${String(n)}`,
      phaseId: uuid(6100),
      ownerAccountId: owner,
      date,
      startTime: n === 3 ? '08:00' : '09:30',
      durationMinutes: 60,
      place: 'Room 2',
      capacity: 12,
      departmentIds: only ? [only] : [],
      allDepartments: only === undefined,
      audience: '',
    });
    await runInvocation({ accountId: undefined, moduleKey: 'test' }, async () => {
      const before = await rollouts.get(made.rollout.id);
      if (!before) throw new Error('no rollout');
      const next = {
        ...before,
        version: before.version + 1,
        sessions: [
          session(1, id('head-sales'), day(2)),
          session(2, id('head-sales'), '2020-01-01'),
          session(3, id('head-support'), day(2), finance.departmentId),
          session(4, id('head-support'), day(1), finance.departmentId),
        ],
      };
      expect(await rollouts.update(before, next, [])).toBe('written');
      // The owners' entries went with the rollout: one per owner and rollout.
      expect((await personIndexRepository(storage).entries(id('head-sales'))).entries).toEqual([
        {
          kind: 'sessions',
          rolloutId: made.rollout.id,
          sessionIds: [uuid(6001), uuid(6002)],
        },
      ]);
      // And one per department and rollout for the sessions its people attend.
      expect(
        await personIndexRepository(storage).departmentSessions([finance.departmentId]),
      ).toEqual({ rolloutIds: [made.rollout.id], more: false });
      const handedOver = {
        ...next,
        version: next.version + 1,
        sessions: next.sessions.map((s) => ({ ...s, ownerAccountId: id('head-finance') })),
      };
      expect(await rollouts.update(next, handedOver, [])).toBe('written');
      expect((await personIndexRepository(storage).entries(id('head-sales'))).entries).toEqual([]);
    });
    const titles = async (as: string) =>
      (await load(as)).sessions.map((s) => [s.title, s.date, s.startTime]);
    // Finance's people (the employee is in its Jira group) attend all four; the past one is out.
    const financeSessions = [
      ['CRM basics 4', day(1), '09:30'],
      ['CRM basics 3', day(2), '08:00'],
      ['CRM basics 1', day(2), '09:30'],
    ];
    expect(await titles('head-finance')).toEqual(financeSessions);
    expect(await titles('employee')).toEqual(financeSessions);
    // Sales attends the session for every department, not Finance's own.
    expect(await titles('head-sales')).toEqual([['CRM basics 1', day(2), '09:30']]);
    // Someone who cannot browse ROLL sees none of it, index entry or not.
    await runInvocation({ accountId: undefined, moduleKey: 'test' }, async () => {
      const current = await rollouts.get(made.rollout.id);
      if (!current) throw new Error('no rollout');
      await rollouts.update(
        current,
        {
          ...current,
          version: current.version + 1,
          sessions: [session(4, id('outsider'), day(1))],
        },
        [],
      );
    });
    expect((await load('outsider')).sessions).toEqual([]);
  });
});

describe('pulses open to the viewer', () => {
  const rolloutPanel = (): From => ({
    host,
    moduleKey: 'rollout-panel',
    extension: issueExtension(host, ISSUE),
  });
  const open = (requestId: string, department: string) =>
    openPulseTo(rolloutPanel(), requestId, department);
  const pulseIds = async (as: string) => (await load(as)).pulses.map((p) => p.id);

  it('shows an employee with nothing else in the rollout the pulse asking their department, until they answer or it closes', async () => {
    await makeRollout(host);
    await open(uuid(8100), 'Finance');
    // The employee is in Finance's Jira group and has nothing else in the rollout.
    const employee = await load('employee');
    expect(employee.approvals).toEqual([]);
    expect(employee.pulses.map((p) => [p.id, p.rollout.issueKey, p.to])).toEqual([
      [uuid(8100), ISSUE, day(6)],
    ]);
    // Sales' head is not asked; someone who cannot browse the anchor sees nothing.
    expect(await pulseIds('head-sales')).toEqual([]);
    expect(await pulseIds('outsider')).toEqual([]);

    const asked = defined(
      (await ok(call(rolloutPanel(), 'coordinator', 'pulses/load', {}))).departments.find(
        (d) => d.name === 'Finance',
      ),
      'Finance',
    );
    await ok(
      call(rolloutPanel(), 'employee', 'pulses/answer', {
        pulseId: uuid(8100),
        departmentId: asked.id,
        role: 'employee',
        scores: { awareness: 4, desire: 4, knowledge: 3, ability: 3, reinforcement: 3 },
        comment: '',
      }),
    );
    // Answered: gone for them (as the panel's form says), still there for the rest of Finance.
    expect(await pulseIds('employee')).toEqual([]);
    expect(await pulseIds('head-finance')).toEqual([uuid(8100)]);

    const view = await ok(call(rolloutPanel(), 'coordinator', 'pulses/load', {}));
    await ok(
      call(rolloutPanel(), 'coordinator', 'pulses/close', {
        pulseId: uuid(8100),
        version: view.pulses[0]?.version ?? 0,
      }),
    );
    expect(await pulseIds('head-finance')).toEqual([]);
    // Closing removed the index rows, so no later load reads them.
    const rows = await runInvocation({ accountId: undefined, moduleKey: 'test' }, () =>
      kvs.query().where('key', WhereConditions.beginsWith('pulse-department:')).getMany(),
    );
    expect(rows.results).toEqual([]);
  });
});

describe('rebuilding the index', () => {
  it('is continued by the daily reconciliation until done once, then costs nothing more', async () => {
    await makeRollout(host);
    const problem = await raised(host, 'employee');
    await ok(
      call(issuePanel(host), 'coordinator', 'problems/assign', {
        problemId: problem.id,
        version: problem.version,
        ownerAccountId: id('head-support'),
      }),
    );
    await runInvocation({ accountId: undefined, moduleKey: 'test' }, async () => {
      await kvs.delete(`person:${id('head-support')}:problem:${problem.id}`);
    });
    expect((await load('head-support')).problems).toEqual([]);
    const report = async () => {
      const run = await host.runScheduled('work-reconciliation');
      return (
        JSON.parse((run.body as { body: string }).body) as {
          personIndex?: { done: boolean; written: number };
        }
      ).personIndex;
    };
    // A few pages a run: it goes through every rollout state and open problem status once.
    const runs = [await report()];
    while (runs.at(-1)?.done === false && runs.length < 10) runs.push(await report());
    expect(runs.at(-1)?.done).toBe(true);
    expect(runs.reduce((sum, run) => sum + (run?.written ?? 0), 0)).toBeGreaterThan(0);
    expect((await load('head-support')).problems.map((p) => p.id)).toEqual([problem.id]);
    // Done once: later runs read where it stands and write nothing.
    expect(await report()).toEqual({ done: true, written: 0 });
  });

  it('writes the entries of data stored before the index, in bounded runs resumed by cursor', async () => {
    await makeRollout(host);
    const problem = await raised(host, 'employee');
    await ok(
      call(issuePanel(host), 'coordinator', 'problems/assign', {
        problemId: problem.id,
        version: problem.version,
        ownerAccountId: id('head-support'),
      }),
    );
    const ports = {
      rollouts: rolloutRepository(storage),
      problems: problemRepository(storage),
      personIndex: personIndexRepository(storage),
    };
    await runInvocation({ accountId: undefined, moduleKey: 'test' }, async () => {
      await kvs.delete(`person:${id('head-support')}:problem:${problem.id}`);
    });
    expect((await load('head-support')).problems).toEqual([]);
    let cursor = '';
    let runs = 0;
    do {
      const run = await runInvocation({ accountId: undefined, moduleKey: 'test' }, () =>
        rebuildPersonIndex(ports, cursor, 1),
      );
      cursor = run.cursor;
      runs += 1;
    } while (cursor !== '' && runs < 20);
    expect(cursor).toBe('');
    expect((await load('head-support')).problems.map((p) => p.id)).toEqual([problem.id]);
  });
});

describe('bounded calls', () => {
  it('costs the same storage and Jira calls for 1 rollout and for 12', async () => {
    const measure = async (count: number) => {
      const outcome = await call(page(), 'head-finance', 'mine/load', {});
      expect(outcome.envelope.ok && outcome.envelope.data.approvals).toHaveLength(count);
      return outcome.counters;
    };
    await makeRollout(host, { departments: [{ department: 'Finance', stage: 1 }] });
    await requestApproval(host);
    const one = await measure(1);
    for (let n = 1; n < 12; n += 1) {
      const key = addIssue(host, `Rollout ${String(n)}`);
      await makeRollout(host, {
        departments: [{ department: 'Finance', stage: 1 }],
        issueKey: key,
        requestId: uuid(1000 + n),
        title: `Rollout ${String(n)}`,
      });
      await requestApproval(host, key);
    }
    const twelve = await measure(12);
    expect(twelve.product).toBe(one.product);
    // Storage: the same reads (one batch of rollouts per 25; pulses come from the viewer's
    // departments' index rows, not from each rollout).
    expect(twelve.storage).toBe(one.storage);
  });
});

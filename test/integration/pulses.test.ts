/**
 * Pulses through the local Forge host: the coordinator opens one on the anchor's Rollout panel
 * and the asked departments' Jira groups are e-mailed a link; employees answer from the "Rollout
 * pulse" macro (bound to the strategy page's rollout) or from a session issue they attended, once
 * each; readiness shows to the coordinator, heads and admins from 5 answers with complementary
 * suppression; comments only inside shown groups and to who may read them; supervisors and heads
 * check in by name; and the whole of storage, read after several people answered, holds none of
 * their account ids, names or e-mail addresses.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { startLocalHost, type LocalHost } from '../../local/host';
import type { FeedbackView, PulseFormView } from '../../src/contract';
import type { Department } from '../../src/domain/departments';
import type { AdkarScores } from '../../src/domain/readiness';
import { readinessOf } from '../../src/app/pulses/readiness';
import { productionPorts } from '../../src/wiring';
import { accountIdOf, call, ok, type From } from '../support/host';
import {
  addPeople,
  day,
  demoDepartment,
  issueExtension,
  mailsSince,
  outboxSize,
  stored,
  uuid,
} from '../support/rollouts';
import { jiraIssues, macroExtension, makeStrategy, planIds, pushPlan } from '../support/strategy';

const PANEL = 'rollout-panel';
const PULSE_MACRO = 'rollout-pulse';
const SALES = demoDepartment('Sales');
const FINANCE = demoDepartment('Finance');

let dataDir: string;
let host: LocalHost;
let rolloutId: string;
let anchorKey: string;
let pageId: string;

function scores(a: number, d: number, k: number, ab: number, r: number): AdkarScores {
  return { awareness: a, desire: d, knowledge: k, ability: ab, reinforcement: r };
}

function anchorPanel(): From {
  return { host, moduleKey: PANEL, extension: issueExtension(host, anchorKey) };
}

function pulseMacro(): From {
  return { host, moduleKey: PULSE_MACRO, extension: macroExtension(host, pageId) };
}

function sessionPanel(sessionIndex: number): From {
  const [issue] = jiraIssues(
    host,
    `rolloutId = "${rolloutId}" AND rolloutPlanItem = "session:${planIds.session(sessionIndex)}"`,
  );
  if (!issue) throw new Error('no session issue');
  return { host, moduleKey: PANEL, extension: issueExtension(host, issue.key) };
}

async function openPulse(
  requestId = uuid(8000),
  departmentIds = [SALES, FINANCE],
  as = 'coordinator',
) {
  return call(anchorPanel(), as, 'pulses/open', {
    requestId,
    from: day(-1),
    to: day(6),
    departmentIds,
  });
}

async function answer(
  as: string,
  pulseId: string,
  departmentId: string,
  given: AdkarScores,
  comment = '',
  from: From = pulseMacro(),
) {
  return call(from, as, 'pulses/answer', {
    pulseId,
    departmentId,
    role: 'employee',
    scores: given,
    comment,
  });
}

async function feedback(as: string): Promise<FeedbackView> {
  return ok(call(anchorPanel(), as, 'pulses/load', {}));
}

async function errorOf(outcome: Promise<{ envelope: { ok: boolean } }>) {
  const { envelope } = (await outcome) as {
    envelope: { ok: true } | { ok: false; error: { code: string; messageKey: string } };
  };
  return envelope.ok ? undefined : { code: envelope.error.code, key: envelope.error.messageKey };
}

/** Links a directory department to a Jira group, as the admin page does (the directory's own). */
async function linkGroup(departmentId: string, groupName: string, members: string[]) {
  for (const member of members) host.products.jira.users.addGroupMember(groupName, member);
  const group = host.products.jira.users.getGroup(groupName);
  const department = await stored<Department>('department', departmentId);
  if (!group || !department) throw new Error('no group or department');
  const { kvs } = await import('@forge/kvs');
  await kvs
    .entity<Department & { groupId: string; groupName: string }>('department')
    .set(departmentId, { ...department, groupId: group.groupId, groupName });
}

/** The demo directory links some departments to groups: each test links the ones it needs. */
async function unlinkGroup(departmentId: string) {
  const department = await stored<Department>('department', departmentId);
  if (!department) throw new Error('no department');
  const { kvs } = await import('@forge/kvs');
  await kvs
    .entity<Department>('department')
    .set(departmentId, { ...department, groupId: '', groupName: '' });
}

beforeEach(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'rc-pulses-'));
  host = await startLocalHost({ dataDir, reset: true });
  await unlinkGroup(SALES);
  await unlinkGroup(FINANCE);
  const detail = await makeStrategy(host, { phases: 1, sessions: 2, start: day(-10) });
  rolloutId = detail.rollout.id;
  anchorKey = detail.rollout.issue.key;
  pageId = detail.page?.id ?? '';
  await pushPlan(host, rolloutId);
});

afterEach(async () => {
  await host.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('opening a pulse', () => {
  it('stores the pulse and e-mails the asked departments’ Jira groups a link, once', async () => {
    const salesPeople = addPeople(host, 3, 'rc-test-sales');
    const financePeople = addPeople(host, 2, 'rc-test-finance');
    await linkGroup(SALES, 'pulse-test-sales', salesPeople);
    await linkGroup(FINANCE, 'pulse-test-finance', financePeople);
    const before = outboxSize(host);

    const opened = await ok(openPulse());
    expect(opened.mailed).toBe(2);
    expect(opened.unmailed).toEqual([]);
    expect(opened.pulses).toHaveLength(1);
    expect(opened.pulses[0]).toMatchObject({
      id: uuid(8000),
      from: day(-1),
      to: day(6),
      state: 'open',
      answers: 0,
    });
    expect(opened.pulses[0]?.byDepartment.map((d) => d.name)).toEqual(['Sales', 'Finance']);

    const mails = mailsSince(host, before);
    expect(mails).toHaveLength(1);
    expect(mails[0]?.to).toEqual([...salesPeople, ...financePeople].sort());
    expect(mails[0]?.subject).toBe('How ready are you for New CRM?');
    expect(mails[0]?.textBody).toContain(`/browse/${anchorKey}`);
    expect(mails[0]?.textBody).toContain('anonymous');

    // A repeated click finds the pulse made and mails nobody again.
    const again = await ok(openPulse());
    expect(again.mailed).toBe(0);
    expect(outboxSize(host)).toBe(before + 1);
  });

  it('names the departments it could not e-mail (no Jira group), and refuses anyone but the coordinator', async () => {
    expect(await errorOf(openPulse(uuid(8000), [SALES], 'employee'))).toEqual({
      code: 'FORBIDDEN',
      key: 'errors.pulse.manageForbidden',
    });
    expect(await errorOf(openPulse(uuid(8000), [SALES], 'head-sales'))).toEqual({
      code: 'FORBIDDEN',
      key: 'errors.pulse.manageForbidden',
    });
    const opened = await ok(openPulse(uuid(8000), [SALES]));
    expect(opened).toMatchObject({ mailed: 0, unmailed: ['Sales'] });
    // One pulse at a time.
    expect(await errorOf(openPulse(uuid(8001), [FINANCE]))).toEqual({
      code: 'CONFLICT',
      key: 'errors.pulse.overlap',
    });
    expect(await errorOf(openPulse(uuid(8002), [uuid(4242)]))).toEqual({
      code: 'VALIDATION',
      key: 'errors.pulse.unknownDepartment',
    });
  });
});

describe('answering', () => {
  it('takes one answer per person from the pulse macro, and shows readiness from 5 answers', async () => {
    await ok(openPulse());
    const people = addPeople(host, 7, 'rc-test-answer');
    const knowledgeGap = scores(4, 4, 2, 3, 4);
    for (const person of people.slice(0, 5)) {
      await ok(answer(person, uuid(8000), FINANCE, knowledgeGap, 'More practice, please'));
    }
    for (const person of people.slice(5)) {
      await ok(answer(person, uuid(8000), SALES, scores(5, 5, 5, 5, 5), 'Fine by me'));
    }
    const form = (await ok(call(pulseMacro(), people[0], 'pulses/form', {}))) as Extract<
      PulseFormView,
      { kind: 'open' }
    >;
    expect(form).toMatchObject({ kind: 'open', answered: true, pulse: { id: uuid(8000) } });
    expect(await errorOf(answer(people[0] ?? '', uuid(8000), SALES, knowledgeGap))).toEqual({
      code: 'CONFLICT',
      key: 'errors.pulse.alreadyAnswered',
    });

    const view = await feedback('coordinator');
    const [pulse] = view.pulses;
    expect(pulse?.answers).toBe(7);
    expect(pulse?.byDepartment).toEqual([
      {
        departmentId: SALES,
        name: 'Sales',
        shown: false,
        answers: null,
        means: null,
        barrier: null,
        score: null,
        trend: null,
        canReadComments: false,
      },
      {
        departmentId: FINANCE,
        name: 'Finance',
        shown: true,
        answers: 5,
        means: knowledgeGap,
        barrier: 'knowledge',
        score: 3.4,
        trend: null,
        canReadComments: true,
      },
    ]);
    // The total (7) minus Finance (5) would give Sales away: it is hidden, and so are the roles.
    expect(pulse?.total.shown).toBe(false);
    expect(pulse?.byRole.every((role) => !role.shown)).toBe(true);
  });

  it('shows comments only inside shown groups, and only to the coordinator and the department’s head', async () => {
    await ok(openPulse());
    const people = addPeople(host, 6, 'rc-test-comment');
    const comments = [
      'Zut, the training was short',
      'All good',
      '',
      'Need the cheat sheet',
      '',
      '',
    ];
    for (const [i, person] of people.slice(0, 5).entries()) {
      await ok(answer(person, uuid(8000), FINANCE, scores(4, 4, 4, 4, 4), comments[i]));
    }
    await ok(answer(people[5] ?? '', uuid(8000), SALES, scores(2, 2, 2, 2, 2), 'Hidden one'));

    const read = (as: string, departmentId: string) =>
      call(anchorPanel(), as, 'pulses/comments', { pulseId: uuid(8000), departmentId });
    expect(await ok(read('coordinator', FINANCE))).toEqual({
      comments: ['All good', 'Need the cheat sheet', 'Zut, the training was short'],
      nextPage: null,
    });
    expect(await ok(read('head-finance', FINANCE))).toMatchObject({ nextPage: null });
    expect(await errorOf(read('head-sales', FINANCE))).toEqual({
      code: 'FORBIDDEN',
      key: 'errors.pulse.resultsForbidden',
    });
    // Sales has one answer: its comment shows to no one.
    expect(await errorOf(read('coordinator', SALES))).toEqual({
      code: 'FORBIDDEN',
      key: 'errors.pulse.resultsForbidden',
    });
    expect(await errorOf(read('employee', FINANCE))).toEqual({
      code: 'FORBIDDEN',
      key: 'errors.pulse.resultsForbidden',
    });
  });

  it('shows readiness to heads and admins, nothing of it to employees, and nothing at all to outsiders', async () => {
    await ok(openPulse());
    for (const person of addPeople(host, 5, 'rc-test-see')) {
      await ok(answer(person, uuid(8000), FINANCE, scores(3, 3, 3, 3, 3)));
    }
    for (const who of ['head-sales', 'admin']) {
      const view = await feedback(who);
      expect(view.canSeeResults).toBe(true);
      expect(view.pulses[0]?.byDepartment[1]?.score).toBe(3);
    }
    const employee = await feedback('employee');
    expect(employee.canSeeResults).toBe(false);
    expect(employee.canManage).toBe(false);
    expect(employee.pulses[0]?.answers).toBe(0);
    expect(employee.pulses[0]?.byDepartment.every((d) => !d.shown && d.score === null)).toBe(true);
    expect(employee.toAnswer).toEqual({ pulseId: uuid(8000) });
    expect(await ok(call(pulseMacro(), 'outsider', 'pulses/form', {}))).toEqual({
      kind: 'hidden',
    });
    expect(await errorOf(call(anchorPanel(), 'outsider', 'pulses/load', {}))).toEqual({
      code: 'NOT_FOUND',
      key: 'errors.issue.notFound',
    });
  });

  it('lets an attendee answer from the session issue’s panel, starting on the session’s department', async () => {
    await ok(openPulse());
    const session = sessionPanel(0);
    expect(await ok(call(session, 'employee', 'pulses/form', {}))).toEqual({ kind: 'hidden' });
    await ok(
      call(session, 'coordinator', 'attendance/record', {
        sessionId: planIds.session(0),
        attendeeAccountIds: [accountIdOf(host, 'employee')],
        version: 0,
      }),
    );
    const form = await ok(call(session, 'employee', 'pulses/form', {}));
    expect(form).toMatchObject({ kind: 'open', departmentId: SALES, answered: false });
    const after = await ok(
      answer('employee', uuid(8000), SALES, scores(4, 4, 4, 4, 4), '', session),
    );
    expect(after).toMatchObject({ kind: 'open', answered: true });
    // Someone who did not attend cannot answer through that issue.
    expect(
      await errorOf(answer('head-sales', uuid(8000), SALES, scores(4, 4, 4, 4, 4), '', session)),
    ).toEqual({ code: 'NOT_FOUND', key: 'errors.pulse.notFound' });
  });

  it('refuses answers to a closed pulse, and shows the trend across pulses', async () => {
    await ok(openPulse());
    const first = addPeople(host, 5, 'rc-test-first');
    for (const person of first)
      await ok(answer(person, uuid(8000), FINANCE, scores(3, 3, 2, 3, 3)));
    const open = await feedback('coordinator');
    await ok(
      call(anchorPanel(), 'coordinator', 'pulses/close', {
        pulseId: uuid(8000),
        version: open.pulses[0]?.version ?? 0,
      }),
    );
    expect(await errorOf(answer('employee', uuid(8000), FINANCE, scores(4, 4, 4, 4, 4)))).toEqual({
      code: 'CONFLICT',
      key: 'errors.pulse.notOpen',
    });

    await ok(openPulse(uuid(8001), [FINANCE]));
    for (const person of addPeople(host, 5, 'rc-test-second')) {
      await ok(answer(person, uuid(8001), FINANCE, scores(4, 4, 4, 4, 4)));
    }
    const view = await feedback('coordinator');
    expect(
      view.pulses.map((p) => [
        p.state,
        p.byDepartment.find((d) => d.departmentId === FINANCE)?.score,
      ]),
    ).toEqual([
      ['ended', 2.8],
      ['open', 4],
    ]);
    expect(view.pulses[1]?.byDepartment[0]).toMatchObject({ barrier: null, trend: 'up' });
  });

  it('keeps one answer per person when the same person answers twice at once, and counts every other', async () => {
    await ok(openPulse());
    const people = addPeople(host, 6, 'rc-test-race');
    const outcomes = await Promise.all([
      errorOf(answer(people[0] ?? '', uuid(8000), FINANCE, scores(4, 4, 4, 4, 4))),
      errorOf(answer(people[0] ?? '', uuid(8000), SALES, scores(1, 1, 1, 1, 1))),
      ...people
        .slice(1)
        .map((person) => errorOf(answer(person, uuid(8000), FINANCE, scores(4, 4, 4, 4, 4)))),
    ]);
    const refused = outcomes.filter((outcome) => outcome !== undefined);
    expect(refused).toEqual([{ code: 'CONFLICT', key: 'errors.pulse.alreadyAnswered' }]);
    expect((await feedback('coordinator')).pulses[0]?.answers).toBe(6);
  });
});

describe('which department an answer counts for', () => {
  it('counts an answer for the department whose Jira group holds the answerer, whatever they send', async () => {
    await ok(openPulse());
    const [seller, accountant, stranger] = addPeople(host, 3, 'rc-test-group');
    if (!seller || !accountant || !stranger) throw new Error('no people');
    await linkGroup(SALES, 'rc-test-sales', [seller]);
    await linkGroup(FINANCE, 'rc-test-finance', [accountant]);

    const form = await call(pulseMacro(), seller, 'pulses/form', {});
    expect(form.envelope).toMatchObject({
      ok: true,
      data: {
        kind: 'open',
        departments: [{ id: SALES, name: 'Sales' }],
        departmentSource: 'group',
        departmentId: SALES,
        answered: false,
      },
    });
    expect(await errorOf(answer(seller, uuid(8000), FINANCE, scores(1, 1, 1, 1, 1)))).toEqual({
      code: 'FORBIDDEN',
      key: 'errors.pulse.notYourDepartment',
    });
    await ok(answer(seller, uuid(8000), SALES, scores(4, 4, 4, 4, 4)));
    await ok(answer(accountant, uuid(8000), FINANCE, scores(2, 2, 2, 2, 2)));
    const stored8000 = await stored<{ tallies: { group: string; running: { answers: number } }[] }>(
      'pulse',
      uuid(8000),
    );
    const answers = (group: string) =>
      stored8000?.tallies.find((t) => t.group === group)?.running.answers;
    expect([answers(`department:${SALES}`), answers(`department:${FINANCE}`)]).toEqual([1, 1]);

    // In neither group, and every asked department has one: not among the people asked.
    expect(await ok(call(pulseMacro(), stranger, 'pulses/form', {}))).toEqual({
      kind: 'notAsked',
      rollout: { title: expect.any(String) as string },
      departments: ['Sales', 'Finance'],
    });
    expect(await errorOf(answer(stranger, uuid(8000), SALES, scores(3, 3, 3, 3, 3)))).toEqual({
      code: 'FORBIDDEN',
      key: 'errors.pulse.notAskedDepartment',
    });
  });

  it('lets people outside every group pick among the departments without one, and says so', async () => {
    await ok(openPulse());
    const [seller, other] = addPeople(host, 2, 'rc-test-pick');
    if (!seller || !other) throw new Error('no people');
    await linkGroup(SALES, 'rc-test-sales', [seller]);
    const unlinkedForm = await call(pulseMacro(), other, 'pulses/form', {});
    expect(unlinkedForm.envelope).toMatchObject({
      ok: true,
      data: {
        kind: 'open',
        departments: [{ id: FINANCE, name: 'Finance' }],
        departmentSource: 'pick',
        departmentId: FINANCE,
      },
    });
    expect(await errorOf(answer(other, uuid(8000), SALES, scores(3, 3, 3, 3, 3)))).toEqual({
      code: 'FORBIDDEN',
      key: 'errors.pulse.notAskedDepartment',
    });
    await ok(answer(other, uuid(8000), FINANCE, scores(3, 3, 3, 3, 3)));

    // The group look-up is one Jira call, made only when an asked department has a group.
    await unlinkGroup(SALES);
    const withoutGroups = await call(pulseMacro(), seller, 'pulses/form', {});
    await linkGroup(SALES, 'rc-test-sales', [seller]);
    const withGroup = await call(pulseMacro(), seller, 'pulses/form', {});
    expect(withGroup.counters.product - withoutGroups.counters.product).toBe(1);
    expect(withGroup.counters.storage).toBe(withoutGroups.counters.storage);
  });
});

describe('check-ins and readinessOf', () => {
  it('records a head’s check-in by name, shows it to readers of readiness, and answers readinessOf', async () => {
    await ok(openPulse());
    for (const person of addPeople(host, 5, 'rc-test-ready')) {
      await ok(answer(person, uuid(8000), SALES, scores(4, 2, 2, 2, 4)));
    }
    const payload = {
      requestId: uuid(8100),
      departmentId: SALES,
      rating: 2,
      note: 'Morale is low',
    };
    const view = await ok(call(anchorPanel(), 'head-sales', 'pulses/checkIn', payload));
    expect(view.checkIns).toHaveLength(1);
    expect(view.checkIns[0]).toMatchObject({
      departmentName: 'Sales',
      author: { accountId: accountIdOf(host, 'head-sales'), displayName: 'Sophie Bernard' },
      byHead: true,
      rating: 2,
      note: 'Morale is low',
    });
    // Repeated: recorded once.
    await ok(call(anchorPanel(), 'head-sales', 'pulses/checkIn', payload));
    expect((await feedback('coordinator')).checkIns).toHaveLength(1);
    expect((await feedback('employee')).checkIns).toEqual([]);

    const ports = productionPorts(() => 20_000);
    const coordinator = { accountId: accountIdOf(host, 'coordinator'), isJiraAdmin: false };
    const readiness = await readinessOf(rolloutId, coordinator, ports);
    expect(readiness?.pulses[0]?.byDepartment[0]).toEqual({
      departmentId: SALES,
      shown: true,
      answers: 5,
      means: scores(4, 2, 2, 2, 4),
      barrier: 'desire',
      score: 2.8,
    });
    expect(readiness?.checkIns).toEqual([
      { departmentId: SALES, rating: 2, at: view.checkIns[0]?.at },
    ]);
    const employee = { accountId: accountIdOf(host, 'employee'), isJiraAdmin: false };
    expect(await readinessOf(rolloutId, employee, ports)).toBeNull();
  });

  it('takes check-ins from the head, whoever stands in for them and named supervisors, and refuses anyone else', async () => {
    const [supervisor, delegate, stranger] = addPeople(host, 3, 'rc-test-checkin');
    const department = await stored<Department>('department', FINANCE);
    if (!department || !supervisor || !delegate || !stranger) throw new Error('no department');
    const { kvs } = await import('@forge/kvs');
    await kvs.entity<Department>('department').set(FINANCE, {
      ...department,
      delegateAccountId: delegate,
      supervisorAccountIds: [supervisor],
    });
    const checkInAs = (who: string, n: number, departmentId = FINANCE) =>
      call(anchorPanel(), who, 'pulses/checkIn', {
        requestId: uuid(8200 + n),
        departmentId,
        rating: 3,
        note: '',
      });
    // The load says where each may check in, so the form shows only to them.
    const mayCheckInFor = async (who: string) => (await feedback(who)).checkInDepartmentIds;
    expect(await mayCheckInFor('coordinator')).toEqual([]);
    expect(await mayCheckInFor(stranger)).toEqual([]);
    expect(await mayCheckInFor('head-sales')).toEqual([SALES]);
    for (const who of ['head-finance', supervisor, delegate]) {
      expect(await mayCheckInFor(who)).toEqual([FINANCE]);
    }
    for (const [n, who] of ['coordinator', stranger, 'head-sales'].entries()) {
      const refused = await checkInAs(who, n);
      expect(refused.envelope).toMatchObject({
        ok: false,
        error: {
          code: 'FORBIDDEN',
          messageKey: 'errors.pulse.checkInForbidden',
          message: expect.stringContaining('Finance') as unknown,
        },
      });
      // Refused before anything is written, in two storage reads past the anchor's.
      expect(refused.counters.storage).toBeLessThanOrEqual(3);
    }
    // A supervisor is named for Finance alone.
    expect((await checkInAs(supervisor, 3, SALES)).envelope).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    expect((await feedback('coordinator')).checkIns).toEqual([]);

    await ok(checkInAs('head-finance', 4));
    await ok(checkInAs(supervisor, 5));
    await ok(checkInAs(delegate, 6));
    const names = (await feedback('coordinator')).checkIns.map((c) => c.author.accountId).sort();
    expect(names).toEqual([accountIdOf(host, 'head-finance'), supervisor, delegate].sort());
    // The default delegate stands in only for the head the directory names.
    await kvs.entity<Department>('department').set(FINANCE, {
      ...department,
      headAccountId: stranger,
      delegateAccountId: delegate,
    });
    expect((await checkInAs(delegate, 7)).envelope).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
  });

  it('loads the feedback section with the same number of storage calls at 5 and at 60 answers', async () => {
    await ok(openPulse());
    const people = addPeople(host, 60, 'rc-test-bound');
    for (const person of people.slice(0, 5)) {
      await ok(answer(person, uuid(8000), FINANCE, scores(4, 4, 4, 4, 4)));
    }
    const small = await call(anchorPanel(), 'coordinator', 'pulses/load', {});
    for (const person of people.slice(5)) {
      await ok(answer(person, uuid(8000), FINANCE, scores(4, 4, 4, 4, 4)));
    }
    const large = await call(anchorPanel(), 'coordinator', 'pulses/load', {});
    expect((await ok(Promise.resolve(large))).pulses[0]?.answers).toBe(60);
    expect(large.counters.storage).toBe(small.counters.storage);
    // The anchor's, the pulses', the check-ins', a receipt, and who may check in (directory and
    // delegations): constant in the number of answers.
    expect(large.counters.storage).toBeLessThanOrEqual(8);
  });
});

describe('the anonymity promise', () => {
  /** Every row of every table the storage emulator keeps: keys, values, indexes. */
  function wholeStorage(): string {
    const db = new Database(join(dataDir, 'forge.sqlite'), { readonly: true, fileMustExist: true });
    try {
      const tables = db
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'kvs_%'")
        .all() as { name: string }[];
      expect(tables.map((t) => t.name).sort()).toEqual(
        expect.arrayContaining(['kvs_entity', 'kvs_plain', 'kvs_secret']),
      );
      return tables
        .map((t) => JSON.stringify(db.prepare(`SELECT * FROM "${t.name}"`).all()))
        .join('\n');
    } finally {
      db.close();
    }
  }

  it('keeps none of the answerers’ account ids, names or e-mail addresses anywhere in storage', async () => {
    await ok(openPulse());
    // Finance's delegate is in storage already (a department's delegate in the directory):
    // answering must add no trace of them.
    const delegate = host.persona('delegate-finance');
    if (!delegate) throw new Error('no delegate persona');
    const known = [delegate.accountId, delegate.displayName, delegate.email];
    const occurrences = (text: string, what: string) => text.split(what).length - 1;
    const before = wholeStorage();
    const people = addPeople(host, 6, 'rc-test-anon');
    for (const [i, person] of people.entries()) {
      await ok(
        answer(
          person,
          uuid(8000),
          i < 5 ? FINANCE : SALES,
          scores(1 + (i % 5), 4, 3, 2, 5),
          `Note ${String(i)}`,
        ),
      );
    }
    await ok(answer('delegate-finance', uuid(8000), SALES, scores(3, 3, 3, 3, 3), 'Fine'));
    const after = wholeStorage();
    // The storage does hold the answers and receipts: the check reads the right place.
    expect(after).toContain('Note 0');
    expect(after).toContain('pulse-receipt:');
    const identities = people.flatMap((id) => {
      const user = host.products.jira.users.getUser(id);
      return [id, user?.displayName ?? id, user?.emailAddress ?? id];
    });
    for (const identity of identities) {
      expect({ identity, found: after.includes(identity) }).toEqual({ identity, found: false });
    }
    for (const identity of known) {
      expect({ identity, count: occurrences(after, identity) }).toEqual({
        identity,
        count: occurrences(before, identity),
      });
    }
  });

  it('keeps no time of any answer: answer buckets were all made when the pulse opened', async () => {
    await ok(openPulse());
    const openedAt = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 20));
    for (const person of addPeople(host, 3, 'rc-test-time')) {
      await ok(answer(person, uuid(8000), FINANCE, scores(4, 4, 4, 4, 4)));
    }
    const db = new Database(join(dataDir, 'forge.sqlite'), { readonly: true });
    const buckets = db
      .prepare("SELECT key, value, created_at FROM kvs_entity WHERE entity = 'pulse-answers'")
      .all() as { key: string; value: string; created_at: number }[];
    db.close();
    expect(buckets.map((b) => b.key).sort()).toEqual(
      [`${uuid(8000)}:${FINANCE}:0`, `${uuid(8000)}:${SALES}:0`].sort(),
    );
    expect(buckets.every((b) => b.created_at <= openedAt)).toBe(true);
    const pulse = JSON.stringify(await stored('pulse', uuid(8000)));
    // The pulse keeps its opening time and its tallies, and no per-answer time or order.
    expect(pulse).not.toMatch(/answeredAt|updatedAt|sequence/u);
  });
});

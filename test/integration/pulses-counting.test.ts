/**
 * Pulses through the local Forge host, who counts and who is kept: an answer counts for the
 * department whose Jira group holds the answerer (people outside every group pick among the
 * departments without one); supervisors and heads check in by name, and readinessOf answers
 * readers of readiness only; and the whole of storage, read after several people answered, holds
 * none of their account ids, names or e-mail addresses, nor the time of any answer.
 */
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { readinessOf } from '../../src/app/pulses/readiness';
import type { Department } from '../../src/domain/departments';
import { productionPorts } from '../../src/wiring';
import { accountIdOf, call, ok } from '../support/host';
import { FINANCE, SALES, errorOf, pulseRollout, scores } from '../support/pulses';
import { addPeople, demoDepartment, stored, uuid } from '../support/rollouts';
import { planIds } from '../support/strategy';

const pulses = pulseRollout();
const {
  anchorPanel,
  pulseMacro,
  sessionPanel,
  openPulse,
  answer,
  feedback,
  linkGroup,
  unlinkGroup,
} = pulses;
const SUPPORT = demoDepartment('Customer Support');
const OPERATIONS = demoDepartment('Operations');

describe('which department an answer counts for', () => {
  it('counts an answer for the department whose Jira group holds the answerer, whatever they send', async () => {
    await ok(openPulse());
    const [seller, accountant, stranger] = addPeople(pulses.host, 3, 'rc-test-group');
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
    const [seller, other] = addPeople(pulses.host, 2, 'rc-test-pick');
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
  it('asks someone in several asked departments’ groups which one they answer for, and counts it there once', async () => {
    await ok(openPulse(uuid(8000), [SALES, FINANCE, SUPPORT]));
    const [both, supporter] = addPeople(pulses.host, 2, 'rc-test-several');
    if (!both || !supporter) throw new Error('no people');
    await linkGroup(SALES, 'rc-test-sales', [both]);
    await linkGroup(FINANCE, 'rc-test-finance', [both]);
    await linkGroup(SUPPORT, 'rc-test-support', [supporter]);
    // A group of a department the pulse does not ask counts for nothing.
    await linkGroup(OPERATIONS, 'rc-test-operations', [both]);

    // Their asked departments alone, and none chosen for them.
    expect(await ok(call(pulseMacro(), both, 'pulses/form', {}))).toMatchObject({
      kind: 'open',
      departments: [
        { id: SALES, name: 'Sales' },
        { id: FINANCE, name: 'Finance' },
      ],
      departmentSource: 'group',
      departmentId: '',
      answered: false,
    });
    // Not even on a session issue of one of them: the session's department is no answer.
    await ok(
      call(sessionPanel(0), 'coordinator', 'attendance/record', {
        sessionId: planIds.session(0),
        attendeeAccountIds: [both],
        version: 0,
      }),
    );
    expect(await ok(call(sessionPanel(0), both, 'pulses/form', {}))).toMatchObject({
      kind: 'open',
      departmentSource: 'group',
      departmentId: '',
    });

    // The server checks the choice: an asked department whose group does not hold them, one the
    // pulse does not ask, and no department at all are refused, and nothing is counted.
    expect(await errorOf(answer(both, uuid(8000), SUPPORT, scores(1, 1, 1, 1, 1)))).toEqual({
      code: 'FORBIDDEN',
      key: 'errors.pulse.notYourDepartment',
    });
    expect(await errorOf(answer(both, uuid(8000), OPERATIONS, scores(1, 1, 1, 1, 1)))).toEqual({
      code: 'VALIDATION',
      key: 'errors.pulse.unknownDepartment',
    });
    expect((await errorOf(answer(both, uuid(8000), '', scores(1, 1, 1, 1, 1))))?.code).toBe(
      'VALIDATION',
    );
    const tallies = async () => {
      const pulse = await stored<{ tallies: { group: string; running: { answers: number } }[] }>(
        'pulse',
        uuid(8000),
      );
      return [SALES, FINANCE, SUPPORT].map(
        (id) => pulse?.tallies.find((t) => t.group === `department:${id}`)?.running.answers ?? 0,
      );
    };
    expect(await tallies()).toEqual([0, 0, 0]);

    // Their choice counts, once: a second answer, for the other department, is refused.
    expect(await ok(answer(both, uuid(8000), FINANCE, scores(2, 2, 2, 2, 2)))).toMatchObject({
      kind: 'open',
      answered: true,
    });
    expect(await errorOf(answer(both, uuid(8000), SALES, scores(5, 5, 5, 5, 5)))).toEqual({
      code: 'CONFLICT',
      key: 'errors.pulse.alreadyAnswered',
    });
    await ok(answer(supporter, uuid(8000), SUPPORT, scores(3, 3, 3, 3, 3)));
    expect(await tallies()).toEqual([0, 1, 1]);
  });
});

describe('check-ins and readinessOf', () => {
  it('records a head’s check-in by name, shows it to readers of readiness, and answers readinessOf', async () => {
    await ok(openPulse());
    for (const person of addPeople(pulses.host, 5, 'rc-test-ready')) {
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
      author: { accountId: accountIdOf(pulses.host, 'head-sales'), displayName: 'Sophie Bernard' },
      byHead: true,
      rating: 2,
      note: 'Morale is low',
    });
    // Repeated: recorded once.
    await ok(call(anchorPanel(), 'head-sales', 'pulses/checkIn', payload));
    expect((await feedback('coordinator')).checkIns).toHaveLength(1);
    expect((await feedback('employee')).checkIns).toEqual([]);

    const ports = productionPorts(() => 20_000);
    const coordinator = { accountId: accountIdOf(pulses.host, 'coordinator'), isJiraAdmin: false };
    const readiness = await readinessOf(pulses.rolloutId, coordinator, ports);
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
    const employee = { accountId: accountIdOf(pulses.host, 'employee'), isJiraAdmin: false };
    expect(await readinessOf(pulses.rolloutId, employee, ports)).toBeNull();
  });

  it('takes check-ins from the head, whoever stands in for them and named supervisors, and refuses anyone else', async () => {
    const [supervisor, delegate, stranger] = addPeople(pulses.host, 3, 'rc-test-checkin');
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
    expect(names).toEqual([accountIdOf(pulses.host, 'head-finance'), supervisor, delegate].sort());
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
    const people = addPeople(pulses.host, 60, 'rc-test-bound');
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
    const db = new Database(join(pulses.dataDir, 'forge.sqlite'), {
      readonly: true,
      fileMustExist: true,
    });
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
    const delegate = pulses.host.persona('delegate-finance');
    if (!delegate) throw new Error('no delegate persona');
    const known = [delegate.accountId, delegate.displayName, delegate.email];
    const occurrences = (text: string, what: string) => text.split(what).length - 1;
    const before = wholeStorage();
    const people = addPeople(pulses.host, 6, 'rc-test-anon');
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
      const user = pulses.host.products.jira.users.getUser(id);
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
    for (const person of addPeople(pulses.host, 3, 'rc-test-time')) {
      await ok(answer(person, uuid(8000), FINANCE, scores(4, 4, 4, 4, 4)));
    }
    const db = new Database(join(pulses.dataDir, 'forge.sqlite'), { readonly: true });
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

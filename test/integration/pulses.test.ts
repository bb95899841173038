/**
 * Pulses through the local Forge host: the coordinator opens one on the anchor's Rollout panel
 * and the asked departments' Jira groups are e-mailed a link; employees answer from the "Rollout
 * pulse" macro (bound to the strategy page's rollout) or from a session issue they attended, once
 * each; readiness shows to the coordinator, heads and admins from 5 answers with complementary
 * suppression; comments only inside shown groups and to who may read them. Which department an
 * answer counts for, check-ins by name and the anonymity promise are in pulses-counting.test.ts.
 */
import type { PulseFormView } from '../../src/contract';
import { accountIdOf, call, ok } from '../support/host';
import { planIds } from '../support/strategy';
import { FINANCE, SALES, errorOf, pulseRollout, scores } from '../support/pulses';
import { addPeople, day, mailsSince, outboxSize, uuid } from '../support/rollouts';

const pulses = pulseRollout();
const { anchorPanel, pulseMacro, sessionPanel, openPulse, answer, feedback, linkGroup } = pulses;

describe('opening a pulse', () => {
  it('stores the pulse and e-mails the asked departments’ Jira groups a link, once', async () => {
    const salesPeople = addPeople(pulses.host, 3, 'rc-test-sales');
    const financePeople = addPeople(pulses.host, 2, 'rc-test-finance');
    await linkGroup(SALES, 'pulse-test-sales', salesPeople);
    await linkGroup(FINANCE, 'pulse-test-finance', financePeople);
    const before = outboxSize(pulses.host);

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

    const mails = mailsSince(pulses.host, before);
    expect(mails).toHaveLength(1);
    expect(mails[0]?.to).toEqual([...salesPeople, ...financePeople].sort());
    expect(mails[0]?.subject).toBe('How ready are you for New CRM?');
    expect(mails[0]?.textBody).toContain(`/browse/${pulses.anchorKey}`);
    expect(mails[0]?.textBody).toContain('anonymous');

    // A repeated click finds the pulse made and mails nobody again.
    const again = await ok(openPulse());
    expect(again.mailed).toBe(0);
    expect(outboxSize(pulses.host)).toBe(before + 1);
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
    const people = addPeople(pulses.host, 7, 'rc-test-answer');
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
    const people = addPeople(pulses.host, 6, 'rc-test-comment');
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
    for (const person of addPeople(pulses.host, 5, 'rc-test-see')) {
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
        attendeeAccountIds: [accountIdOf(pulses.host, 'employee')],
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
    const first = addPeople(pulses.host, 5, 'rc-test-first');
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
    for (const person of addPeople(pulses.host, 5, 'rc-test-second')) {
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
    const people = addPeople(pulses.host, 6, 'rc-test-race');
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

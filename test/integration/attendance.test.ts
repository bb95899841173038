/**
 * Attendance through the local Forge host, on a pushed session's issue: who may record the list
 * (the session's owner, the coordinator, a Jira admin; not an employee), an attendee confirming
 * their own attendance, idempotent repeats, racing recorders giving one winner, bad ids answered
 * NOT_FOUND or VALIDATION, and the session's flag when its day passed with nothing recorded,
 * shown on the session issue and e-mailed once by the daily job.
 */
import type { LocalHost } from '../../local/host';
import type { Attendance } from '../../src/domain/attendance';
import type { MemberPanelView, RolloutPanelView } from '../../src/contract';
import { accountIdOf, call, memoryHost, ok, type From } from '../support/host';
import { runAttendanceFlags } from '../../src/app/attendance-flags';
import { productionPorts } from '../../src/wiring';
import {
  decideAs,
  issueExtension,
  mailsSince,
  outboxSize,
  requestApproval,
} from '../support/rollouts';
import { jiraIssues, makeStrategy, planIds, pushPlan } from '../support/strategy';

const PANEL = 'rollout-panel';

let host: LocalHost;
let rolloutId: string;
/** Session 0 was held (its day has passed); session 1 lies ahead. */
let heldKey: string;
let aheadKey: string;
let anchorKey: string;
const HELD = planIds.session(0);
const AHEAD = planIds.session(1);

function addDays(days: number): string {
  const date = new Date();
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

function panelOn(issueKey: string): From {
  return { host, moduleKey: PANEL, extension: issueExtension(host, issueKey) };
}

function sessionIssueKey(sessionId: string): string {
  const [issue] = jiraIssues(
    host,
    `rolloutId = "${rolloutId}" AND rolloutPlanItem = "session:${sessionId}"`,
  );
  if (!issue) throw new Error(`No issue for session ${sessionId}`);
  return issue.key;
}

function sessionOf(view: RolloutPanelView): NonNullable<MemberPanelView['session']> {
  if (view.kind !== 'member' || !view.session) throw new Error(`No session view: ${view.kind}`);
  return view.session;
}

function record(as: string, attendees: string[], version: number, key = heldKey, id = HELD) {
  return call(panelOn(key), as, 'attendance/record', {
    sessionId: id,
    attendeeAccountIds: attendees.map((persona) => accountIdOf(host, persona)),
    version,
  });
}

async function storedAttendance(sessionId = HELD): Promise<Attendance | undefined> {
  const { kvs } = await import('@forge/kvs');
  return kvs.entity<Attendance>('attendance').get(`${rolloutId}:${sessionId}`);
}

async function errorOf(outcome: ReturnType<typeof record>) {
  const { envelope } = await outcome;
  return envelope.ok ? undefined : { code: envelope.error.code, key: envelope.error.messageKey };
}

beforeEach(async () => {
  host = await memoryHost();
  // Phase 1 started 10 days ago (session 0 on its first day); phase 2 starts in three weeks.
  const detail = await makeStrategy(host, { phases: 2, sessions: 2, start: addDays(-10) });
  rolloutId = detail.rollout.id;
  anchorKey = detail.rollout.issue.key;
  await pushPlan(host, rolloutId);
  heldKey = sessionIssueKey(HELD);
  aheadKey = sessionIssueKey(AHEAD);
});

afterEach(async () => {
  await host.close();
});

describe('recording who attended', () => {
  it('lets the session owner (the coordinator here) record Jira users, shown on the session issue', async () => {
    const before = sessionOf(await ok(call(panelOn(heldKey), 'employee', 'rolloutPanel/load', {})));
    expect(before.attendance).toMatchObject({
      count: 0,
      capacity: 20,
      version: 0,
      flag: 'not-recorded',
      canRecord: false,
      held: true,
    });

    const view = sessionOf(await ok(record('coordinator', ['employee', 'head-sales'], 0)));
    expect(view.attendance.count).toBe(2);
    expect(view.attendance.canRecord).toBe(true);
    expect(view.attendance.flag).toBeNull();
    expect(view.attendance.version).toBe(1);
    expect(view.attendance.attendees.map((a) => [a.accountId, a.confirmed])).toEqual(
      expect.arrayContaining([
        [accountIdOf(host, 'employee'), false],
        [accountIdOf(host, 'head-sales'), false],
      ]),
    );
    expect(view.attendance.attendees.every((a) => a.displayName !== '')).toBe(true);

    // Everyone who browses the issue sees the same list.
    const seen = sessionOf(await ok(call(panelOn(heldKey), 'head-sales', 'rolloutPanel/load', {})));
    expect(seen.attendance.count).toBe(2);
    expect(seen.attendance.recordedAt).not.toBe('');
  });

  it('is idempotent: the same list again writes nothing', async () => {
    await ok(record('coordinator', ['employee'], 0));
    const first = await storedAttendance();
    // A retried click still carries the version it read.
    const again = sessionOf(await ok(record('coordinator', ['employee'], 0)));
    expect(again.attendance.version).toBe(1);
    expect(await storedAttendance()).toEqual(first);
  });

  it('lets a Jira admin record, and refuses an employee or a head who does not run the session', async () => {
    expect(await errorOf(record('employee', ['employee'], 0))).toEqual({
      code: 'FORBIDDEN',
      key: 'errors.attendance.recordForbidden',
    });
    expect(await errorOf(record('head-sales', ['employee'], 0))).toEqual({
      code: 'FORBIDDEN',
      key: 'errors.attendance.recordForbidden',
    });
    expect(await storedAttendance()).toBeUndefined();
    const view = sessionOf(await ok(record('admin', ['head-finance'], 0)));
    expect(view.attendance.attendees.map((a) => a.accountId)).toEqual([
      accountIdOf(host, 'head-finance'),
    ]);
  });

  it('replaces the list at the version read, and refuses a list recorded over someone else', async () => {
    await ok(record('coordinator', ['employee', 'head-sales'], 0));
    // The admin read the empty list (version 0) before the coordinator saved.
    expect(await errorOf(record('admin', ['head-finance'], 0))).toEqual({
      code: 'CONFLICT',
      key: 'errors.attendance.stale',
    });
    const view = sessionOf(await ok(record('admin', ['head-sales'], 1)));
    expect(view.attendance.attendees.map((a) => a.accountId)).toEqual([
      accountIdOf(host, 'head-sales'),
    ]);
    expect((await storedAttendance())?.version).toBe(2);
  });

  it('gives one winner when two people record different lists at once', async () => {
    const outcomes = await Promise.all([
      errorOf(record('coordinator', ['employee'], 0)),
      errorOf(record('admin', ['head-support'], 0)),
    ]);
    const failures = outcomes.filter((outcome) => outcome !== undefined);
    expect(failures).toEqual([{ code: 'CONFLICT', key: 'errors.attendance.stale' }]);
    const stored = await storedAttendance();
    expect(stored?.version).toBe(1);
    const winner = outcomes[0] === undefined ? 'employee' : 'head-support';
    expect(stored?.attendees.map((a) => a.accountId)).toEqual([accountIdOf(host, winner)]);
  });

  it('answers NOT_FOUND for a session that is not this issue, VALIDATION for people Jira does not know', async () => {
    // Session 1's id on session 0's issue, and a session id on the anchor.
    expect(await errorOf(record('coordinator', ['employee'], 0, heldKey, AHEAD))).toEqual({
      code: 'NOT_FOUND',
      key: 'errors.attendance.notSession',
    });
    expect(await errorOf(record('coordinator', ['employee'], 0, anchorKey))).toEqual({
      code: 'NOT_FOUND',
      key: 'errors.attendance.notSession',
    });
    const unknown = await call(panelOn(heldKey), 'coordinator', 'attendance/record', {
      sessionId: HELD,
      attendeeAccountIds: ['unknown-account-0000'],
      version: 0,
    });
    expect(unknown.envelope.ok ? undefined : unknown.envelope.error.messageKey).toBe(
      'errors.attendance.unknownUser',
    );
    const malformed = await call(panelOn(heldKey), 'coordinator', 'attendance/record', {
      sessionId: 'not-a-session',
      attendeeAccountIds: [],
      version: 0,
    });
    expect(malformed.envelope.ok ? undefined : malformed.envelope.error.code).toBe('VALIDATION');
    expect(await storedAttendance()).toBeUndefined();
  });

  it('opens on the session day: a session ahead is refused', async () => {
    expect(await errorOf(record('coordinator', ['employee'], 0, aheadKey, AHEAD))).toEqual({
      code: 'CONFLICT',
      key: 'errors.attendance.notHeld',
    });
    const view = sessionOf(
      await ok(call(panelOn(aheadKey), 'coordinator', 'rolloutPanel/load', {})),
    );
    expect(view.attendance).toMatchObject({ held: false, flag: null, canRecord: true });
  });
});

describe('confirming one’s own attendance', () => {
  it('adds the acting user, or marks them confirmed when already listed, once', async () => {
    const confirm = (as: string) =>
      call(panelOn(heldKey), as, 'attendance/confirm', { sessionId: HELD });
    const mine = sessionOf(await ok(confirm('employee')));
    expect(mine.attendance.confirmedByMe).toBe(true);
    expect(mine.attendance.count).toBe(1);
    // Confirmations alone are no record: the owner still has to record the list.
    expect(mine.attendance.flag).toBe('not-recorded');

    const stored = await storedAttendance();
    await ok(confirm('employee'));
    expect(await storedAttendance()).toEqual(stored);

    const recorded = sessionOf(
      await ok(record('coordinator', ['employee', 'head-sales'], stored?.version ?? -1)),
    );
    expect(recorded.attendance.attendees.map((a) => [a.accountId, a.confirmed])).toEqual(
      expect.arrayContaining([
        [accountIdOf(host, 'employee'), true],
        [accountIdOf(host, 'head-sales'), false],
      ]),
    );
    const head = sessionOf(await ok(confirm('head-sales')));
    expect(head.attendance.count).toBe(2);
    expect(head.attendance.attendees.every((a) => a.confirmed)).toBe(true);
  });

  it('keeps every confirmation when attendees confirm at once', async () => {
    await Promise.all(
      ['employee', 'head-sales', 'head-support'].map((as) =>
        ok(call(panelOn(heldKey), as, 'attendance/confirm', { sessionId: HELD })),
      ),
    );
    expect((await storedAttendance())?.count).toBe(3);
  });

  it('answers NOT_FOUND off the session issue, CONFLICT before its day', async () => {
    const off = await call(panelOn(heldKey), 'employee', 'attendance/confirm', {
      sessionId: AHEAD,
    });
    expect(off.envelope.ok ? undefined : off.envelope.error.code).toBe('NOT_FOUND');
    const early = await call(panelOn(aheadKey), 'employee', 'attendance/confirm', {
      sessionId: AHEAD,
    });
    expect(early.envelope.ok ? undefined : early.envelope.error.code).toBe('CONFLICT');
    const outsider = await call(panelOn(heldKey), 'outsider', 'attendance/confirm', {
      sessionId: HELD,
    });
    expect(outsider.envelope.ok ? undefined : outsider.envelope.error.code).toBe('NOT_FOUND');
  });
});

describe('the daily job flagging sessions', () => {
  async function approveAll(): Promise<void> {
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

  const run = () =>
    runAttendanceFlags(
      productionPorts(() => 50_000),
      15_000,
    );

  it('mails the owner and the coordinator once about a past session with no attendance recorded', async () => {
    await approveAll();
    const before = outboxSize(host);
    expect(await run()).toMatchObject({ rollouts: 1, flagged: 1, mailFailures: 0 });
    const mails = mailsSince(host, before);
    expect(mails.map((mail) => [mail.subject, mail.to])).toEqual([
      ['Sessions of New CRM need attention', [accountIdOf(host, 'coordinator')]],
    ]);
    expect(mails[0]?.textBody).toContain('Session 1 on');
    expect(mails[0]?.textBody).toContain('nobody recorded who attended');
    // Repeated runs (or a concurrent one) send nothing more about it.
    const [again, concurrent] = await Promise.all([run(), run()]);
    expect([again.flagged, concurrent.flagged]).toEqual([0, 0]);
    expect(outboxSize(host)).toBe(before + 1);
  });

  it('flags nothing once attendance is recorded, and nothing for a rollout not approved', async () => {
    const before = outboxSize(host);
    expect(await run()).toMatchObject({ rollouts: 0, flagged: 0 });
    await ok(record('coordinator', ['employee'], 0));
    await approveAll();
    expect(await run()).toMatchObject({ rollouts: 1, flagged: 0 });
    expect(mailsSince(host, before).filter((m) => m.subject.includes('need attention'))).toEqual(
      [],
    );
  });
});

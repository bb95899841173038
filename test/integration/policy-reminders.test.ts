/**
 * Policy reminders in the daily job (scheduledTrigger approval-reminders) through the local host:
 * the members of a running rollout's departments' Jira groups who have not acknowledged a page
 * of its policy are e-mailed through Jira's notify API, in their language, once per cadence, at
 * most POLICY_REMINDERS_MAX times per version; a run reads a bounded number of member pages and
 * the next run resumes where it stopped, mailing nobody twice.
 */
import type { LocalHost } from '../../local/host';
import { POLICY_MEMBER_PAGES_PER_RUN } from '../../src/app/policy-reminders';
import { POLICY_REMINDER_DAYS, POLICY_REMINDERS_MAX } from '../../src/domain/policy';
import { accountIdOf, call, hostPerTest, ok, type From } from '../support/host';
import { approvedRolloutWithPolicy, policyByline } from '../support/policies';
import { addPeople, demoDepartment, mailsSince, outboxSize } from '../support/rollouts';

const SCHEDULE = 'approval-reminders';
const DAY = 24 * 60 * 60 * 1000;
const PAGE_TITLE = 'Expense policy';

interface PolicyRun {
  started: number;
  reminded: number;
  complete: boolean;
}

let host: LocalHost;
let rolloutId: string;
let pageId: string;

const onPage = (): From => policyByline(host, pageId);

/** The active members of the demo's groups asked: Sales and Finance (the others have none). */
function askedPeople(): string[] {
  const users = host.products.jira.users;
  const members = ['sales-team', 'finance-team'].flatMap((name) =>
    users.groupMembers(users.getGroup(name)?.groupId ?? ''),
  );
  return [
    ...new Set(
      users
        .getUsers(members)
        .filter((u) => u.active)
        .map((u) => u.accountId),
    ),
  ];
}

async function run(daysAhead: number): Promise<PolicyRun> {
  const outcome = await host.runScheduled(SCHEDULE, { at: new Date(Date.now() + daysAhead * DAY) });
  const body = JSON.parse(String((outcome.body as { body?: string }).body)) as {
    policies: PolicyRun;
  };
  return body.policies;
}

/** The policy reminders mailed since `since`: their recipients and subjects. */
function reminders(since: number) {
  return mailsSince(host, since).filter((mail) => mail.subject.includes(PAGE_TITLE));
}

hostPerTest((started) => {
  host = started;
  jest.spyOn(console, 'log').mockImplementation(() => undefined);
});

async function namePolicy(): Promise<void> {
  ({ rolloutId, pageId } = await approvedRolloutWithPolicy(host, PAGE_TITLE));
}

describe('reminding people who have not acknowledged a policy', () => {
  it('mails those who have not, in their language, once a cadence, up to the cap', async () => {
    await namePolicy();
    const reader = accountIdOf(host, 'employee');
    await ok(call(onPage(), 'employee', 'policy/acknowledge', { rolloutId, pageId }));
    const since = outboxSize(host);

    // Not yet: the page was named today.
    expect(await run(POLICY_REMINDER_DAYS - 1)).toMatchObject({ started: 0, reminded: 0 });
    expect(reminders(since)).toEqual([]);

    const first = await run(POLICY_REMINDER_DAYS);
    const expected = askedPeople().filter((id) => id !== reader);
    expect(first).toMatchObject({ started: 1, reminded: expected.length, complete: true });
    const mails = reminders(since);
    expect(mails.flatMap((m) => m.to).sort()).toEqual([...expected].sort());
    // One e-mail per language: Nathan Roux reads French, Emily Carter English.
    const french = mails.find((m) => m.to.includes('rc-demo-user-nathan-roux'));
    const english = mails.find((m) => m.to.includes('rc-demo-user-emily-carter'));
    expect(french?.subject).toBe(
      `Rappel : merci de lire et de confirmer la lecture de ${PAGE_TITLE}`,
    );
    expect(english?.subject).toBe(`Reminder: please read and acknowledge ${PAGE_TITLE}`);
    expect(english?.textBody).toContain(`Reminder 1 of ${String(POLICY_REMINDERS_MAX)}.`);
    // One call per language and page of a group's members: Sales in two, Finance in French.
    expect(mails).toHaveLength(3);

    // The same day again, and until the cadence has passed: nothing more.
    expect(await run(POLICY_REMINDER_DAYS)).toMatchObject({ started: 0, reminded: 0 });
    expect(await run(2 * POLICY_REMINDER_DAYS - 1)).toMatchObject({ started: 0 });
    expect(reminders(since)).toHaveLength(3);

    // Someone who acknowledges in between is not reminded again.
    const [late] = expected;
    if (!late) throw new Error('nobody to remind');
    await ok(call(onPage(), late, 'policy/acknowledge', { rolloutId, pageId }));
    const sinceSecond = outboxSize(host);
    expect(await run(2 * POLICY_REMINDER_DAYS)).toMatchObject({
      started: 1,
      reminded: expected.length - 1,
    });
    expect(reminders(sinceSecond).flatMap((m) => m.to)).not.toContain(late);

    const sinceThird = outboxSize(host);
    expect(await run(3 * POLICY_REMINDER_DAYS)).toMatchObject({ started: 1 });
    const last = reminders(sinceThird).find((m) => m.to.includes('rc-demo-user-emily-carter'));
    expect(last?.textBody).toContain(
      `This is the last reminder (3 of ${String(POLICY_REMINDERS_MAX)}).`,
    );
    // The cap holds.
    const capped = outboxSize(host);
    expect(await run(10 * POLICY_REMINDER_DAYS)).toMatchObject({ started: 0, reminded: 0 });
    expect(reminders(capped)).toEqual([]);
  });

  it('sends each person one reminder when two runs race', async () => {
    await namePolicy();
    const since = outboxSize(host);
    const [a, b] = await Promise.all([run(POLICY_REMINDER_DAYS), run(POLICY_REMINDER_DAYS)]);
    expect(a.started + b.started).toBe(1);
    const to = reminders(since).flatMap((m) => m.to);
    expect(to.sort()).toEqual(askedPeople().sort());
    expect(a.reminded + b.reminded).toBe(to.length);
  });

  it('stops at its budget of member pages and resumes the next day, mailing nobody twice', async () => {
    const crowd = addPeople(host, POLICY_MEMBER_PAGES_PER_RUN * 50 + 20, 'rc-test-crowd');
    for (const accountId of crowd) host.products.jira.users.addGroupMember('sales-team', accountId);
    await namePolicy();
    const since = outboxSize(host);

    const first = await run(POLICY_REMINDER_DAYS);
    expect(first).toMatchObject({ started: 1, complete: false });
    expect(first.reminded).toBeLessThanOrEqual(POLICY_MEMBER_PAGES_PER_RUN * 50);
    const second = await run(POLICY_REMINDER_DAYS + 1);
    expect(second).toMatchObject({ started: 0, complete: true });
    const to = reminders(since).flatMap((m) => m.to);
    expect(new Set(to).size).toBe(to.length);
    expect(to.sort()).toEqual(askedPeople().sort());
    expect(first.reminded + second.reminded).toBe(to.length);
    // Done: a third run sends nothing until the cadence.
    expect(await run(POLICY_REMINDER_DAYS + 2)).toMatchObject({ started: 0, reminded: 0 });
  });

  it('mails someone in two groups once when the second is reached the next day', async () => {
    // Sales is reached first (its department id sorts first), then Finance: a crowd in Sales
    // larger than a run leaves Finance to the next day.
    expect(demoDepartment('Sales') < demoDepartment('Finance')).toBe(true);
    const crowd = addPeople(host, POLICY_MEMBER_PAGES_PER_RUN * 50 + 20, 'rc-test-crowd');
    const users = host.products.jira.users;
    for (const accountId of crowd) users.addGroupMember('sales-team', accountId);
    // Nathan Roux is on Sales' first page of members; he joins Finance too.
    const both = 'rc-demo-user-nathan-roux';
    users.addGroupMember('finance-team', both);
    await namePolicy();
    const since = outboxSize(host);

    const first = await run(POLICY_REMINDER_DAYS);
    expect(first).toMatchObject({ started: 1, complete: false });
    expect(reminders(since).flatMap((m) => m.to)).toContain(both);
    const sinceSecond = outboxSize(host);
    expect(await run(POLICY_REMINDER_DAYS + 1)).toMatchObject({ started: 0, complete: true });
    const second = reminders(sinceSecond).flatMap((m) => m.to);
    // Finance was reached (its other people were mailed), but not Nathan Roux again.
    expect(second).toContain('rc-demo-user-chloe-dubois');
    expect(second).not.toContain(both);
    const to = reminders(since).flatMap((m) => m.to);
    expect(new Set(to).size).toBe(to.length);
    expect(to.sort()).toEqual(askedPeople().sort());

    // The next reminder, a cadence later, is his again: once.
    const sinceNext = outboxSize(host);
    await run(2 * POLICY_REMINDER_DAYS);
    await run(2 * POLICY_REMINDER_DAYS + 1);
    const next = reminders(sinceNext).flatMap((m) => m.to);
    expect(next.filter((id) => id === both)).toHaveLength(1);
  });
});

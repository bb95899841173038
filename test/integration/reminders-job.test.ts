/**
 * The daily reminder job (`scheduledTrigger` approval-reminders) through the local host: days
 * pass by backdating what the resolvers stored (through the real `@forge/kvs`), then the host runs
 * the trigger as the platform would. Cadence, the maximum, 24 h between reminders, languages,
 * delegates, repeated and concurrent runs, Jira throttling and the time budget.
 */
import { kvs } from '@forge/kvs';
import type { LocalHost } from '../../local/host';
import type { Approval } from '../../src/domain/approvals';
import type { AuditEvent } from '../../src/domain/audit';
import type { Rollout } from '../../src/domain/rollout';
import { productionPorts } from '../../src/wiring';
import { approvalRepository } from '../../src/storage/approvals';
import { rolloutRepository } from '../../src/storage/rollouts';
import { runReminders, type ReminderReport } from '../../src/app/reminders';
import { accountIdOf, adminPage, call, memoryHost, ok } from '../support/host';
import {
  ISSUE,
  decideAs,
  mailsSince,
  makeRollout,
  outboxSize,
  requestApproval,
  type PlannedDepartment,
} from '../support/rollouts';
import { storageClient } from '../../src/storage/client';

/** Storage as the app's repositories reach it (retried within a resolver's time). */
const storage = storageClient(() => 25_000);

const SCHEDULE = 'approval-reminders';
const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

let host: LocalHost;
let id: (persona: string) => string;

beforeEach(async () => {
  host = await memoryHost();
  id = (persona) => accountIdOf(host, persona);
  // Each run logs its counts, as in production; the tests read the report instead.
  jest.spyOn(console, 'log').mockImplementation(() => undefined);
});

afterEach(async () => {
  jest.restoreAllMocks();
  await host.close();
});

const ago = (ms: number): string => new Date(Date.now() - ms).toISOString();

async function rollout(issueKey: string = ISSUE): Promise<Rollout> {
  const issue = host.products.jira.issues.getIssue(issueKey);
  const found = await rolloutRepository(storage).findByIssue(String(issue?.id));
  if (!found) throw new Error(`${issueKey} is not a rollout`);
  return found;
}

async function round(): Promise<Approval[]> {
  const current = await rollout();
  const approvals = await approvalRepository(storage).listRound(current.id, current.round);
  return approvals.sort((a, b) => a.departmentName.localeCompare(b.departmentName));
}

/** Days pass: the round was requested `ms` ago. */
async function requestedAgo(ms: number): Promise<void> {
  const current = await rollout();
  await kvs.entity<Rollout>('rollout').set(current.id, { ...current, roundRequestedAt: ago(ms) });
}

/** Days pass since the last reminders: every reminded approval was reminded `ms` ago. */
async function remindedAgo(ms: number): Promise<void> {
  for (const approval of await round()) {
    if (approval.lastRemindedAt) {
      await kvs
        .entity<Approval>('approval')
        .set(approval.id, { ...approval, lastRemindedAt: ago(ms) });
    }
  }
}

async function runJob(): Promise<ReminderReport> {
  const outcome = await host.runScheduled(SCHEDULE);
  const answer = outcome.body as { statusCode: number; body: string };
  expect(answer.statusCode).toBe(200);
  return JSON.parse(answer.body) as ReminderReport;
}

async function events(type: AuditEvent['type']): Promise<AuditEvent[]> {
  const current = await rollout();
  const page = await kvs
    .entity<AuditEvent>('approval-event')
    .query()
    .index('by-rollout', { partition: [current.id] })
    .limit(100)
    .getMany();
  return page.results.map((row) => row.value).filter((event) => event.type === type);
}

async function setCadence(reminderCadenceDays: number, maxReminders = 3): Promise<void> {
  const current = await ok(call(adminPage(host), 'admin', 'settings/get', {}));
  await ok(
    call(adminPage(host), 'admin', 'settings/update', {
      reminderCadenceDays,
      maxReminders,
      allowSelfApproval: false,
      version: current.version,
    }),
  );
}

function reminderMails(since: number) {
  return mailsSince(host, since).filter((mail) => /^(Reminder|Rappel)/u.test(mail.subject));
}

describe('the daily reminder job', () => {
  it('reminds nobody before the cadence (2 days by default) has passed', async () => {
    await makeRollout(host);
    await requestApproval(host);
    const before = outboxSize(host);
    await requestedAgo(DAY + HOUR);
    expect(await runJob()).toEqual({
      rollouts: 1,
      reminded: 0,
      skipped: 0,
      mailFailures: 0,
      failedRollouts: 0,
      complete: true,
      problems: { reminded: 0, escalated: 0, skipped: 0, mailFailures: 0, complete: true },
      attendance: {
        rollouts: 0,
        flagged: 0,
        mailFailures: 0,
        failedRollouts: 0,
        trainedDeferred: 0,
        complete: true,
      },
      policies: {
        rollouts: 0,
        started: 0,
        reminded: 0,
        skipped: 0,
        mailFailures: 0,
        failedRollouts: 0,
        complete: true,
      },
      pulseIndex: { rollouts: 1, indexed: 0, done: true },
    });
    expect(outboxSize(host)).toBe(before);
  });

  it('reminds each waiting approver, with their stand-in, in their language, and records it', async () => {
    await makeRollout(host);
    await requestApproval(host);
    await decideAs(host, 'head-operations', 'Operations', 'approved');
    await requestedAgo(2 * DAY + HOUR);
    const before = outboxSize(host);

    const report = await runJob();
    expect(report).toMatchObject({ rollouts: 1, reminded: 3, skipped: 0, mailFailures: 0 });

    const mails = reminderMails(before);
    expect(mails.map((mail) => [mail.subject, mail.to])).toEqual(
      expect.arrayContaining([
        [
          'Rappel : validation en attente pour Roll out the new CRM',
          [id('head-finance'), id('delegate-finance')].sort(),
        ],
        ['Rappel : validation en attente pour Roll out the new CRM', [id('head-sales')]],
        ['Reminder: approval waiting for Roll out the new CRM', [id('head-support')]],
      ]),
    );
    expect(mails).toHaveLength(3);
    const finance = mails.find((mail) => mail.to.includes(id('delegate-finance')));
    expect(finance?.textBody).toContain(
      'La validation du service Finance (Élodie Lefèvre) pour le déploiement « Roll out the new CRM » (ROLL-1)',
    );
    expect(finance?.textBody).toContain('Rappel 1 sur 3.');
    const support = mails.find((mail) => mail.to.includes(id('head-support')));
    expect(support?.htmlBody).toContain(
      '<p>The approval of Customer Support (Daniel Okafor) for the rollout &quot;Roll out the new CRM&quot; (ROLL-1)',
    );

    const stored = await round();
    expect(stored.map((a) => [a.departmentName, a.remindersSent, a.lastRemindedAt !== ''])).toEqual(
      [
        ['Customer Support', 1, true],
        ['Finance', 1, true],
        ['Operations', 0, false],
        ['Sales', 1, true],
      ],
    );
    const reminded = await events('reminded');
    // Sent by the app (no actor), for a department; the detail is the reminder's number.
    expect(
      reminded.map((e) => [e.departmentName, e.detail, e.actorAccountId, e.onBehalfOfAccountId]),
    ).toEqual(
      expect.arrayContaining([
        ['Customer Support', '1', '', ''],
        ['Finance', '1', '', ''],
        ['Sales', '1', '', ''],
      ]),
    );
    expect(reminded).toHaveLength(3);
  });

  it('sends nothing twice: not on a second run the same day, nor on concurrent runs', async () => {
    await makeRollout(host);
    await requestApproval(host);
    await requestedAgo(3 * DAY);
    const before = outboxSize(host);

    const [first, second] = await Promise.all([runJob(), runJob()]);
    expect(first.reminded + second.reminded).toBe(4);
    expect(reminderMails(before)).toHaveLength(4);

    const third = await runJob();
    expect(third.reminded).toBe(0);
    expect(reminderMails(before)).toHaveLength(4);
    expect((await round()).map((a) => a.remindersSent)).toEqual([1, 1, 1, 1]);
    expect(await events('reminded')).toHaveLength(4);
  });

  it('skips a reminder another run claimed after this run read it (the conditional claim)', async () => {
    await makeRollout(host);
    await requestApproval(host);
    await requestedAgo(3 * DAY);
    const before = outboxSize(host);
    const current = await rollout();
    const readBeforeTheOtherRun = await approvalRepository(storage).listRound(
      current.id,
      current.round,
    );
    expect((await runJob()).reminded).toBe(4);

    const ports = productionPorts(() => 50_000);
    const late = await runReminders({
      ...ports,
      approvals: { ...ports.approvals, listRound: () => Promise.resolve(readBeforeTheOtherRun) },
    });
    expect(late).toMatchObject({ rollouts: 1, reminded: 0, skipped: 4 });
    expect(reminderMails(before)).toHaveLength(4);
    expect(await events('reminded')).toHaveLength(4);
  });

  it('keeps the cadence between reminders and stops after the maximum (3)', async () => {
    await makeRollout(host, { departments: [{ department: 'Sales' }] });
    await requestApproval(host);
    await requestedAgo(10 * DAY);
    const before = outboxSize(host);

    expect((await runJob()).reminded).toBe(1);
    await remindedAgo(DAY + HOUR); // one day later: the cadence is 2 days
    expect((await runJob()).reminded).toBe(0);
    for (let n = 0; n < 4; n += 1) {
      await remindedAgo(2 * DAY + HOUR);
      await runJob();
    }
    expect((await round()).map((a) => a.remindersSent)).toEqual([3]);
    const mails = reminderMails(before);
    expect(mails).toHaveLength(3);
    expect(mails[2]?.textBody).toContain('C’est le dernier rappel (3 sur 3).');
  });

  it('follows the admin’s settings, and never reminds twice within 24 h', async () => {
    await setCadence(5, 1);
    await makeRollout(host, { departments: [{ department: 'Customer Support' }] });
    await requestApproval(host);
    await requestedAgo(4 * DAY);
    expect((await runJob()).reminded).toBe(0);
    await requestedAgo(5 * DAY + HOUR);
    expect((await runJob()).reminded).toBe(1);
    await remindedAgo(6 * DAY);
    expect((await runJob()).reminded).toBe(0); // the maximum is 1

    await setCadence(1, 3);
    await remindedAgo(23 * HOUR);
    expect((await runJob()).reminded).toBe(0);
    await remindedAgo(25 * HOUR);
    expect((await runJob()).reminded).toBe(1);
  });

  it('reminds only the open stage, counting from when that stage opened', async () => {
    const staged: PlannedDepartment[] = [
      { department: 'Finance', stage: 1 },
      { department: 'Sales', stage: 2 },
      { department: 'Customer Support', stage: 2 },
    ];
    await makeRollout(host, { departments: staged });
    await requestApproval(host);
    await requestedAgo(10 * DAY);
    await decideAs(host, 'head-finance', 'Finance', 'approved');
    const before = outboxSize(host);
    // Stage 2 opened just now (when Finance approved), whatever the round's age.
    expect((await runJob()).reminded).toBe(0);

    const finance = (await round()).find((a) => a.departmentName === 'Finance');
    if (!finance) throw new Error('no Finance approval');
    await kvs.entity<Approval>('approval').set(finance.id, { ...finance, decidedAt: ago(3 * DAY) });
    expect((await runJob()).reminded).toBe(2);
    expect(
      reminderMails(before)
        .flatMap((mail) => mail.to)
        .sort(),
    ).toEqual([id('head-sales'), id('head-support')].sort());
  });

  it('leaves rollouts that are not awaiting approval alone', async () => {
    await makeRollout(host, { departments: [{ department: 'Sales' }, { department: 'Finance' }] });
    await requestApproval(host);
    await decideAs(host, 'head-sales', 'Sales', 'changes-requested', 'Il manque le budget');
    await requestedAgo(5 * DAY);
    expect(await runJob()).toMatchObject({ rollouts: 0, reminded: 0 });
  });

  it('honours Jira’s Retry-After on notify and still sends once', async () => {
    await makeRollout(host, { departments: [{ department: 'Sales' }] });
    await requestApproval(host);
    await requestedAgo(3 * DAY);
    const before = outboxSize(host);
    host.products.faults.add({
      pathPattern: '/notify$',
      kind: 'status429',
      retryAfterSeconds: 1,
      times: 1,
    });
    host.products.resetStats();
    const started = Date.now();
    expect(await runJob()).toMatchObject({ reminded: 1, mailFailures: 0 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(host.products.stats.byRoute['POST /rest/api/3/issue/{issueIdOrKey}/notify']).toBe(2);
    expect(reminderMails(before)).toHaveLength(1);
  });

  it('counts a reminder whose e-mail Jira keeps refusing, and does not send it again', async () => {
    await makeRollout(host, { departments: [{ department: 'Sales' }] });
    await requestApproval(host);
    await requestedAgo(3 * DAY);
    jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    host.products.faults.add({ pathPattern: '/notify$', kind: 'status500', retryAfterSeconds: 0 });
    expect(await runJob()).toMatchObject({ reminded: 1, mailFailures: 1 });
    host.products.faults.clear();
    expect(await runJob()).toMatchObject({ reminded: 0 });
  });

  it('stops with a margin before its time limit and lets the next run continue', async () => {
    await makeRollout(host, { departments: [{ department: 'Sales' }] });
    await requestApproval(host);
    await requestedAgo(3 * DAY);
    const before = outboxSize(host);

    const outOfTime = await runReminders(productionPorts(() => 14_000));
    expect(outOfTime).toMatchObject({ rollouts: 0, reminded: 0, complete: false });
    expect(outboxSize(host)).toBe(before);

    // Time runs out after the first rollout has been read: it is left for the next run.
    let left = 24_000;
    const partial = await runReminders({
      ...productionPorts(() => 25_000),
      remainingMs: () => (left -= 3_000),
    });
    expect(partial).toMatchObject({ rollouts: 1, reminded: 0, complete: false });

    expect(await runJob()).toMatchObject({ rollouts: 1, reminded: 1, complete: true });
    expect(reminderMails(before)).toHaveLength(1);
  });

  it('pages through many rollouts within one run', async () => {
    const before = outboxSize(host);
    for (let n = 0; n < 3; n += 1) {
      const key = host.products.jira.issues.createIssue({
        projectKey: 'ROLL',
        issueType: 'Epic',
        summary: `Rollout ${n}`,
      }).key;
      await makeRollout(host, {
        issueKey: key,
        title: `Rollout ${n}`,
        requestId: `00000000-0000-4000-8000-00000000095${n}`,
        departments: [{ department: 'Sales' }],
      });
      await requestApproval(host, key);
      const stored = await rollout(key);
      await kvs
        .entity<Rollout>('rollout')
        .set(stored.id, { ...stored, roundRequestedAt: ago(3 * DAY) });
    }
    expect(await runJob()).toMatchObject({ rollouts: 3, reminded: 3, complete: true });
    expect(
      reminderMails(before)
        .map((mail) => mail.subject)
        .sort(),
    ).toEqual([
      'Rappel : validation en attente pour Rollout 0',
      'Rappel : validation en attente pour Rollout 1',
      'Rappel : validation en attente pour Rollout 2',
    ]);
  });
});

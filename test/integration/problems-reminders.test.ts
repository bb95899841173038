/**
 * Unacknowledged problems in the daily job (scheduledTrigger approval-reminders) through the
 * local host: days pass by backdating the stored problem; the coordinator is reminded after the
 * admin's cadence, the department's head after as many days again, each once, in their language;
 * a second run sends nothing twice.
 */
import type { LocalHost } from '../../local/host';
import { accountIdOf, adminPage, call, hostPerTest, ok, reportOf } from '../support/host';
import { issuePanel, mailsSince, makeRollout, outboxSize, uuid } from '../support/rollouts';
import { raised, rewriteProblem, storedProblem } from '../support/problems';

const SCHEDULE = 'approval-reminders';
const DAY = 24 * 60 * 60 * 1000;
const ago = (ms: number): string => new Date(Date.now() - ms).toISOString();

let host: LocalHost;
let id: (persona: string) => string;

hostPerTest(async (started) => {
  host = started;
  id = (persona) => accountIdOf(host, persona);
  jest.spyOn(console, 'log').mockImplementation(() => undefined);
  await makeRollout(host);
});

async function run(): Promise<{ reminded: number; escalated: number; skipped: number }> {
  const report = reportOf(await host.runScheduled(SCHEDULE)) as {
    problems: { reminded: number; escalated: number; skipped: number };
  };
  return report.problems;
}

describe('a problem nobody acknowledges', () => {
  it('reminds the coordinator after the cadence, then escalates to the head, each once', async () => {
    const problem = await raised(host, 'employee', { severity: 'low' });
    await host.events.drain();
    const since = outboxSize(host);

    await rewriteProblem(problem.id, { raisedAt: ago(1 * DAY) });
    expect(await run()).toMatchObject({ reminded: 0, escalated: 0 });

    await rewriteProblem(problem.id, { raisedAt: ago(2 * DAY + 1000) });
    expect(await run()).toMatchObject({ reminded: 1, escalated: 0 });
    expect(await run()).toMatchObject({ reminded: 0, escalated: 0 });
    expect(mailsSince(host, since).map((m) => [m.to, m.subject])).toEqual([
      [
        [id('coordinator')],
        '[Roll out the new CRM] Problem ' +
          `${problem.issueKey} is still waiting: The CRM training slides show the old screens`,
      ],
    ]);

    await rewriteProblem(problem.id, { lastRemindedAt: ago(2 * DAY + 1000) });
    expect(await run()).toMatchObject({ reminded: 0, escalated: 1 });
    expect(await run()).toMatchObject({ reminded: 0, escalated: 0 });
    const escalation = mailsSince(host, since)[1];
    // Sophie Bernard heads Sales and reads French.
    expect(escalation?.to).toEqual([id('head-sales')]);
    expect(escalation?.subject).toMatch(
      /^\[Roll out the new CRM\] Le problème ROLL-\d+ attend depuis le /u,
    );
    expect(await storedProblem(problem.id)).toMatchObject({ remindersSent: 1 });
    expect((await storedProblem(problem.id))?.escalatedAt).not.toBe('');
    expect(mailsSince(host, since)).toHaveLength(2);
  });

  it('sends nothing for a problem acknowledged in time, and follows the admin cadence', async () => {
    await ok(
      call(adminPage(host), 'admin', 'settings/update', {
        reminderCadenceDays: 2,
        maxReminders: 3,
        allowSelfApproval: false,
        problemReminderDays: 5,
        version: 0,
      }),
    );
    const quiet = await raised(host, 'employee', { requestId: uuid(7301) });
    const acknowledged = await raised(host, 'employee', { requestId: uuid(7302) });
    await host.events.drain();
    await ok(
      call(issuePanel(host), 'coordinator', 'problems/acknowledge', {
        problemId: acknowledged.id,
        version: acknowledged.version,
      }),
    );
    await rewriteProblem(quiet.id, { raisedAt: ago(3 * DAY) });
    await rewriteProblem(acknowledged.id, { raisedAt: ago(10 * DAY) });
    const since = outboxSize(host);
    expect(await run()).toMatchObject({ reminded: 0, escalated: 0 });
    await rewriteProblem(quiet.id, { raisedAt: ago(5 * DAY + 1000) });
    expect(await run()).toMatchObject({ reminded: 1 });
    expect(mailsSince(host, since).map((m) => m.to)).toEqual([[id('coordinator')]]);
  });

  it('sends each reminder once when two runs race', async () => {
    const problem = await raised(host, 'employee');
    await host.events.drain();
    await rewriteProblem(problem.id, { raisedAt: ago(3 * DAY) });
    const since = outboxSize(host);
    const [a, b] = await Promise.all([run(), run()]);
    expect(a.reminded + b.reminded).toBe(1);
    expect(mailsSince(host, since)).toHaveLength(1);
  });
});

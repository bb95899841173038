/**
 * Policy reminders in the daily job: REST and storage calls of the policy round in one run of the
 * scheduled trigger when a reminder is due, as the asked groups grow. A run reads at most
 * POLICY_MEMBER_PAGES_PER_RUN pages of members and resumes the next day, so its calls must stay
 * within absolute budgets (judged) whatever the number of people asked. The round's calls are the
 * run's minus those of a run the day before, when nothing is due (the other rounds: the same
 * work both days). Times are printed only.
 */
import { startLocalHost, type LocalHost } from '../local/host';
import { POLICY_MEMBER_PAGES_PER_RUN } from '../src/app/policy-reminders';
import { POLICY_REMINDER_DAYS } from '../src/domain/policy';
import { approvedRolloutWithPolicy } from '../test/support/policies';
import { addPeople } from '../test/support/rollouts';
import { runAlone, table } from './measure';

/** People added to Sales' group, on top of the demo company's asked. */
const SIZES = [0, 500, 3000];
const DAY = 24 * 60 * 60 * 1000;
/**
 * Per page of members: its read, a user look-up and a notify call per language (2); plus a few
 * for the reminder's start.
 */
export const POLICY_RUN_REST_BUDGET = POLICY_MEMBER_PAGES_PER_RUN * 4 + 5;
/**
 * Per page of members (50 people): 2 acknowledgement reads, 2 reads and 2 writes of the people's
 * reminder claims (batches of 25; decision 0055) and the step's claim; plus the record and the
 * start.
 */
export const POLICY_RUN_STORAGE_BUDGET = POLICY_MEMBER_PAGES_PER_RUN * 7 + 5;

/** The active members of the groups the policy asks (the demo's Sales and Finance). */
function asked(host: LocalHost): number {
  const users = host.products.jira.users;
  const ids = ['sales-team', 'finance-team'].flatMap((name) =>
    users.groupMembers(users.getGroup(name)?.groupId ?? ''),
  );
  return new Set(
    users
      .getUsers(ids)
      .filter((user) => user.active)
      .map((u) => u.accountId),
  ).size;
}

export async function benchPolicyReminders(): Promise<{ report: string; ok: boolean }> {
  const rows: (string | number)[][] = [];
  let ok = true;
  for (const size of SIZES) {
    const host = await startLocalHost({ memory: true });
    try {
      const crowd = addPeople(host, size, 'rc-bench-crowd');
      for (const id of crowd) host.products.jira.users.addGroupMember('sales-team', id);
      await approvedRolloutWithPolicy(host, 'Expense policy');
      const runAt = (days: number) =>
        host.runScheduled('approval-reminders', { at: new Date(Date.now() + days * DAY) });
      // A first run does the one-time work (the pulse rows' backfill), so the two compared do not.
      await runAt(0);
      const quiet = await runAt(POLICY_REMINDER_DAYS - 1);
      const outcome = await runAt(POLICY_REMINDER_DAYS);
      const body = JSON.parse(String((outcome.body as { body?: string }).body)) as {
        policies?: { reminded: number; complete: boolean };
      };
      const product = outcome.counters.product - quiet.counters.product;
      const storage = outcome.counters.storage - quiet.counters.storage;
      const within = product <= POLICY_RUN_REST_BUDGET && storage <= POLICY_RUN_STORAGE_BUDGET;
      const ran = body.policies !== undefined && body.policies.reminded > 0;
      ok &&= within && ran;
      rows.push([
        asked(host),
        body.policies?.reminded ?? 'no report',
        body.policies?.complete === true ? 'yes' : 'no',
        `${String(product)} / ${String(POLICY_RUN_REST_BUDGET)}`,
        `${String(storage)} / ${String(POLICY_RUN_STORAGE_BUDGET)}`,
        Math.round(outcome.ms),
        within ? (ran ? 'ok' : 'NOT RUN') : 'OVER BUDGET',
      ]);
    } finally {
      await host.close();
    }
  }
  return {
    report: [
      'Policy reminders: one daily run with a reminder due (calls per run / budget, ms)',
      table(['people asked', 'reminded', 'complete', 'REST', 'storage', 'ms', 'budget'], rows),
    ].join('\n'),
    ok,
  };
}

if (require.main === module) runAlone(benchPolicyReminders);

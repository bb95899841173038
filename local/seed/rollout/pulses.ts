/**
 * The readiness pulses: colleagues in Sales and Finance answer two pulses, so the readiness trend
 * shows, and the head of Sales checks in.
 */
import type { LocalHost } from '../../host';
import type { PayloadIn } from '../../../src/contract';
import { DEPARTMENT_GROUPS } from '../jira';
import { act, type Envelope, onIssue, ROLLOUT_PANEL } from './act';
import { dayFrom, departmentId, id } from './plan';
import type { DemoRollout } from './work';

/** Fixed ids of the seeded pulses (their requests). */
const PULSE_IDS = { earlier: id(41), current: id(42) } as const;

type Scores = PayloadIn<'pulses/answer'>['scores'];

/**
 * One answer's five ADKAR scores, written as five digits in the model's order: awareness,
 * desire, knowledge, ability, reinforcement ('43223' is 4, 3, 2, 2, 3).
 */
function scores(digits: string): Scores {
  const [awareness, desire, knowledge, ability, reinforcement] = digits.split('').map(Number);
  if (
    digits.length !== 5 ||
    awareness === undefined ||
    desire === undefined ||
    knowledge === undefined ||
    ability === undefined ||
    reinforcement === undefined
  ) {
    throw new Error(`Seeding: "${digits}" is not five scores`);
  }
  return { awareness, desire, knowledge, ability, reinforcement };
}

/** Each pulse's answers, five per department, in the order its colleagues answer. */
const ANSWERS: Record<keyof typeof PULSE_IDS, { sales: string[]; finance: string[] }> = {
  earlier: {
    sales: ['43223', '44233', '33223', '54334', '43223'],
    finance: ['44333', '54334', '44233', '43333', '54324'],
  },
  current: {
    sales: ['44233', '54334', '44234', '54333', '44334'],
    finance: ['54444', '55444', '44434', '54445', '44344'],
  },
};

/**
 * Five active members of a department's Jira group (an answer counts for the department whose
 * group holds the answerer): colleagues first, then the head; never the employee persona, who
 * can still answer the open pulse on `npm start`.
 */
function groupAnswerers(host: LocalHost, group: string): string[] {
  const personas = new Set(host.personas.map((persona) => persona.accountId));
  const active = new Set(
    host.products.jira.users
      .listUsers()
      .filter((user) => user.active)
      .map((user) => user.accountId),
  );
  const members = (DEPARTMENT_GROUPS[group] ?? []).filter(
    (id) => active.has(id) && id !== host.persona('employee')?.accountId,
  );
  const chosen = [
    ...members.filter((id) => !personas.has(id)),
    ...members.filter((id) => personas.has(id)),
  ].slice(0, 5);
  if (chosen.length < 5) throw new Error(`Seeding: too few members of ${group} to answer`);
  return chosen;
}

/**
 * Two pulses, so the readiness trend shows: one over the last two weeks (answered before the
 * past week's snapshots, so they carry its readiness; closed today), and one open this week.
 * Five members of each of Sales' and Finance's Jira groups answer each; Sales keeps Knowledge as
 * its barrier, Finance gets past it. The head of Sales checks in.
 */
export async function seedPulses(
  host: LocalHost,
  rollout: DemoRollout,
  today: Date,
  which: 'earlier' | 'current',
): Promise<void> {
  const panel = onIssue(host, ROLLOUT_PANEL, rollout.anchorKey);
  const colleagues = [
    ...groupAnswerers(host, 'sales-team'),
    ...groupAnswerers(host, 'finance-team'),
  ];
  const sales = departmentId('Sales');
  const finance = departmentId('Finance');
  const periods = {
    earlier: { from: dayFrom(today, -13), to: dayFrom(today, 0) },
    current: { from: dayFrom(today, 0), to: dayFrom(today, 6) },
  };
  if (which === 'current') {
    const listed = await act(host, panel, 'coordinator', 'pulses/load', {});
    const earlier = listed.pulses.find((p) => p.id === PULSE_IDS.earlier);
    await act(host, panel, 'coordinator', 'pulses/close', {
      pulseId: PULSE_IDS.earlier,
      version: earlier?.version ?? 1,
    });
  }
  {
    const opened = await act(host, panel, 'coordinator', 'pulses/open', {
      requestId: PULSE_IDS[which],
      ...periods[which],
      departmentIds: [sales, finance],
    });
    for (const [i, accountId] of colleagues.entries()) {
      const inSales = i < 5;
      const given = (inSales ? ANSWERS[which].sales : ANSWERS[which].finance)[i % 5];
      if (given === undefined) continue;
      // A colleague is no persona: the platform calls for them by account id.
      const outcome = await host.functions.invokeResolver({
        ...panel,
        functionKey: 'pulses/answer',
        accountId,
        payload: {
          pulseId: PULSE_IDS[which],
          departmentId: inSales ? sales : finance,
          role: i % 5 === 4 ? 'manager' : 'employee',
          scores: scores(given),
          comment: i === 0 ? 'The quick-start guide skips the mileage form.' : '',
        },
      });
      if ((outcome.body as Envelope<unknown> | undefined)?.ok !== true) {
        throw new Error('Seeding the rollout in progress: a pulse answer failed');
      }
    }
    if (!opened.pulses.some((p) => p.id === PULSE_IDS[which])) {
      throw new Error('Seeding: a pulse did not open');
    }
  }
  if (which === 'earlier') return;
  await act(host, panel, 'head-sales', 'pulses/checkIn', {
    requestId: id(43),
    departmentId: sales,
    rating: 2,
    note: 'The team still struggles with the new receipt flow; more hands-on practice would help.',
  });
}

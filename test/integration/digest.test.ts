/**
 * The weekly digest (`scheduledTrigger` weekly-digest) through the local host: the host runs the
 * trigger on a given day as the platform would, and Jira's outbox on the host shows the e-mails.
 * Recipients and languages, content, the chosen weekday and turning it off, opting out, and
 * nothing sent twice in a week.
 */
import type { LocalHost } from '../../local/host';
import type { DigestReport } from '../../src/app/digest';
import { accountIdOf, call, memoryHost, ok } from '../support/host';
import {
  ISSUE,
  addDepartments,
  addPeople,
  decideAs,
  issuePanel,
  mailsSince,
  makeRollout,
  outboxSize,
  requestApproval,
} from '../support/rollouts';

const SCHEDULE = 'weekly-digest';
/** Mondays and a Wednesday of ISO weeks 2030-W10 and W11. */
const MONDAY = new Date('2030-03-04T06:00:00Z');
const WEDNESDAY = new Date('2030-03-06T06:00:00Z');
const NEXT_MONDAY = new Date('2030-03-11T06:00:00Z');

let host: LocalHost;
let id: (persona: string) => string;

beforeEach(async () => {
  host = await memoryHost();
  id = (persona) => accountIdOf(host, persona);
  jest.spyOn(console, 'log').mockImplementation(() => undefined);
});

afterEach(async () => {
  jest.restoreAllMocks();
  await host.close();
});

async function runDigest(at: Date): Promise<DigestReport> {
  const outcome = await host.runScheduled(SCHEDULE, { at });
  const answer = outcome.body as { statusCode: number; body: string };
  expect(answer.statusCode).toBe(200);
  return JSON.parse(answer.body) as DigestReport;
}

function digests(since: number) {
  return mailsSince(host, since).filter((mail) =>
    /^(Weekly digest|Résumé hebdomadaire)/u.test(mail.subject),
  );
}

async function saveDigest(
  as: string,
  settings: { enabled: boolean; weekday: number; sponsorAccountIds: string[] },
) {
  const current = await ok(call(issuePanel(host), as, 'digest/get', {}));
  return call(issuePanel(host), as, 'digest/update', { ...settings, version: current.version });
}

describe('the weekly digest', () => {
  it('e-mails each head once a week, in their language, with the rollout’s state', async () => {
    await makeRollout(host);
    await requestApproval(host);
    await decideAs(host, 'head-operations', 'Operations', 'approved');
    const before = outboxSize(host);

    const report = await runDigest(MONDAY);
    expect(report).toMatchObject({ rollouts: 1, due: 1, sent: 4, skipped: 0, mailFailures: 0 });
    const mails = digests(before);
    expect(mails.map((mail) => [mail.subject, mail.to])).toEqual(
      expect.arrayContaining([
        ['Résumé hebdomadaire : Roll out the new CRM', [id('head-finance')]],
        ['Résumé hebdomadaire : Roll out the new CRM', [id('head-sales')]],
        ['Weekly digest: Roll out the new CRM', [id('head-support')]],
        ['Weekly digest: Roll out the new CRM', [id('head-operations')]],
      ]),
    );
    expect(mails).toHaveLength(4);
    const support = mails.find((mail) => mail.to.includes(id('head-support')));
    expect(support?.textBody).toContain(
      'This week in the rollout "Roll out the new CRM" (ROLL-1).',
    );
    expect(support?.textBody).toMatch(/Status: (On track|At risk|Off track)\./u);
    expect(support?.textBody).toContain('3 approvals waiting: ');
    expect(support?.textBody).toContain('Your department, Customer Support: ');
    expect(support?.textBody).toContain('No problem is open.');
    expect(support?.textBody).toContain('Readiness (from the latest pulse, out of 5):');
    expect(support?.textBody).toContain('turn off "Weekly digest"');
    // Nobody saved the digest's settings: the links come from Jira's own address for the site.
    expect(support?.textBody).toMatch(/https?:\/\/\S+\/browse\/ROLL-1/u);
    const finance = mails.find((mail) => mail.to.includes(id('head-finance')));
    expect(finance?.textBody).toContain('Votre service, Finance : ');
    expect(finance?.textBody).toContain('3 validations en attente : ');
    expect(finance?.htmlBody).toContain(
      '<p>Cette semaine dans le déploiement « Roll out the new CRM » (ROLL-1).</p>',
    );
  });

  it('sends nothing twice in a week, even on concurrent runs, and again the next week', async () => {
    await makeRollout(host);
    await requestApproval(host);
    const before = outboxSize(host);
    const [first, second] = await Promise.all([runDigest(MONDAY), runDigest(MONDAY)]);
    expect(first.sent + second.sent).toBe(4);
    expect(first.skipped + second.skipped).toBe(4);
    const later = await runDigest(WEDNESDAY);
    expect(later).toMatchObject({ due: 1, sent: 0, skipped: 4 });
    expect(digests(before)).toHaveLength(4);

    const nextWeek = await runDigest(NEXT_MONDAY);
    expect(nextWeek).toMatchObject({ sent: 4, skipped: 0 });
    expect(digests(before)).toHaveLength(8);
  });

  it('follows the coordinator’s weekday, sponsors and off switch', async () => {
    await makeRollout(host);
    await requestApproval(host);
    const sponsor = id('employee');
    const saved = await ok(
      saveDigest('coordinator', { enabled: true, weekday: 3, sponsorAccountIds: [sponsor] }),
    );
    expect(saved).toMatchObject({ enabled: true, weekday: 3, canManage: true });
    expect(saved.sponsors.map((s) => s.accountId)).toEqual([sponsor]);

    const before = outboxSize(host);
    expect(await runDigest(MONDAY)).toMatchObject({ due: 0, sent: 0 });
    expect(await runDigest(WEDNESDAY)).toMatchObject({ due: 1, sent: 5 });
    const mails = digests(before);
    const toSponsor = mails.find((mail) => mail.to.includes(sponsor));
    // A sponsor (here a French reader) heads no department and does not read readiness (0021).
    expect(toSponsor?.subject).toBe('Résumé hebdomadaire : Roll out the new CRM');
    expect(toSponsor?.textBody).not.toContain('Votre service');
    expect(toSponsor?.textBody).not.toContain('Préparation');
    // Links into Jira and Confluence start at the site the coordinator's save saw.
    expect(toSponsor?.textBody).toMatch(/Dans Jira : https?:\/\/\S+\/browse\/ROLL-1/u);

    await ok(saveDigest('coordinator', { enabled: false, weekday: 3, sponsorAccountIds: [] }));
    expect(await runDigest(new Date('2030-03-13T06:00:00Z'))).toMatchObject({ due: 0, sent: 0 });
  });

  it('is offered on the Rollout panel only to those it concerns, said by the panel’s one load', async () => {
    await makeRollout(host);
    await requestApproval(host);
    const load = async (as: string) => {
      const view = await ok(call(issuePanel(host), as, 'rolloutPanel/load', {}));
      if (view.kind !== 'anchor') throw new Error('not the anchor');
      return view.digest;
    };
    expect(await load('coordinator')).toEqual({ isRecipient: false, canManage: true });
    expect(await load('head-sales')).toEqual({ isRecipient: true, canManage: false });
    expect(await load('employee')).toEqual({ isRecipient: false, canManage: false });
    await ok(
      saveDigest('coordinator', { enabled: true, weekday: 1, sponsorAccountIds: [id('employee')] }),
    );
    expect(await load('employee')).toEqual({ isRecipient: true, canManage: false });
  });

  it('lets only the coordinator change the digest, and refuses bad input', async () => {
    await makeRollout(host);
    const refused = await saveDigest('head-sales', {
      enabled: false,
      weekday: 2,
      sponsorAccountIds: [],
    });
    expect(refused.envelope).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const invalid = await saveDigest('coordinator', {
      enabled: true,
      weekday: 9,
      sponsorAccountIds: [],
    });
    expect(invalid.envelope).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  });

  it('leaves out a head who opted out, until they opt back in', async () => {
    await makeRollout(host);
    await requestApproval(host);
    const view = await ok(
      call(issuePanel(host), 'head-sales', 'digest/subscribe', { subscribed: false }),
    );
    expect(view).toMatchObject({ subscribed: false, isRecipient: true, canManage: false });
    // Opting out twice is the same as once.
    await ok(call(issuePanel(host), 'head-sales', 'digest/subscribe', { subscribed: false }));

    const before = outboxSize(host);
    expect(await runDigest(MONDAY)).toMatchObject({ sent: 3 });
    expect(digests(before).flatMap((mail) => mail.to)).not.toContain(id('head-sales'));

    await ok(call(issuePanel(host), 'head-sales', 'digest/subscribe', { subscribed: true }));
    expect(await runDigest(NEXT_MONDAY)).toMatchObject({ sent: 4 });
    expect(digests(before).flatMap((mail) => mail.to)).toContain(id('head-sales'));
  });

  it('costs one claim and one notify per recipient over a fixed set of reads, at 4 and 40 heads', async () => {
    await makeRollout(host);
    await requestApproval(host);
    const small = await host.runScheduled(SCHEDULE, { at: MONDAY });
    await host.close();

    host = await memoryHost();
    const heads = addPeople(host, 40, 'rc-digest-head');
    const departments = await addDepartments(heads);
    await makeRollout(host, { departments: departments.map((department) => ({ department })) });
    await requestApproval(host);
    const large = await host.runScheduled(SCHEDULE, { at: MONDAY });

    expect(JSON.parse((large.body as { body: string }).body)).toMatchObject({ sent: 40 });
    console.info(
      `weekly digest run: 4 heads ${JSON.stringify(small.counters)}, 40 heads ${JSON.stringify(large.counters)}`,
    );
    // Per extra recipient: its claim (storage) and its e-mail (Jira); nothing else grows.
    expect(large.counters.storage - small.counters.storage).toBe(36);
    expect(large.counters.product - small.counters.product).toBe(36);
  });

  it('tells nothing to someone who cannot browse the rollout', async () => {
    await makeRollout(host);
    const outcome = await call(issuePanel(host, ISSUE), 'outsider', 'digest/get', {});
    expect(outcome.envelope).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });
});

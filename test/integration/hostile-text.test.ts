/**
 * Control and invisible characters, through the local Forge host: refused with a message that
 * names the field, never stored, never sent to Jira or Confluence; look-alike department names
 * are the same name.
 */
import { kvs } from '@forge/kvs';
import type { LocalHost } from '../../local/host';
import type { Department } from '../../src/domain/departments';
import { accountIdOf, adminPage, call, memoryHost } from '../support/host';
import { approvalIn, issuePanel, makeRollout, requestApproval, uuid } from '../support/rollouts';
import { confluenceModule, strategyPayload } from '../support/strategy';

let host: LocalHost;

beforeEach(async () => {
  host = await memoryHost();
});

afterEach(async () => {
  await host.close();
});

async function departmentNames(): Promise<string[]> {
  const page = await kvs.entity<Department>('department').query().index('by-name').getMany();
  return page.results.map((row) => row.value.name).sort();
}

describe('department names', () => {
  it.each([
    ['a zero-width space', 'Sales\u200B'],
    ['a soft hyphen', 'Sal\u00ADes'],
    ['a right-to-left override', '\u202ESales'],
    ['a bidi isolate', '\u2067Sales\u2069'],
    ['a byte-order mark', '\uFEFFSales'],
  ])('with %s is the existing "Sales", not a second one', async (_what, name) => {
    const before = await departmentNames();
    const { envelope } = await call(adminPage(host), 'admin', 'directory/create', {
      requestId: uuid(300),
      name,
      headAccountId: accountIdOf(host, 'head-sales'),
    });
    expect(envelope).toMatchObject({
      ok: false,
      error: {
        code: 'VALIDATION',
        messageKey: 'errors.department.nameTaken',
        details: { fields: [{ path: 'name', messageKey: 'errors.department.nameTaken' }] },
      },
    });
    expect(await departmentNames()).toEqual(before);
  });

  it('is stored without its invisible characters', async () => {
    const { envelope } = await call(adminPage(host), 'admin', 'directory/create', {
      requestId: uuid(301),
      name: '\u200BLe\u00ADgal\u202C ',
      headAccountId: accountIdOf(host, 'head-sales'),
    });
    expect(envelope).toMatchObject({ ok: true, data: { name: 'Legal' } });
    expect(await departmentNames()).toContain('Legal');
  });

  it('refuses NUL and ESC, and a renamed department cannot take them either', async () => {
    for (const name of ['Le\u0000gal', '\u001B[31mLegal']) {
      const { envelope } = await call(adminPage(host), 'admin', 'directory/create', {
        requestId: uuid(302),
        name,
        headAccountId: accountIdOf(host, 'head-sales'),
      });
      expect(envelope).toMatchObject({
        ok: false,
        error: {
          code: 'VALIDATION',
          details: { fields: [{ path: 'name', messageKey: 'errors.text.controlSingleLine' }] },
        },
      });
    }
    expect(await departmentNames()).not.toContain('Legal');
  });
});

describe('strategy texts', () => {
  it('refuses NUL and ESC in titles, objectives and plan texts before anything reaches Jira or Confluence', async () => {
    const payload = strategyPayload();
    const [phase, ...phases] = payload.plan.phases;
    const [session, ...sessions] = payload.plan.sessions;
    if (!phase || !session) throw new Error('no plan');
    const issuesBefore = host.products.jira.issues.countIssues();
    const { envelope } = await call(confluenceModule(host), 'coordinator', 'strategy/create', {
      ...payload,
      title: 'New\u0000CRM',
      objective: 'Every team\u001B[2J works in it.\nSecond line\tis fine.',
      plan: {
        ...payload.plan,
        phases: [{ ...phase, name: 'Pi\u0007lot' }, ...phases],
        sessions: [{ ...session, title: 'Kick\u009Boff', audience: 'All\u0000' }, ...sessions],
      },
    });
    expect(envelope).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    const fields = envelope.ok ? [] : (envelope.error.details?.fields ?? []);
    expect(fields).toEqual(
      expect.arrayContaining([
        { path: 'title', messageKey: 'errors.text.controlSingleLine' },
        { path: 'objective', messageKey: 'errors.text.controlMultiline' },
        { path: 'plan.phases.0.name', messageKey: 'errors.text.controlSingleLine' },
        { path: 'plan.sessions.0.title', messageKey: 'errors.text.controlSingleLine' },
        { path: 'plan.sessions.0.audience', messageKey: 'errors.text.controlSingleLine' },
      ]),
    );
    expect(fields).toHaveLength(5);
    expect(await kvs.entity('rollout').get(payload.requestId)).toBeUndefined();
    expect(host.products.jira.issues.countIssues()).toBe(issuesBefore);
  });

  it('keeps line breaks and tabs in the objective, and strips a bidi override from the title', async () => {
    const payload = strategyPayload();
    const { envelope } = await call(confluenceModule(host), 'coordinator', 'strategy/create', {
      ...payload,
      title: '\u202ENew CRM\u200B',
      objective: 'First line\r\nSecond\tline',
    });
    expect(envelope).toMatchObject({
      ok: true,
      data: {
        rollout: { title: 'New CRM', objective: 'First line\nSecond\tline' },
        page: { title: 'Rollout strategy: New CRM' },
      },
    });
    expect(host.products.jira.issues.getIssue('ROLL-2')?.summary).toBe('New CRM');
  });
});

describe('decision comments', () => {
  it('refuse control characters and keep nothing of the decision', async () => {
    await makeRollout(host);
    const view = await requestApproval(host);
    const finance = approvalIn(view, 'Finance');
    const { envelope } = await call(issuePanel(host), 'head-finance', 'approvals/decide', {
      approvalId: finance.id,
      version: finance.version,
      decision: 'changes-requested',
      comment: 'Not yet\u0000\u001B',
    });
    expect(envelope).toMatchObject({
      ok: false,
      error: {
        code: 'VALIDATION',
        details: { fields: [{ path: 'comment', messageKey: 'errors.text.controlMultiline' }] },
      },
    });
    expect(await kvs.entity('approval').get(finance.id)).toMatchObject({ status: 'pending' });
  });
});

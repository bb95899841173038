/**
 * Rollout Coordinator in one installation for Jira and Confluence, through the local host: one
 * storage for both products, and what the app says in Confluence while Jira is not connected.
 * What the host reports to a function in one installation: test/local-host/installation.test.ts.
 */
import type { LocalHost } from '../../local/host';
import { ROLL_TRANSITIONS } from '../../local/seed/jira';
import { accountIdOf, call, memoryHost } from '../support/host';
import { asRollout, panelAs, stored } from '../support/rollouts';
import {
  confluenceModule,
  GLOBAL_SETTINGS,
  MACRO,
  SPACE_SETTINGS,
  macroExtension,
  makeStrategy,
  spaceExtension,
  strategyPayload,
} from '../support/strategy';

describe('Rollout Coordinator in one installation', () => {
  let host: LocalHost;

  beforeEach(async () => {
    host = await memoryHost();
  });

  afterEach(async () => {
    await host.close();
  });

  it('shares one storage: a rollout made in Confluence is the one Jira shows and gates', async () => {
    const made = await makeStrategy(host, { title: 'Expense policy' });
    const panel = asRollout(await panelAs(host, 'coordinator', made.rollout.issue.key));
    expect(panel.rollout).toMatchObject({ id: made.rollout.id, title: 'Expense policy' });
    // Jira's workflow runs the gate on that issue: no approvals yet, so it may not start.
    const start = await host.products.handle({
      product: 'jira',
      actor: { kind: 'user', accountId: accountIdOf(host, 'coordinator') },
      method: 'POST',
      path: `/rest/api/3/issue/${made.rollout.issue.key}/transitions`,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ transition: { id: ROLL_TRANSITIONS.start } }),
    });
    expect(start.status).toBe(400);
    expect(JSON.stringify(await start.json())).toContain('Expense policy');
  });

  it('says plainly, in Confluence, that Jira is not connected yet, and writes nothing', async () => {
    host.setInstalledIn(['confluence']);
    const notConnected = {
      ok: false,
      error: {
        code: 'UPSTREAM',
        messageKey: 'errors.jira.notConnected',
        message:
          'Rollouts, their approvals and their work live in Jira, so the app has to be installed in Jira before Confluence can use it. Ask a site administrator to install Rollout Coordinator in Jira, then to connect Confluence to it (Atlassian Administration › Connected apps). Nothing was changed here.',
      },
    };
    const space = await call(confluenceModule(host), 'coordinator', 'strategy/space', {});
    expect(space.envelope).toEqual(notConnected);
    const payload = strategyPayload({ title: 'Too early' });
    const create = await call(confluenceModule(host), 'coordinator', 'strategy/create', payload);
    expect(create.envelope).toEqual(notConnected);
    // Refused before any storage or product call: nothing to clean up.
    expect(create.counters).toEqual({ storage: 0, product: 0 });
    expect(await stored('rollout', payload.requestId)).toBeUndefined();

    const pageId = String(host.products.confluence.spaces.getSpaceByKey('ROLL')?.homepageId ?? '');
    const surfaces = [
      { moduleKey: SPACE_SETTINGS, extension: spaceExtension(host), key: 'templates/status' },
      { moduleKey: GLOBAL_SETTINGS, extension: {}, key: 'templates/status' },
      { moduleKey: MACRO, extension: macroExtension(host, pageId), key: 'macro/status' },
    ] as const;
    for (const surface of surfaces) {
      const answer = await call(
        confluenceModule(host, { moduleKey: surface.moduleKey, extension: surface.extension }),
        'coordinator',
        surface.key,
        surface.key === 'templates/status'
          ? { scope: surface.moduleKey === GLOBAL_SETTINGS ? 'global' : 'space' }
          : {},
      );
      expect(answer.envelope).toEqual(notConnected);
    }

    // Once Jira is connected, the same page works.
    host.setInstalledIn(['jira', 'confluence']);
    const after = await call(confluenceModule(host), 'coordinator', 'strategy/space', {});
    expect(after.envelope.ok).toBe(true);
  });

  it('starts Confluence-only when asked (npm start -- --installed-in confluence)', async () => {
    await host.close();
    host = await memoryHost({ installedIn: ['confluence'] });
    expect(host.installedIn()).toEqual(['confluence']);
    // The demo company was still seeded (through the Jira admin page, before the switch).
    host.setInstalledIn(['jira', 'confluence']);
    const space = await call(confluenceModule(host), 'coordinator', 'strategy/space', {});
    expect(space.envelope.ok).toBe(true);
  });
});

/**
 * One installation for Jira and Confluence (`app.compatibility`: Jira required, Confluence
 * optional), as the local host reports it to a probe app: the same installation id,
 * installContext and contexts in a Jira module, a Confluence module, a scheduled trigger and
 * `getAppContext()`; and an installation that never reached Jira, which the host can play.
 * What Rollout Coordinator itself does in one installation: test/integration/installation.test.ts.
 */
import { join } from 'node:path';
import type { LocalHost } from '../../local/host';
import { encodeFrame } from '../../local/http/frame';
import { memoryHost } from '../support/host';

const PROBE_ROOT = join(__dirname, '..', 'fixtures', 'installation-probe');
const JIRA_ARI = 'ari:cloud:jira::site/local-cloud';
const CONFLUENCE_ARI = 'ari:cloud:confluence::site/local-cloud';
const INSTALLATION_ARI = 'ari:cloud:ecosystem::installation/local-installation';

describe('the local host, with an app compatible with Jira and Confluence', () => {
  let host: LocalHost;

  beforeEach(async () => {
    host = await memoryHost({ root: PROBE_ROOT, seed: false, port: 0 });
  });

  afterEach(async () => {
    await host.close();
  });

  async function bridgeInvoke(moduleKey: string, functionKey: string): Promise<unknown> {
    const frame = encodeFrame({ moduleKey, as: 'coordinator', theme: 'light', extension: {} });
    const response = await fetch(`${host.url ?? ''}/__forge/bridge`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ frame, cmd: 'invoke', payload: { functionKey, payload: {} } }),
    });
    return ((await response.json()) as { result?: unknown; message?: string }).result;
  }

  it('reports ONE installation to a Jira surface, a Confluence surface and the runtime', async () => {
    const one = {
      installContext: JIRA_ARI,
      installationId: 'local-installation',
      installationAri: INSTALLATION_ARI,
      contexts: [JIRA_ARI, CONFLUENCE_ARI],
      runtime: {
        installationId: 'local-installation',
        installationAri: INSTALLATION_ARI,
        contexts: [JIRA_ARI, CONFLUENCE_ARI],
      },
      cloudId: 'local-cloud',
    };
    expect(await bridgeInvoke('probe-issue-panel', 'whoami')).toEqual({
      ...one,
      moduleKey: 'probe-issue-panel',
    });
    expect(await bridgeInvoke('probe-macro', 'whoami')).toEqual({
      ...one,
      moduleKey: 'probe-macro',
    });
    // A scheduled trigger has no UI context (no cloudId): the installation is all it is told.
    expect((await host.runScheduled('probe-daily')).body).toEqual({
      installContext: one.installContext,
      installationId: one.installationId,
      installationAri: one.installationAri,
      contexts: one.contexts,
      runtime: one.runtime,
    });
  });

  it('gives both surfaces the same site in getContext', async () => {
    const contextOf = async (moduleKey: string) => {
      const frame = encodeFrame({ moduleKey, as: 'coordinator', theme: 'light', extension: {} });
      const response = await fetch(`${host.url ?? ''}/__forge/bridge`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ frame, cmd: 'getContext' }),
      });
      return ((await response.json()) as { result: { cloudId: string; siteUrl: string } }).result;
    };
    const jira = await contextOf('probe-issue-panel');
    const confluence = await contextOf('probe-macro');
    expect(jira.cloudId).toBe('local-cloud');
    expect({ cloudId: confluence.cloudId, siteUrl: confluence.siteUrl }).toEqual({
      cloudId: jira.cloudId,
      siteUrl: jira.siteUrl,
    });
  });

  it('plays an installation that never reached Jira: Confluence context only, Jira refused', async () => {
    host.setInstalledIn(['confluence']);
    const seen = (await host.invoke({
      moduleKey: 'probe-macro',
      functionKey: 'whoami',
      as: 'coordinator',
    })) as { body: Record<string, unknown> };
    expect(seen.body).toMatchObject({
      installContext: CONFLUENCE_ARI,
      installationId: 'local-installation',
      contexts: [CONFLUENCE_ARI],
    });
    await expect(
      host.invoke({ moduleKey: 'probe-macro', functionKey: 'jira-status', as: 'coordinator' }),
    ).rejects.toThrow('Request jira is not allowed from confluence context.');
    // Jira runs no module of an app that is not installed in it.
    await expect(
      host.invoke({ moduleKey: 'probe-issue-panel', functionKey: 'whoami', as: 'coordinator' }),
    ).rejects.toThrow('where the app is not installed');

    host.setInstalledIn(['jira', 'confluence']);
    const connected = await host.invoke({
      moduleKey: 'probe-macro',
      functionKey: 'jira-status',
      as: 'coordinator',
    });
    expect(connected.body).toEqual({ status: expect.any(Number) as unknown });
  });

  it('switches the installation over HTTP, and refuses an empty or repeated list', async () => {
    const post = (body: unknown) =>
      fetch(`${host.url ?? ''}/__forge/installation`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const changed = await post({ installedIn: ['confluence'] });
    expect(await changed.json()).toEqual({ installedIn: ['confluence'] });
    expect(host.installedIn()).toEqual(['confluence']);
    expect((await post({ installedIn: [] })).status).toBe(400);
    expect((await post({ installedIn: ['jira', 'jira'] })).status).toBe(400);
    const read = await fetch(`${host.url ?? ''}/__forge/installation`);
    expect(await read.json()).toEqual({ installedIn: ['confluence'] });
  });
});

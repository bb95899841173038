/**
 * The host's side of the Custom UI bridge over HTTP, as the app's iframe calls it: getContext with
 * the module's extension and the persona's locale, invoke as that persona, requestJira as that
 * user, and the translation files Forge serves next to the resource.
 */
import type { LocalHost } from '../../local/host';
import { encodeFrame } from '../../local/http/frame';
import { memoryHost } from '../support/host';

let host: LocalHost;

beforeAll(async () => {
  host = await memoryHost({ port: 0 });
});

afterAll(async () => {
  await host.close();
});

async function bridge(frame: Parameters<typeof encodeFrame>[0], cmd: string, payload?: unknown) {
  const response = await fetch(`${host.url ?? ''}/__forge/bridge`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ frame: encodeFrame(frame), cmd, payload }),
  });
  return {
    status: response.status,
    body: (await response.json()) as { result?: unknown; message?: string },
  };
}

const adminFrame = {
  moduleKey: 'rollout-admin',
  as: 'head-finance',
  theme: 'dark' as const,
  extension: {},
};

describe('bridge', () => {
  it('answers getContext with the module, the persona and their locale', async () => {
    const { body } = await bridge(adminFrame, 'getContext');
    expect(body.result).toMatchObject({
      accountId: 'rc-demo-head-finance',
      moduleKey: 'rollout-admin',
      locale: 'fr-FR',
      extension: { type: 'jira:adminPage' },
      theme: { colorMode: 'dark' },
    });
  });

  it('lets ?locale override the persona’s language', async () => {
    const { body } = await bridge({ ...adminFrame, locale: 'en-US' }, 'getContext');
    expect(body.result).toMatchObject({ locale: 'en-US' });
  });

  it('invokes a resolver as the frame’s persona, never as the payload says', async () => {
    const { body } = await bridge(adminFrame, 'invoke', {
      functionKey: 'directory/list',
      payload: {},
    });
    expect(body.result).toMatchObject({ ok: true, data: { canManage: false } });
    const admin = await bridge({ ...adminFrame, as: 'admin' }, 'invoke', {
      functionKey: 'directory/list',
      payload: {},
    });
    expect(admin.body.result).toMatchObject({ ok: true, data: { canManage: true } });
  });

  it('runs requestJira as the persona, with Jira’s answer and status', async () => {
    const own = await bridge(adminFrame, 'fetchProduct', {
      product: 'jira',
      restPath: '/rest/api/3/myself',
      fetchRequestInit: { method: 'GET', headers: [['accept', 'application/json']] },
    });
    expect(own.body.result).toMatchObject({ status: 200 });
    const result = own.body.result as { body: string };
    expect(JSON.parse(result.body)).toMatchObject({ accountId: 'rc-demo-head-finance' });

    const hidden = await bridge({ ...adminFrame, as: 'outsider' }, 'fetchProduct', {
      product: 'jira',
      restPath: '/rest/api/3/issue/ROLL-1',
      fetchRequestInit: { method: 'GET' },
    });
    expect(hidden.body.result).toMatchObject({ status: 404 });
  });

  it('refuses commands it does not know, and frames that are not descriptors', async () => {
    expect((await bridge(adminFrame, 'teleport')).status).toBe(501);
    const response = await fetch(`${host.url ?? ''}/__forge/bridge`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ frame: 'not-base64-json', cmd: 'getContext' }),
    });
    expect(response.status).toBe(400);
  });

  it('serves the manifest’s translations where @forge/bridge i18n looks for them', async () => {
    const info = (await (
      await fetch(`${host.url ?? ''}/app/main/__LOCALES__/i18n-info.json`)
    ).json()) as {
      config: { locales: string[]; fallback: { default: string } };
    };
    expect(info.config).toEqual({ locales: ['en-US', 'fr-FR'], fallback: { default: 'en-US' } });
    const fr = (await (
      await fetch(`${host.url ?? ''}/app/main/__LOCALES__/fr-FR.json`)
    ).json()) as {
      admin: { title: string };
    };
    expect(fr.admin.title).toBe('Services et responsables');
  });

  it('serves the app under a Forge-like CSP with the bridge loaded first', async () => {
    const response = await fetch(`${host.url ?? ''}/app/main/index.html`);
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await response.text();
    expect(html.indexOf('/__forge/bridge-client.js')).toBeLessThan(html.indexOf('type="module"'));
  });
});

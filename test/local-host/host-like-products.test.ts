/**
 * Where the local host used to differ from Jira and Confluence: Jira's administration is for Jira
 * administrators only (everyone else gets Jira's no-permission page, no app); the e-mails the app
 * had Jira send are readable on a host page linked from the index; each persona on the index
 * opens the index as them; and Confluence's page addresses (`_links.base` + `_links.webui`, as
 * the app builds its "Open the strategy page" link) lead to the host's page view.
 */
import type { LocalHost } from '../../local/host';
import { accountIdOf, memoryHost } from '../support/host';
import { makeRollout, requestApproval } from '../support/rollouts';

let host: LocalHost;
let base: string;

beforeEach(async () => {
  host = await memoryHost({ port: 0 });
  base = host.url ?? '';
  jest.spyOn(console, 'log').mockImplementation(() => undefined);
});

afterEach(async () => {
  jest.restoreAllMocks();
  await host.close();
});

async function page(path: string): Promise<{ status: number; html: string; url: string }> {
  const response = await fetch(`${base}${path}`);
  return { status: response.status, html: await response.text(), url: response.url };
}

const appFrames = (html: string): number => [...html.matchAll(/<iframe[^>]*src="\/app\//gu)].length;

describe('Jira’s administration, /jira/admin', () => {
  it.each(['employee', 'outsider', 'coordinator', 'head-finance', 'delegate-finance'])(
    'shows %s, no Jira administrator, Jira’s no-permission page and no app',
    async (as) => {
      const { status, html } = await page(`/jira/admin?as=${as}&locale=en-US`);
      expect(status).toBe(403);
      expect(html).toContain('data-testid="no-permission"');
      expect(html).toContain('You don’t have access to this page');
      expect(appFrames(html)).toBe(0);
    },
  );

  it('says so in French to a French reader', async () => {
    const { status, html } = await page('/jira/admin?as=employee&locale=fr-FR');
    expect(status).toBe(403);
    expect(html).toContain('<html lang="fr"');
    expect(html).toContain('<h1>Vous n’avez pas accès à cette page</h1>');
    expect(html).not.toMatch(/don’t have access|Only Jira administrators|Go back/u);
  });

  it('opens the app’s admin page for a Jira administrator, under Apps in their language', async () => {
    const { status, html } = await page('/jira/admin?as=admin');
    expect(status).toBe(200);
    expect(html).not.toContain('data-testid="no-permission"');
    expect(appFrames(html)).toBe(1);
    expect(html).toMatch(/<nav class="host-breadcrumbs">Apps › [^<(]+<\/nav>/u);
    const french = await page('/jira/admin?as=admin&locale=fr-FR');
    expect(french.html).toMatch(/<nav class="host-breadcrumbs">Applications › [^<(]+<\/nav>/u);
  });

  it('asks Jira, not the persona list: someone made a Jira administrator gets the page', async () => {
    host.products.jira.users.addGroupMember('jira-admins', accountIdOf(host, 'coordinator'));
    const { status, html } = await page('/jira/admin?as=coordinator');
    expect(status).toBe(200);
    expect(appFrames(html)).toBe(1);
  });
});

describe('the e-mails sent, /outbox', () => {
  it('is linked from the index and says what to do while it is empty', async () => {
    expect((await page('/')).html).toContain('href="/outbox"');
    const { status, html } = await page('/outbox');
    expect(status).toBe(200);
    expect(html).toContain('data-testid="outbox-empty"');
  });

  it('lists each e-mail with its recipients, their language, its subject and its body', async () => {
    await makeRollout(host, { departments: [{ department: 'Finance' }, { department: 'Sales' }] });
    await requestApproval(host);
    const sent = host.products.jira.notifications.listNotifications();
    expect(sent.length).toBeGreaterThan(0);
    const { html } = await page('/outbox');
    const mails = html.split('data-testid="outbox-mail"').slice(1);
    expect(mails).toHaveLength(sent.length);
    const french = mails.find((mail) => mail.includes('Élodie Lefèvre'));
    expect(french).toContain('julien.mercier@example.com');
    expect(french).toContain('French (fr-FR)');
    expect(french).toContain('Validation demandée : Roll out the new CRM');
    expect(french).toContain('href="/jira/issue/ROLL-1"');
    const body = sent.find((mail) => mail.to.includes(accountIdOf(host, 'head-finance')))?.textBody;
    expect(body?.length).toBeGreaterThan(20);
    // The text body, escaped as HTML text (quotes and apostrophes), in full.
    const escaped = (body ?? '')
      .replace(/&/gu, '&amp;')
      .replace(/</gu, '&lt;')
      .replace(/>/gu, '&gt;')
      .replace(/"/gu, '&quot;')
      .replace(/'/gu, '&#39;');
    expect(french).toContain(escaped);
  });
});

describe('the personas on the index', () => {
  it('are links that open the index as that persona', async () => {
    const index = await page('/');
    for (const persona of host.personas) {
      expect(index.html).toContain(`<a href="/?as=${persona.key}"`);
    }
    const asHead = await page('/?as=head-finance');
    expect(asHead.html).toContain('data-testid="acting-as"');
    expect(asHead.html).toContain('Élodie Lefèvre');
    expect(asHead.html).toContain('href="/jira/issue/ROLL-1?as=head-finance"');
    expect(asHead.html).toContain('href="/confluence/space/ROLL/rollouts?as=head-finance"');
    expect(asHead.html).toContain('href="/jira/admin?as=head-finance"');
    // No link opens as anyone else (but the persona list's own link to the coordinator).
    expect(asHead.html.match(/href="[^"]*\?as=coordinator"/gu)).toEqual([
      'href="/?as=coordinator"',
    ]);
  });

  it('keeps each surface’s suggested persona without one, and ignores an unknown one', async () => {
    for (const path of ['/', '/?as=nobody']) {
      const { html } = await page(path);
      expect(html).toContain('href="/jira/admin?as=admin"');
      expect(html).toContain('href="/jira/issue/ROLL-1?as=coordinator"');
      expect(html).not.toContain('data-testid="acting-as"');
    }
  });
});

describe('Confluence’s page addresses', () => {
  /** A page as the Confluence REST API answers it to the coordinator: its web address. */
  async function webAddress(): Promise<{ id: string; title: string; address: string }> {
    const listed = await fetch(`${base}/__forge/confluence/wiki/api/v2/pages?limit=1`, {
      headers: { 'x-forge-as': 'coordinator' },
    });
    const first = ((await listed.json()) as { results: { id: string }[] }).results[0];
    if (!first) throw new Error('no page');
    const response = await fetch(`${base}/__forge/confluence/wiki/api/v2/pages/${first.id}`, {
      headers: { 'x-forge-as': 'coordinator' },
    });
    expect(response.status).toBe(200);
    const single = (await response.json()) as {
      id: string;
      title: string;
      _links: { base: string; webui: string };
    };
    return {
      id: single.id,
      title: single.title,
      address: `${single._links.base}${single._links.webui}`,
    };
  }

  it('lead from the REST API’s `_links` to the host’s page view', async () => {
    const { id, title, address } = await webAddress();
    expect(address).toMatch(new RegExp(`/__forge/confluence/wiki/spaces/[^/]+/pages/${id}/`, 'u'));
    // A host started on port 0 reports the default origin: the path is what Confluence builds.
    const response = await fetch(`${base}${new URL(address).pathname}?as=coordinator`);
    expect(response.status).toBe(200);
    expect(new URL(response.url).pathname).toBe(`/confluence/page/${id}`);
    expect(new URL(response.url).searchParams.get('as')).toBe('coordinator');
    const html = await response.text();
    expect(html).toContain('host-page-title');
    expect(html).toContain(title.replace(/&/gu, '&amp;').replace(/'/gu, '&#39;'));
  });

  it('are served as on a site too (/wiki/spaces/…), with or without the title', async () => {
    const { id } = await webAddress();
    for (const path of [
      `/wiki/spaces/ROLL/pages/${id}/Any-title`,
      `/wiki/spaces/ROLL/pages/${id}`,
    ]) {
      const response = await fetch(`${base}${path}`, { redirect: 'manual' });
      expect({ path, status: response.status, to: response.headers.get('location') }).toEqual({
        path,
        status: 302,
        to: `/confluence/page/${id}`,
      });
    }
    const space = await fetch(`${base}/wiki/spaces/ROLL`, { redirect: 'manual' });
    expect(space.headers.get('location')).toBe('/confluence/space/ROLL/rollouts');
  });

  it('leave the REST API where it was', async () => {
    const { id } = await webAddress();
    const response = await fetch(`${base}/__forge/confluence/wiki/api/v2/pages/${id}`, {
      headers: { 'x-forge-as': 'coordinator' },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/json');
  });

  it('name nothing when the page id is not a number', async () => {
    const response = await fetch(`${base}/wiki/spaces/ROLL/pages/abc/Title`, {
      redirect: 'manual',
    });
    expect(response.status).toBe(404);
  });
});

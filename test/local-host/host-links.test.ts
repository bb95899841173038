/**
 * Product addresses the app links to lead to the host's pages: /browse/<KEY> to the issue view,
 * Confluence's viewpage address to the page view, /issues/?jql= to a search as the persona.
 */
import type { LocalHost } from '../../local/host';
import { memoryHost } from '../support/host';

let host: LocalHost;

beforeAll(async () => {
  host = await memoryHost({ port: 0 });
});

afterAll(async () => {
  await host.close();
});

const get = (path: string) => fetch(`${host.url ?? ''}${path}`, { redirect: 'manual' });

describe('product links on the local host', () => {
  it('reports its own address as the site URL once it listens', () => {
    expect(host.functions.siteUrl).toBe(host.url);
  });

  it('redirects /browse/<KEY> and viewpage.action to the host pages, keeping the query', async () => {
    const browse = await get('/browse/ROLL-1?as=head-sales');
    expect(browse.status).toBe(302);
    expect(browse.headers.get('location')).toBe('/jira/issue/ROLL-1?as=head-sales');
    const page = await get('/wiki/pages/viewpage.action?pageId=123&as=coordinator');
    expect(page.headers.get('location')).toBe('/confluence/page/123?as=coordinator');
  });

  it('lists what a JQL search finds, as the persona may see it', async () => {
    const coordinator = await (
      await get(`/issues/?jql=${encodeURIComponent('project = ROLL')}&as=coordinator`)
    ).text();
    expect(coordinator).toContain('ROLL-1');
    expect(coordinator).toContain('Roll out the new CRM');
    const outsider = await (
      await get(`/issues/?jql=${encodeURIComponent('project = ROLL')}&as=outsider`)
    ).text();
    expect(outsider).not.toContain('Roll out the new CRM');
  });

  it('shows Jira’s message for a query the emulator cannot run, escaped', async () => {
    const html = await (
      await get(
        `/issues/?jql=${encodeURIComponent('summary ~ "<b>x</b>" OR x = y')}&as=coordinator`,
      )
    ).text();
    expect(html).toContain('host-error');
    expect(html).not.toContain('<b>x</b>');
  });
});

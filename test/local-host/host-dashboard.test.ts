/**
 * The local host's Jira dashboard (`/jira/dashboard`): the app's gadget in a frame with Jira's
 * context, its edit view while it has no configuration or when "Edit" is chosen, what the edit
 * view submits saved as the gadget's configuration and read back from the context, the refresh
 * control, adding another gadget, and the gadgets and their configurations kept in the data
 * folder across a restart.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalHost, type LocalHost } from '../../local/host';
import { decodeFrame, encodeFrame, type FrameDescriptor } from '../../local/http/frame';
import { memoryHost } from '../support/host';

let host: LocalHost;
let base: string;

beforeEach(async () => {
  host = await memoryHost({ port: 0 });
  base = host.url ?? '';
});

afterEach(async () => {
  await host.close();
});

async function page(path: string): Promise<{ status: number; html: string }> {
  const response = await fetch(`${base}${path}`);
  return { status: response.status, html: await response.text() };
}

function frames(html: string): FrameDescriptor[] {
  return [...html.matchAll(/<iframe[^>]*src="\/app\/main\/index\.html\?frame=([^"]+)"/gu)].map(
    (match) => decodeFrame(match[1] ?? ''),
  );
}

async function bridge(frame: FrameDescriptor, cmd: string, payload?: unknown) {
  const response = await fetch(`${base}/__forge/bridge`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ frame: encodeFrame(frame), cmd, payload }),
  });
  return { status: response.status, body: (await response.json()) as { result?: unknown } };
}

describe('the dashboard /jira/dashboard', () => {
  it('is listed on the index page, and opens a gadget never configured in its edit view', async () => {
    expect((await page('/')).html).toContain('href="/jira/dashboard?as=coordinator"');
    const { status, html } = await page('/jira/dashboard?as=coordinator');
    expect(status).toBe(200);
    expect(html).toContain('<h2>Rollout progress</h2>');
    const [frame] = frames(html);
    expect(frame).toMatchObject({
      moduleKey: 'rollout-progress',
      as: 'coordinator',
      extension: {
        gadget: { id: '1' },
        dashboard: { id: '10000' },
        gadgetConfiguration: {},
        entryPoint: 'edit',
      },
    });
  });

  it('saves what the edit view submits, and shows the view with it (Edit reopens the edit view)', async () => {
    const [editView] = frames((await page('/jira/dashboard?as=coordinator')).html);
    if (!editView) throw new Error('no gadget frame');
    const config = {
      rolloutIds: ['00000000-0000-4000-8000-000000000001'],
      view: 'phase',
      refresh: 15,
    };
    const submitted = await bridge(editView, 'submit', config);
    expect(submitted).toEqual({ status: 200, body: { result: true } });

    const { html } = await page('/jira/dashboard?as=coordinator');
    const [view] = frames(html);
    expect(view?.extension).toEqual({
      gadget: { id: '1' },
      dashboard: { id: '10000' },
      gadgetConfiguration: config,
    });
    expect(html).toContain('data-refresh-minutes="15"');
    expect(html).toContain('class="host-gadget-refresh"');
    const context = await bridge(view ?? editView, 'getContext');
    expect(context.body.result).toMatchObject({
      extension: { type: 'jira:dashboardGadget', gadgetConfiguration: config },
    });
    const [again] = frames((await page('/jira/dashboard?as=coordinator&edit=1')).html);
    expect(again?.extension).toMatchObject({ entryPoint: 'edit', gadgetConfiguration: config });
  });

  it('refuses a submit from the gadget view itself, and a configuration that is not an object', async () => {
    const [editView] = frames((await page('/jira/dashboard?as=coordinator')).html);
    if (!editView) throw new Error('no gadget frame');
    const notEdit = { ...editView, extension: { ...editView.extension, entryPoint: undefined } };
    expect((await bridge(notEdit, 'submit', { view: 'phase' })).body).toEqual({ result: false });
    expect((await bridge(editView, 'submit', ['x'])).status).toBe(400);
  });

  it('shows Jira’s own words in French for a French reader, the top bar included', async () => {
    // Never configured: the gadget opens in its edit view ("Editing").
    const editing = await page('/jira/dashboard?as=coordinator&locale=fr-FR');
    expect(editing.html).toContain('<html lang="fr"');
    expect(editing.html).toContain('Tableaux de bord / Déploiements</nav>');
    expect(editing.html).toContain('<h1>Déploiements</h1>');
    expect(editing.html).toContain('>Modification en cours</span>');
    expect(editing.html).toMatch(/<button type="submit">Ajouter un gadget : [^<]+<\/button>/u);
    expect(editing.html).toContain('<label>Agir en tant que <select');
    expect(editing.html).toContain('<label>Langue <select');
    expect(editing.html).toContain('<label>Thème <select');
    expect(editing.html).toContain('<option value="">Langue du persona</option>');
    expect(editing.html).toContain('>Clair</option><option value="dark">Sombre</option>');
    expect(editing.html).toContain('(administrateur Jira)');
    expect(editing.html).toContain('(ne peut pas parcourir ROLL)');
    expect(editing.html).toContain('>Applications › ');
    const [gadget] = frames(editing.html);
    if (!gadget) throw new Error('no gadget frame');
    expect((await bridge(gadget, 'submit', { view: 'phase' })).status).toBe(200);
    const shown = await page('/jira/dashboard?as=coordinator&locale=fr-FR');
    expect(shown.html).toContain('>Modifier</a>');
    expect(shown.html).toContain('>Actualiser</button>');
    expect(shown.html).not.toMatch(
      />(Rollouts|Editing|Edit|Refresh|Acting as|Language|Theme|Light|Dark)</u,
    );
    expect(shown.html).not.toMatch(/Add gadget|Dashboards \/|Persona’s language|Apps ›/u);
  });

  it('adds another gadget', async () => {
    const response = await fetch(`${base}/jira/dashboard/gadgets?as=coordinator`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'moduleKey=rollout-progress',
      redirect: 'manual',
    });
    expect(response.status).toBe(302);
    const ids = frames((await page('/jira/dashboard?as=coordinator')).html).map(
      (frame) => (frame.extension.gadget as { id: string }).id,
    );
    expect(ids).toEqual(['1', '2']);
  });

  it('keeps the gadgets and their configurations in the data folder across a restart', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'rc-dashboard-'));
    const config = { rolloutIds: ['00000000-0000-4000-8000-000000000001'], view: 'department' };
    try {
      const first = await startLocalHost({ dataDir, port: 0, seed: false });
      base = first.url ?? '';
      const added = await fetch(`${base}/jira/dashboard/gadgets?as=coordinator`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'moduleKey=rollout-progress',
        redirect: 'manual',
      });
      expect(added.status).toBe(302);
      const [, second] = frames((await page('/jira/dashboard?as=coordinator')).html);
      if (!second) throw new Error('no second gadget frame');
      expect((await bridge(second, 'submit', config)).body).toEqual({ result: true });
      await first.close();

      const restarted = await startLocalHost({ dataDir, port: 0, seed: false });
      base = restarted.url ?? '';
      try {
        const kept = frames((await page('/jira/dashboard?as=coordinator')).html);
        expect(kept.map((frame) => frame.extension)).toEqual([
          {
            gadget: { id: '1' },
            dashboard: { id: '10000' },
            gadgetConfiguration: {},
            entryPoint: 'edit',
          },
          { gadget: { id: '2' }, dashboard: { id: '10000' }, gadgetConfiguration: config },
        ]);
      } finally {
        await restarted.close();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

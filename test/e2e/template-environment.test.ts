/**
 * A template and a strategy page made in another environment of the app (their Rollout status
 * macro names that environment's key), in Chromium on the space settings page: the page says
 * which, in the user's language, and "Update template" brings both to this environment.
 */
import { renderStorageFormat } from '../../local/products/confluence/render';
import { APP_ID, ENVIRONMENT_ID } from '../../local/runtime';
import { call, ok } from '../support/host';
import { browserSession } from './support/session';
import {
  confluenceModule,
  makeStrategy,
  spaceExtension,
  SPACE_SETTINGS,
} from '../support/strategy';

const CURRENT_KEY = `${APP_ID}/${ENVIRONMENT_ID}/static/rollout-status`;
const PRODUCTION_KEY = `${APP_ID}/0d3b5a2c-0000-4000-8000-000000000001/static/rollout-status`;

const e2e = browserSession({
  viewport: { width: 1280, height: 1400 },
  hostPerTest: true,
  actionTimeout: 10_000,
});

/** A template and a strategy page as the production environment would have written them. */
async function madeInProduction(): Promise<{ templateId: number; pageId: number }> {
  const registered = await ok(
    call(
      confluenceModule(e2e.host, {
        moduleKey: SPACE_SETTINGS,
        extension: spaceExtension(e2e.host),
      }),
      'coordinator',
      'templates/register',
      { scope: 'space', language: 'en' },
    ),
  );
  const confluence = e2e.host.products.confluence;
  const template = confluence.templates.requireTemplate(Number(registered.templateId));
  confluence.templates.updateTemplate(template.id, {
    ...template,
    body: template.body.replaceAll(CURRENT_KEY, PRODUCTION_KEY),
  });
  const made = await makeStrategy(e2e.host, { title: 'Expense policy' });
  const pageId = Number(made.page?.id);
  const strategy = confluence.pages.requirePage(pageId);
  confluence.pages.updatePage(pageId, {
    title: strategy.title,
    status: 'current',
    body: strategy.version.body.replaceAll(CURRENT_KEY, PRODUCTION_KEY),
    parentId: strategy.parentId,
    authorId: strategy.authorId,
    number: strategy.version.number + 1,
    message: 'Copied from production',
  });
  return { templateId: template.id, pageId };
}

function keysIn(body: string): (string | undefined)[] {
  return renderStorageFormat(body).macros.map((macro) => macro.extensionKey);
}

describe('the space settings, with a template and a page from another environment', () => {
  it('says so in English, and "Update template" brings both to this environment', async () => {
    const { templateId, pageId } = await madeInProduction();
    await e2e.page.goto(`${e2e.url}/confluence/space/ROLL/settings?as=coordinator&locale=en-US`);
    const app = e2e.page.frameLocator('iframe.host-frame');
    await app
      .getByText('The template was registered from another environment of the app')
      .waitFor();
    await app.getByText('1 strategy page shows the macro of another environment').waitFor();
    await app.getByRole('link', { name: 'Strategy: Expense policy' }).waitFor();

    await app.getByRole('button', { name: 'Update template' }).click();
    await app.getByText('The template was updated in English.').waitFor();
    await expect(
      app.getByText('The template was registered from another environment of the app').count(),
    ).resolves.toBe(0);
    await expect(
      app.getByText('1 strategy page shows the macro of another environment').count(),
    ).resolves.toBe(0);
    expect(keysIn(e2e.host.products.confluence.templates.requireTemplate(templateId).body)).toEqual(
      [CURRENT_KEY],
    );
    expect(keysIn(e2e.host.products.confluence.pages.requirePage(pageId).version.body)).toEqual([
      CURRENT_KEY,
    ]);
  });

  it('says so in French', async () => {
    await madeInProduction();
    await e2e.page.goto(`${e2e.url}/confluence/space/ROLL/settings?as=coordinator&locale=fr-FR`);
    const app = e2e.page.frameLocator('iframe.host-frame');
    await app
      .getByText("Le modèle a été enregistré depuis un autre environnement de l'app")
      .waitFor();
    await app.getByText("1 page de stratégie affiche la macro d'un autre environnement").waitFor();
    await app.getByRole('button', { name: 'Mettre à jour le modèle' }).waitFor();
  });
});

/**
 * The template settings offer one language per locale file the app ships (the list Forge serves
 * beside the UI), each named in itself, the reader's own chosen first; the template is registered
 * in the one chosen.
 */
import { browserSession } from './support/session';

const e2e = browserSession({
  viewport: { width: 1280, height: 1200 },
  hostPerTest: true,
  actionTimeout: 10_000,
});

describe('the template language', () => {
  it('is offered in every shipped language, French chosen for a French reader', async () => {
    await e2e.page.goto(`${e2e.url}/confluence/space/ROLL/settings?as=coordinator&locale=fr-FR`);
    const app = e2e.page.frameLocator('iframe.host-frame');
    const language = app.getByRole('group', { name: 'Langue du modèle' });
    await language.getByRole('radio').first().waitFor();
    await expect(language.locator('label').allTextContents()).resolves.toEqual([
      'English',
      'Français',
    ]);
    await expect(app.getByRole('radio', { name: 'Français' }).isChecked()).resolves.toBe(true);

    await app.getByRole('button', { name: 'Enregistrer le modèle' }).click();
    await app.getByText('Le modèle a été enregistré en Français.').waitFor();
    const confluence = e2e.host.products.confluence;
    const space = confluence.spaces.getSpaceByKey('ROLL');
    const { templates } = confluence.templates.listTemplates(space?.id, { start: 0, limit: 10 });
    expect(templates.map((template) => template.name)).toEqual(['Stratégie de déploiement']);
  });

  it('is English for a reader whose language the app does not ship', async () => {
    await e2e.page.goto(`${e2e.url}/confluence/space/ROLL/settings?as=coordinator&locale=ja-JP`);
    const app = e2e.page.frameLocator('iframe.host-frame');
    await app.getByRole('radio', { name: 'English' }).waitFor();
    await expect(app.getByRole('radio', { name: 'English' }).isChecked()).resolves.toBe(true);
  });
});

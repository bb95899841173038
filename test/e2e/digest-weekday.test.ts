/**
 * The weekly digest's day on the anchor's Rollout panel, in French and the dark theme: Atlaskit's
 * select (ChoiceSelect), loaded when the disclosure opens, lists the days in the reader's language;
 * the coordinator picks one by keyboard alone (type, Enter) and saves; the panel then says which
 * day the e-mail goes out, and a reload shows the day kept.
 */
import type { FrameLocator } from 'playwright-core';
import { chooseByKeyboard, chosenIn } from '../support/browser';
import { browserSession } from './support/session';

const e2e = browserSession({
  viewport: { width: 1200, height: 1400 },
  host: { rolloutInProgress: true },
  setUpTimeout: 120_000,
});

async function openDigest(theme: 'light' | 'dark'): Promise<FrameLocator> {
  await e2e.page.goto(`${e2e.url}/jira/issue/ROLL-2?as=coordinator&locale=fr-FR&theme=${theme}`);
  const panel = e2e.page.frameLocator('[data-module-key="rollout-panel"] iframe.host-panel-frame');
  await panel.getByRole('heading', { level: 2 }).first().waitFor();
  await panel.locator('summary', { hasText: 'Résumé hebdomadaire' }).click();
  return panel;
}

describe('the weekly digest’s day', () => {
  it('is picked by keyboard in French and kept', async () => {
    let panel = await openDigest('dark');
    const day = panel.getByLabel('Jour', { exact: true });
    await chooseByKeyboard(day, 'jeudi');
    await panel.getByRole('button', { name: 'Enregistrer le résumé' }).click();
    await panel
      .getByText('Les responsables et commanditaires reçoivent un résumé par e-mail chaque jeudi.')
      .waitFor();

    panel = await openDigest('light');
    await chosenIn(panel.getByLabel('Jour', { exact: true }), 'jeudi').waitFor();
  }, 120_000);
});

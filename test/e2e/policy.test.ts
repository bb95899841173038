/**
 * Policy read-and-acknowledge in Chromium, on the demo company's expense policy page: a member of
 * Sales acknowledges from the page's byline; the coordinator sees it counted, then asks everyone
 * again for a newer version that matters, and the acknowledgement resets with what changed.
 */
import { accountIdOf } from '../support/host';
import { browserSession } from './support/session';

const e2e = browserSession({
  viewport: { width: 1200, height: 900 },
  host: { rolloutInProgress: true },
  setUpTimeout: 120_000,
});

function policyPage(): { id: number; version: number } {
  const store = e2e.host.products.confluence;
  const space = store.spaces.getSpaceByKey('ROLL');
  const found = store.pages
    .listPages({ spaceIds: space ? [space.id] : [], statuses: ['current'], limit: 250 })
    .find((candidate) => candidate.title === 'Expense policy 2026');
  if (!found) throw new Error('The seeded policy page is missing');
  return { id: found.id, version: found.version.number };
}

async function openByline(as: string, locale = 'en-US') {
  const query = new URLSearchParams({ as, locale });
  await e2e.page.goto(`${e2e.url}/confluence/page/${String(policyPage().id)}?${query.toString()}`);
  await e2e.page.locator('.host-byline-item[data-byline-key="rollout-policy-byline"]').click();
  const frame = e2e.page.frameLocator('.host-macro-dialog iframe');
  await frame.getByRole('heading').first().waitFor();
  return frame;
}

describe('policy byline', () => {
  it('acknowledges, counts, and asks again after a material version', async () => {
    let byline = await openByline('head-sales');
    await byline.getByText('asks you to acknowledge version 1 of this page').waitFor();
    await byline.getByRole('button', { name: /^I have read and understood this page/u }).click();
    await byline.getByText('You acknowledged version 1.').waitFor();

    byline = await openByline('coordinator');
    const sales = byline.getByRole('row', { name: /Sales/u });
    await sales.getByText(/\(1 of \d+\)/u).waitFor();

    const current = policyPage();
    const stored = e2e.host.products.confluence.pages.requirePage(current.id);
    e2e.host.products.confluence.pages.updatePage(current.id, {
      title: stored.title,
      status: 'current',
      body: '<p>Submit each expense with its receipt within 10 days.</p>',
      parentId: stored.parentId,
      authorId: accountIdOf(e2e.host, 'coordinator'),
      number: current.version + 1,
      message: 'Receipts within 10 days, not 30',
    });
    byline = await openByline('coordinator');
    await byline.getByRole('button', { name: /^Ask everyone again for version 2/u }).click();
    await byline.getByText('Part of the policy: people acknowledge version 2.').waitFor();
    await byline.getByRole('row', { name: /Sales/u }).getByText(/^0 %/u).waitFor();

    // In French, the person asked again reads what changed, with Confluence's comparison.
    byline = await openByline('head-sales', 'fr-FR');
    await byline.getByText('Ce qui a changé : Receipts within 10 days, not 30').waitFor();
    await byline.getByRole('link', { name: 'Comparer la version 1 avec la version 2' }).waitFor();
    await byline.getByRole('button', { name: /^J'ai lu et compris cette page/u }).waitFor();
  }, 120_000);
});

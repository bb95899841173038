/**
 * Set-ups for policy tests and the bench: an approved rollout of the demo company whose strategy
 * space holds a page the coordinator names as its policy, and the page's byline as a call's origin.
 */
import type { LocalHost } from '../../local/host';
import { accountIdOf, call, ok, type From } from './host';
import { approveAll } from './rollouts';
import { makeStrategy, spaceOf } from './strategy';

export const POLICY_BYLINE = 'rollout-policy-byline';

/** The byline of Confluence page `pageId`, as Forge gives its context. */
export function policyByline(host: LocalHost, pageId: string): From {
  const page = host.products.confluence.pages.requirePage(Number(pageId));
  const space = host.products.confluence.spaces.getSpace(page.spaceId);
  return {
    host,
    moduleKey: POLICY_BYLINE,
    extension: {
      content: { id: pageId, type: 'page' },
      space: { id: String(page.spaceId), key: space?.key ?? '' },
    },
  };
}

/** An approved rollout with page `title` named as its policy by the coordinator. */
export async function approvedRolloutWithPolicy(
  host: LocalHost,
  title: string,
): Promise<{ rolloutId: string; pageId: string }> {
  const detail = await makeStrategy(host);
  await approveAll(host, detail.rollout.issue.key);
  const space = spaceOf(host);
  const pageId = String(
    host.products.confluence.pages.createPage({
      spaceId: Number(space.id),
      title,
      body: '<p>Receipts within 30 days.</p>',
      authorId: accountIdOf(host, 'coordinator'),
    }).id,
  );
  const rolloutId = detail.rollout.id;
  await ok(call(policyByline(host, pageId), 'coordinator', 'policy/name', { rolloutId }));
  return { rolloutId, pageId };
}

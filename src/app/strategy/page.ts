/**
 * The strategy page of a rollout, kept in line with it: the facts it is rendered from, and
 * `syncStrategyPage`, which writes the page's next version when the rollout changed since the
 * page was last written (the rollout's `planRevision` against its `pageRevision`). A failed sync
 * leaves the revisions apart, so the next call that looks finishes it.
 */
import { planOf } from '../../domain/plan';
import { type Rollout } from '../../domain/rollout';
import { languageOf, message, type Language } from '../../i18n';
import {
  refreshStrategyPage,
  strategyPageTitle,
  type StrategyPageFacts,
} from '../../templates/strategy';
import type { Caller, Ports } from '../ports';
import { patchRollout } from './context';
import { lookUpUsers, nameOf } from '../users';

export const MACRO_KEY = 'rollout-status';

/** What keeping the page in line reaches: the page, the heads' names, the rollout's revision. */
export type PagePorts = Pick<
  Ports,
  'jira' | 'confluence' | 'rollouts' | 'appIdentity' | 'newId' | 'now'
>;

export function pageLanguage(call: Caller): Language {
  return languageOf(call.locale);
}

/** The browser address of a Jira issue on this site. */
export function issueUrl(call: Caller, issueKey: string): string {
  return `${call.siteUrl}/browse/${encodeURIComponent(issueKey)}`;
}

/** What the page is rendered from: the rollout, its heads' and session owners' names, the app's macro. */
export async function pageFacts(
  ports: PagePorts,
  call: Caller,
  rollout: Rollout,
): Promise<StrategyPageFacts> {
  const { language } = rollout;
  const owners = rollout.sessions.map((session) => session.ownerAccountId);
  const users = await lookUpUsers(ports.jira, [
    ...rollout.departments.map((d) => d.headAccountId),
    ...owners,
  ]);
  const { appId, environmentId, environmentType } = ports.appIdentity();
  return {
    language,
    rolloutId: rollout.id,
    title: rollout.title,
    objective: rollout.objective,
    targetDate: rollout.targetDate,
    departments: rollout.departments.map((d) => ({
      departmentId: d.departmentId,
      name: d.name,
      headName: nameOf(d.headAccountId, users),
      stage: d.stage,
    })),
    plan: planOf(rollout),
    ownerNames: Object.fromEntries(
      owners.flatMap((accountId) => {
        const user = users.get(accountId);
        return user ? [[accountId, user.displayName]] : [];
      }),
    ),
    issue:
      rollout.anchorIssueKey === ''
        ? undefined
        : { key: rollout.anchorIssueKey, url: issueUrl(call, rollout.anchorIssueKey) },
    macro: {
      appId,
      environmentId,
      environmentType,
      macroKey: MACRO_KEY,
      localId: ports.newId(),
      title: message(language, 'strategyPage.macroTitle'),
    },
  };
}

/** Whether the page lags behind the rollout (and can be written: page and issue exist). */
export function pageBehind(rollout: Rollout): boolean {
  return (
    rollout.strategyPageId !== '' &&
    rollout.anchorIssueKey !== '' &&
    rollout.pageRevision < rollout.planRevision
  );
}

/**
 * Writes the page's next version from the rollout (as the app: the page is the rollout's view,
 * and who may change the rollout was decided on its Jira issue), keeping the coordinator's own
 * text. Throws on failure; the revisions stay apart for the next attempt.
 */
export async function syncStrategyPage(
  ports: PagePorts,
  call: Caller,
  rollout: Rollout,
): Promise<Rollout> {
  if (!pageBehind(rollout)) return rollout;
  const revision = rollout.planRevision;
  const [page, facts] = await Promise.all([
    ports.confluence.page(rollout.strategyPageId, 'app', true),
    pageFacts(ports, call, rollout),
  ]);
  if (!page) {
    // Deleted or moved out of the app's reach: nothing to keep in line any more.
    console.warn('[rollout-coordinator] strategy page not found; not updated');
    return patchRollout(ports, rollout, (current) =>
      current.pageRevision >= revision ? undefined : { pageRevision: revision },
    );
  }
  const body = refreshStrategyPage(page.body, facts);
  let title = strategyPageTitle(facts.language, rollout.title);
  if (body !== page.body || title !== page.title) {
    let write = await ports.confluence.updatePage({
      id: page.id,
      title,
      body,
      version: page.version + 1,
      message: message(facts.language, 'strategyPage.versionMessage.planUpdated'),
    });
    if (!write.ok && write.refusal === 'duplicate-title') {
      // Another page took the new title: keep the page's title, update its content.
      title = page.title;
      write = await ports.confluence.updatePage({
        id: page.id,
        title,
        body,
        version: page.version + 1,
        message: message(facts.language, 'strategyPage.versionMessage.planUpdated'),
      });
    }
    if (!write.ok) {
      throw new Error(`strategy page not updated (${write.refusal})`);
    }
  }
  return patchRollout(ports, rollout, (current) =>
    current.pageRevision >= revision ? undefined : { pageRevision: revision },
  );
}

/** The same, for callers whose own change is already stored: a failure is logged, not thrown. */
export async function syncStrategyPageSafely(
  ports: PagePorts,
  call: Caller,
  rollout: Rollout,
): Promise<Rollout> {
  if (!pageBehind(rollout)) return rollout;
  try {
    return await syncStrategyPage(ports, call, rollout);
  } catch (error) {
    const reason = error instanceof Error ? error.message : 'unknown error';
    console.warn(`[rollout-coordinator] strategy page not brought in line: ${reason}`);
    return rollout;
  }
}

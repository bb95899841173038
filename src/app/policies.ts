/**
 * Policy read-and-acknowledge (decision 0038). The coordinator names Confluence pages as a
 * rollout's policy from the page itself (its byline item); each department's Jira group is asked
 * to acknowledge each page; a person acknowledges from the byline or from "My rollouts"
 * (`policiesToAcknowledge`); the coordinator marks a new version as material, which resets that
 * page's acknowledgements and asks everyone again with what changed.
 *
 * Calls, whatever the size of the rollout or the site:
 * - acknowledging: the person's groups (1 Jira call), the page as they see it (1 Confluence
 *   call), the record and their acknowledgement (2 reads), one transaction;
 * - "My rollouts": the person's groups (1), one index query per group (capped), the records and
 *   acknowledgements (a read per 25), the pages as they see them (1 Confluence call);
 * - naming a page: the rollout's departments by key (a read per 25, decision 0060) and one
 *   group-size read per department linked to a group (a page of members).
 *
 * Someone asked who cannot browse the rollout's anchor issue (a Confluence-only employee, a
 * project they are not in) still acknowledges the page from its byline, but is not told which
 * rollout asks: the item comes without the rollout's title (decision 0061). One bulk permission
 * check as them decides it, on the byline, `policy/mine` and an acknowledgement.
 */
import type {
  PolicyBylineView,
  PolicyDepartmentView,
  PolicyItem,
  PolicyRolloutView,
} from '../contract';
import {
  POLICY_PAGES_MAX,
  acknowledge,
  acknowledgedPercent,
  departmentsOf,
  isAcknowledged,
  policyRef,
  reviseMaterially,
  type Acknowledgement,
  type PolicyPage,
  type PolicyRecord,
} from '../domain/policy';
import { today } from '../domain/delegation';
import { canCompletePhases, type Rollout } from '../domain/rollout';
import type { PageRef } from '../atlassian/confluence';
import { refuse } from './failures';
import type { Caller, Ports, UseCase } from './ports';

const WRITE_ATTEMPTS = 5;
/** The most of a person's groups looked up in the policy index (larger sets read their first). */
export const POLICY_GROUPS_MAX = 50;

export type PolicyPorts = Pick<
  Ports,
  'jira' | 'confluence' | 'rollouts' | 'standIns' | 'policies' | 'now'
>;

function requirePage(call: Pick<Caller, 'pageId'>): string {
  if (call.pageId) return call.pageId;
  throw refuse('errors.policy.noPage');
}

/** Confluence's own comparison of two versions of a page. */
export function compareUrl(pageUrl: string, pageId: string, from: number, to: number): string {
  let base = '';
  try {
    const url = new URL(pageUrl);
    const wiki = url.pathname.indexOf('/wiki/');
    base = `${url.origin}${wiki >= 0 ? url.pathname.slice(0, wiki) : ''}/wiki`;
  } catch {
    return '';
  }
  const query = new URLSearchParams({ pageId });
  query.append('selectedPageVersions', String(from));
  query.append('selectedPageVersions', String(to));
  return `${base}/pages/diffpagesbyversion.action?${query.toString()}`;
}

function itemOf(
  record: PolicyRecord,
  page: PolicyPage,
  ack: Acknowledgement | undefined,
): PolicyItem {
  const done = isAcknowledged(page, ack);
  const again = !done && page.previousVersion !== undefined;
  return {
    rolloutId: record.rolloutId,
    rolloutTitle: record.rolloutTitle,
    pageId: page.pageId,
    pageTitle: page.title,
    pageUrl: page.url,
    version: page.version,
    acknowledgedVersion: ack?.version ?? null,
    state: done ? 'done' : again ? 'again' : 'due',
    askedSince: page.revisedAt ?? page.addedAt,
    change:
      page.previousVersion === undefined
        ? null
        : {
            message: page.changeMessage ?? '',
            previousVersion: page.previousVersion,
            compareUrl: compareUrl(page.url, page.pageId, page.previousVersion, page.version),
          },
  };
}

/** The pages `accountId` is asked to acknowledge, across rollouts, those due first. */
export async function policiesToAcknowledge(
  ports: Pick<Ports, 'jira' | 'confluence' | 'policies'>,
  accountId: string,
  onlyPageId?: string,
  /** Their groups when the caller read them already (one Jira call serves both). */
  knownGroupIds?: readonly string[],
): Promise<PolicyItem[]> {
  const groupIds = (knownGroupIds ?? (await ports.jira.userGroupIds(accountId))).slice(
    0,
    POLICY_GROUPS_MAX,
  );
  if (groupIds.length === 0) return [];
  const rolloutIds = onlyPageId
    ? await ports.policies.rolloutsNamingPage(onlyPageId)
    : (
        await Promise.all(groupIds.map((groupId) => ports.policies.rolloutsAskingGroup(groupId)))
      ).flat();
  const records = await ports.policies.getMany(rolloutIds);
  const mine = new Set(groupIds);
  const asked = records.flatMap((record) =>
    departmentsOf(record, mine).length === 0
      ? []
      : record.pages
          .filter((page) => onlyPageId === undefined || page.pageId === onlyPageId)
          .map((page) => ({ record, page })),
  );
  if (asked.length === 0) return [];
  // Only pages the person can read in Confluence (one call, as them).
  const visible = await ports.confluence.pagesWithBody([
    ...new Set(asked.map(({ page }) => page.pageId)),
  ]);
  const readable = new Set(visible.map((page) => page.id));
  const shown = asked.filter(({ page }) => readable.has(page.pageId));
  const acks = await ports.policies.acknowledgements(
    accountId,
    shown.map(({ record, page }) => ({ rolloutId: record.rolloutId, pageId: page.pageId })),
  );
  const order = { again: 0, due: 1, done: 2 } as const;
  return shown
    .map(({ record, page }) =>
      itemOf(record, page, acks.get(policyRef(record.rolloutId, page.pageId))),
    )
    .sort((a, b) => order[a.state] - order[b.state] || a.askedSince.localeCompare(b.askedSince));
}

function departmentViews(
  rollout: Pick<Rollout, 'departments'>,
  record: PolicyRecord | undefined,
): PolicyDepartmentView[] {
  return rollout.departments.map((department) => {
    const people = record?.audience[department.departmentId]?.people ?? 0;
    const counts = (record?.pages ?? []).map(
      (page) => record?.acknowledged[page.pageId]?.[department.departmentId] ?? 0,
    );
    return {
      departmentId: department.departmentId,
      name: department.name,
      acknowledged: counts.length === 0 ? 0 : Math.min(people, ...counts),
      people,
      percent: acknowledgedPercent(record, department.departmentId),
    };
  });
}

/** A rollout's acknowledged % per department, as the panels and the gadget show it. */
export function policyDepartments(
  rollout: Pick<Rollout, 'departments'>,
  record: PolicyRecord | undefined,
): PolicyDepartmentView[] {
  return departmentViews(rollout, record);
}

async function isCoordinatorOf(
  ports: Pick<Ports, 'jira'>,
  rollout: Pick<Rollout, 'createdBy'>,
  call: Pick<Caller, 'accountId'>,
  admin: () => Promise<boolean>,
): Promise<boolean> {
  if (canCompletePhases(rollout, { accountId: call.accountId, isJiraAdmin: false })) return true;
  return canCompletePhases(rollout, { accountId: call.accountId, isJiraAdmin: await admin() });
}

/** Memoises the one Jira admin check a call may need. */
function adminCheck(ports: Pick<Ports, 'jira'>): () => Promise<boolean> {
  let answer: Promise<boolean> | undefined;
  return () => (answer ??= ports.jira.isAdmin().catch(() => false));
}

/**
 * The items of rollouts whose anchor issue the person cannot browse, without the rollout's title
 * (decision 0061): nobody learns of a rollout whose project they cannot browse, and the page they
 * can read is still theirs to acknowledge. `known` are rollouts the caller read already; the
 * others are read in one batch. Calls: at most one storage read and one Jira permission check.
 */
async function withoutHiddenRollouts(
  ports: Pick<Ports, 'jira' | 'rollouts'>,
  items: readonly PolicyItem[],
  known: readonly Rollout[] = [],
): Promise<PolicyItem[]> {
  if (items.length === 0) return [];
  const byId = new Map(known.map((rollout) => [rollout.id, rollout]));
  const missing = [...new Set(items.map((item) => item.rolloutId))].filter((id) => !byId.has(id));
  if (missing.length > 0) {
    for (const rollout of (await ports.rollouts.getMany(missing)).values()) {
      byId.set(rollout.id, rollout);
    }
  }
  const anchorOf = (rolloutId: string) => byId.get(rolloutId)?.anchorIssueId ?? '';
  const anchors = [...new Set(items.map((item) => anchorOf(item.rolloutId)))].filter(
    (id) => id !== '',
  );
  const visible = anchors.length > 0 ? await ports.jira.visibleIssues(anchors) : new Set();
  return items.map((item) =>
    visible.has(anchorOf(item.rolloutId)) ? item : { ...item, rolloutTitle: '' },
  );
}

/** One item as `withoutHiddenRollouts` shows it. */
async function answerFor(
  ports: Pick<Ports, 'jira' | 'rollouts'>,
  item: PolicyItem,
): Promise<PolicyItem> {
  const [shown] = await withoutHiddenRollouts(ports, [item]);
  return shown ?? { ...item, rolloutTitle: '' };
}

async function bylineView(
  ports: PolicyPorts,
  call: Caller,
  page: PageRef,
): Promise<PolicyBylineView> {
  const [items, namingIds, inSpace] = await Promise.all([
    policiesToAcknowledge(ports, call.accountId, page.id),
    ports.policies.rolloutsNamingPage(page.id),
    page.spaceId === '' ? Promise.resolve([]) : ports.rollouts.listBySpace(page.spaceId),
  ]);
  const admin = adminCheck(ports);
  const naming = await Promise.all(
    namingIds
      .filter((id) => !inSpace.some((rollout) => rollout.id === id))
      .map((id) => ports.rollouts.get(id)),
  );
  const candidates = [
    ...inSpace,
    ...naming.filter((rollout): rollout is Rollout => rollout !== undefined),
  ];
  const coordinated = async () => {
    const mine: Rollout[] = [];
    for (const rollout of candidates) {
      if (await isCoordinatorOf(ports, rollout, call, admin)) mine.push(rollout);
    }
    return { mine, records: await ports.policies.getMany(mine.map((rollout) => rollout.id)) };
  };
  // Every rollout naming this page is a candidate, so the items' rollouts are read already.
  const [shown, { mine, records }] = await Promise.all([
    withoutHiddenRollouts(ports, items, candidates),
    coordinated(),
  ]);
  const byId = new Map(records.map((record) => [record.rolloutId, record]));
  const rollouts: PolicyRolloutView[] = mine.map((rollout) => {
    const record = byId.get(rollout.id);
    const named = record?.pages.find((p) => p.pageId === page.id);
    return {
      rolloutId: rollout.id,
      title: rollout.title,
      named: named !== undefined,
      version: named?.version ?? null,
      newerVersion: named !== undefined && page.version > named.version,
      departments: named ? departmentViews(rollout, record) : [],
    };
  });
  return {
    pageId: page.id,
    pageTitle: page.title,
    currentVersion: page.version,
    items: shown,
    rollouts,
  };
}

async function readablePage(ports: Pick<Ports, 'confluence'>, pageId: string): Promise<PageRef> {
  const page = await ports.confluence.page(pageId, 'user', false);
  if (!page) throw refuse('errors.policy.pageNotFound');
  return page;
}

/** The rollout, when the caller coordinates it (or administers Jira). */
async function coordinatedRollout(
  ports: PolicyPorts,
  call: Caller,
  rolloutId: string,
): Promise<Rollout> {
  const rollout = await ports.rollouts.get(rolloutId);
  if (!rollout) throw refuse('errors.policy.rolloutNotFound');
  if (!(await isCoordinatorOf(ports, rollout, call, adminCheck(ports)))) {
    throw refuse('errors.policy.forbidden');
  }
  return rollout;
}

/**
 * Each department's group as the directory says now and its member count, one page of members
 * read per linked department. The rollout's departments are read by key, not the whole directory.
 */
async function audienceOf(
  ports: Pick<Ports, 'jira' | 'standIns' | 'now'>,
  rollout: Pick<Rollout, 'departments'>,
): Promise<PolicyRecord['audience']> {
  const { departments: directory } = await ports.standIns.forRound({
    departmentIds: rollout.departments.map((d) => d.departmentId),
    people: [],
    day: today(ports.now()),
  });
  const groupOf = new Map(directory.map((d) => [d.id, d.groupId]));
  const entries = await Promise.all(
    rollout.departments.map(async (department) => {
      const groupId = groupOf.get(department.departmentId) ?? '';
      const members = groupId === '' ? undefined : await ports.jira.groupMembers(groupId, 1);
      return [
        department.departmentId,
        { groupId: members ? groupId : '', people: members?.total ?? 0 },
      ] as const;
    }),
  );
  return Object.fromEntries(entries);
}

export const policyByline: UseCase<'policy/byline', PolicyPorts> = async (_payload, call, ports) =>
  bylineView(ports, call, await readablePage(ports, requirePage(call)));

export const namePolicyPage: UseCase<'policy/name', PolicyPorts> = async (payload, call, ports) => {
  const page = await readablePage(ports, requirePage(call));
  const rollout = await coordinatedRollout(ports, call, payload.rolloutId);
  const audience = await audienceOf(ports, rollout);
  for (let attempt = 0; attempt < WRITE_ATTEMPTS; attempt += 1) {
    const current = await ports.policies.get(rollout.id);
    if (current?.pages.some((p) => p.pageId === page.id)) return bylineView(ports, call, page);
    if ((current?.pages.length ?? 0) >= POLICY_PAGES_MAX) {
      throw refuse('errors.policy.tooManyPages', { params: { max: POLICY_PAGES_MAX } });
    }
    const at = ports.now().toISOString();
    const added: PolicyPage = {
      pageId: page.id,
      title: page.title,
      url: page.url,
      version: page.version,
      addedAt: at,
      reminders: 0,
    };
    const next: PolicyRecord = {
      rolloutId: rollout.id,
      rolloutTitle: rollout.title,
      pages: [...(current?.pages ?? []), added],
      // A department's group and size as the directory says now; counters stay as they are.
      audience: { ...(current?.audience ?? {}), ...audience },
      acknowledged: { ...(current?.acknowledged ?? {}), [page.id]: {} },
      updatedAt: at,
      version: (current?.version ?? 0) + 1,
    };
    if ((await ports.policies.replace(current, next)) === 'written') {
      return bylineView(ports, call, page);
    }
  }
  throw refuse('errors.policy.stale');
};

export const revisePolicyPage: UseCase<'policy/revise', PolicyPorts> = async (
  payload,
  call,
  ports,
) => {
  const page = await readablePage(ports, requirePage(call));
  const rollout = await coordinatedRollout(ports, call, payload.rolloutId);
  for (let attempt = 0; attempt < WRITE_ATTEMPTS; attempt += 1) {
    const current = await ports.policies.get(rollout.id);
    if (!current) throw refuse('errors.policy.notNamed');
    const next = reviseMaterially(
      { ...current, rolloutTitle: rollout.title },
      page.id,
      {
        version: page.version,
        title: page.title,
        url: page.url,
        message: page.versionMessage ?? '',
      },
      ports.now().toISOString(),
    );
    if (next === 'unknown-page') throw refuse('errors.policy.notNamed');
    // The version asked for already is this one (a repeat, or nothing new): nothing to reset.
    if (next === 'not-newer') return bylineView(ports, call, page);
    if ((await ports.policies.replace(current, next)) === 'written') {
      return bylineView(ports, call, page);
    }
  }
  throw refuse('errors.policy.stale');
};

export const acknowledgePolicy: UseCase<'policy/acknowledge', PolicyPorts> = async (
  payload,
  call,
  ports,
) => {
  const [record, groupIds] = await Promise.all([
    ports.policies.get(payload.rolloutId),
    ports.jira.userGroupIds(call.accountId),
  ]);
  const asked = record?.pages.find((p) => p.pageId === payload.pageId);
  if (!record || !asked) throw refuse('errors.policy.notNamed');
  const departmentIds = departmentsOf(record, new Set(groupIds));
  if (departmentIds.length === 0) throw refuse('errors.policy.notAsked');
  // What they acknowledge is the version Confluence shows them now (at least the one asked).
  const page = await readablePage(ports, payload.pageId);
  const refs = [{ rolloutId: record.rolloutId, pageId: payload.pageId }];
  let current = record;
  for (let attempt = 0; attempt < WRITE_ATTEMPTS; attempt += 1) {
    const previous = (await ports.policies.acknowledgements(call.accountId, refs)).get(
      policyRef(current.rolloutId, payload.pageId),
    );
    const at = ports.now().toISOString();
    const next = acknowledge(current, payload.pageId, previous, departmentIds, at);
    const currentPage = current.pages.find((p) => p.pageId === payload.pageId);
    if (!currentPage) throw refuse('errors.policy.notNamed');
    if (!next) return answerFor(ports, itemOf(current, currentPage, previous));
    const ack: Acknowledgement = {
      version: Math.max(page.version, currentPage.version),
      asked: currentPage.version,
      at,
      departmentIds,
    };
    const outcome = await ports.policies.acknowledge(
      current,
      next,
      payload.pageId,
      call.accountId,
      ack,
    );
    if (outcome === 'written') return answerFor(ports, itemOf(next, currentPage, ack));
    const reread = await ports.policies.get(payload.rolloutId);
    if (!reread) throw refuse('errors.policy.notNamed');
    current = reread;
  }
  throw refuse('errors.policy.stale');
};

export const myPolicies: UseCase<'policy/mine', PolicyPorts> = async (_payload, call, ports) =>
  withoutHiddenRollouts(ports, await policiesToAcknowledge(ports, call.accountId));

/**
 * Work issues as children of the anchor, through the local Forge host: pushes made before the
 * parent field (work linked to the anchor by "Relates", without labels) are moved under the
 * anchor by the next push, once, whether the push is repeated, its event delivered twice at
 * once, or Jira fails in the middle; an anchor that cannot be a parent (a task) keeps the links
 * and the push says so, until its type is changed to Epic.
 */
import type { LocalHost } from '../../local/host';
import type { PushStatus, StrategyDetail } from '../../src/contract';
import { memoryHost } from '../support/host';
import {
  asEarlierPush as earlierPush,
  jiraIssues,
  makeStrategy,
  pushPlan,
} from '../support/strategy';

let host: LocalHost;

beforeEach(async () => {
  host = await memoryHost();
});

afterEach(async () => {
  await host.close();
});

const ANCHOR = 'ROLL-2';

function anchorId(): number {
  const anchor = host.products.jira.issues.getIssue(ANCHOR);
  if (!anchor) throw new Error('no anchor');
  return anchor.id;
}

function workIssues(detail: StrategyDetail) {
  return jiraIssues(host, `rolloutId = "${detail.rollout.id}" AND rolloutRole = "work"`).map(
    (found) => {
      const issue = host.products.jira.issues.getIssue(found.id);
      if (!issue) throw new Error(`no issue ${found.key}`);
      return issue;
    },
  );
}

/** Relates links between the issue and the anchor. */
function anchorLinks(issueId: number) {
  const relates = host.products.jira.links.getIssueLinkType('Relates');
  return host.products.jira.links
    .issueLinksOf(issueId)
    .filter(
      (link) =>
        link.typeId === relates?.id &&
        (link.sourceIssueId === anchorId() || link.destinationIssueId === anchorId()),
    );
}

function asEarlierPush(detail: StrategyDetail): void {
  earlierPush(host, detail.rollout.id, ANCHOR);
}

function calls(route: string): number {
  return host.products.stats.byRoute[route] ?? 0;
}

const EDIT = 'PUT /rest/api/3/issue/{issueIdOrKey}';
const UNLINK = 'DELETE /rest/api/3/issueLink/{linkId}';

function expectAllChildren(detail: StrategyDetail, count: number): void {
  const issues = workIssues(detail);
  expect(issues).toHaveLength(count);
  for (const issue of issues) {
    expect(issue.parentId).toBe(anchorId());
    expect(anchorLinks(issue.id)).toEqual([]);
    expect(issue.fields.labels).toEqual(expect.arrayContaining(['rollout-roll-2']));
  }
  expect(host.products.jira.issues.childrenOf(anchorId())).toHaveLength(count);
}

async function pushed(detail: StrategyDetail): Promise<PushStatus> {
  return pushPlan(host, detail.rollout.id);
}

describe('work issues of an earlier push', () => {
  it('become children of the anchor on the next push, with their labels, and the link goes', async () => {
    const detail = await makeStrategy(host, { sessions: 12, tasksPerPhase: 1 });
    await pushed(detail);
    asEarlierPush(detail);
    // A label someone added in Jira meanwhile is kept.
    const [first] = workIssues(detail);
    host.products.jira.issues.updateIssue(first?.id ?? 0, { fields: { labels: ['crm'] } });
    host.products.resetStats();

    const status = await pushed(detail);
    expect(status.job).toMatchObject({
      state: 'done',
      created: 0,
      moved: 15,
      toMove: 15,
      linkedOnly: false,
      moveRefused: '',
    });
    expectAllChildren(detail, 15);
    expect(host.products.jira.issues.getIssue(first?.id ?? 0)?.fields.labels).toEqual([
      'crm',
      'rollout-roll-2',
      expect.stringMatching(/^phase-(pilot|rollout|stabilisation)$/u),
    ]);
    // One edit and one link removal per earlier issue, once.
    expect(calls(EDIT)).toBe(15);
    expect(calls(UNLINK)).toBe(15);
  });

  it('is moved once: a repeated push changes nothing and costs what a repeat push costs', async () => {
    const detail = await makeStrategy(host, { sessions: 30 });
    await pushed(detail);
    asEarlierPush(detail);
    await pushed(detail);
    host.products.resetStats();
    const deliveriesBefore = host.events.deliveries.length;

    const again = await pushed(detail);
    expect(again.job).toMatchObject({ state: 'done', created: 0, moved: 0 });
    expect(calls(EDIT)).toBe(0);
    expect(calls(UNLINK)).toBe(0);
    const [delivery] = host.events.deliveries.slice(deliveriesBefore);
    // Rights and the search: no look at the anchor when every issue is its child already.
    expect(delivery?.counters?.product).toBe(2);
    expectAllChildren(detail, 30);
  });

  it('is moved once when the event is delivered twice at the same time', async () => {
    const detail = await makeStrategy(host, { sessions: 40 });
    await pushed(detail);
    asEarlierPush(detail);
    host.products.resetStats();
    host.events.duplicate({ queue: 'push-plan', mode: 'concurrent' });

    const status = await pushed(detail);
    expect(status.job).toMatchObject({ state: 'done', moved: 40 });
    expect(calls(EDIT)).toBe(40);
    expect(calls(UNLINK)).toBe(40);
    expectAllChildren(detail, 40);
  });

  it('finishes after Jira answers 500 in the middle, moving nothing twice and losing nothing', async () => {
    const detail = await makeStrategy(host, { sessions: 20 });
    await pushed(detail);
    asEarlierPush(detail);
    host.products.resetStats();
    const deliveriesBefore = host.events.deliveries.length;
    // The 8th to 10th edits (the second batch of five) fail every attempt the client makes.
    host.products.faults.add({
      method: 'PUT',
      pathPattern: '^/rest/api/3/issue/[^/]+$',
      kind: 'status500',
      skip: 7,
      times: 3 * 4,
    });

    const status = await pushed(detail);
    const outcomes = host.events.deliveries.slice(deliveriesBefore).map((d) => d.outcome);
    // The delivery that met the 500s asked to be delivered again; the next one finished.
    expect(outcomes).toEqual(['retry', 'ok']);
    expect(status.job).toMatchObject({ state: 'done', created: 0, moved: 20, error: null });
    expectAllChildren(detail, 20);
    // 20 edits that Jira took, the 12 attempts it failed; each link removed once.
    expect(calls(EDIT)).toBe(32);
    expect(calls(UNLINK)).toBe(20);

    host.products.resetStats();
    expect((await pushed(detail)).job).toMatchObject({ moved: 0, created: 0 });
    expect(calls(EDIT)).toBe(0);
    // The platform brings the failed delivery back after the consumer's backoff (15 s).
  }, 60_000);
});

describe('an anchor that cannot be a parent', () => {
  it('keeps the work linked and says so, then moves it under the anchor once it is an epic', async () => {
    const detail = await makeStrategy(host, { sessions: 8 });
    host.products.jira.issues.setIssueType(anchorId(), 'Task');

    const linked = await pushed(detail);
    expect(linked.job).toMatchObject({ state: 'done', created: 8, linkedOnly: true, moved: 0 });
    for (const issue of workIssues(detail)) {
      expect(issue.parentId).toBeUndefined();
      expect(anchorLinks(issue.id)).toHaveLength(1);
      expect(issue.fields.labels).toEqual(expect.arrayContaining(['rollout-roll-2']));
    }
    host.products.resetStats();
    const deliveriesBefore = host.events.deliveries.length;
    const again = await pushed(detail);
    expect(again.job).toMatchObject({ state: 'done', created: 0, linkedOnly: true, moved: 0 });
    // Nothing edited while the anchor stays a task: rights, the search and a look at the anchor.
    expect(calls(EDIT)).toBe(0);
    const [delivery] = host.events.deliveries.slice(deliveriesBefore);
    expect(delivery?.counters?.product).toBe(3);

    host.products.jira.issues.setIssueType(anchorId(), 'Epic');
    const moved = await pushed(detail);
    expect(moved.job).toMatchObject({ state: 'done', linkedOnly: false, moved: 8 });
    expectAllChildren(detail, 8);
  });
});

/**
 * Pulse tests' world: each test gets a fresh host on its own data folder (the anonymity tests
 * read the whole of its storage), a one-phase strategy pushed to Jira, and Sales and Finance
 * unlinked from their Jira groups (each test links the ones it needs). The helpers call the
 * anchor's Rollout panel and the "Rollout pulse" macro as Forge would.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalHost, type LocalHost } from '../../local/host';
import type { FeedbackView } from '../../src/contract';
import type { Department } from '../../src/domain/departments';
import type { AdkarScores } from '../../src/domain/readiness';
import { call, defined, ok, type From } from './host';
import { day, demoDepartment, issueExtension, stored, uuid } from './rollouts';
import { jiraIssues, macroExtension, makeStrategy, planIds, pushPlan } from './strategy';

const PANEL = 'rollout-panel';
const PULSE_MACRO = 'rollout-pulse';
export const SALES = demoDepartment('Sales');
export const FINANCE = demoDepartment('Finance');

export function scores(a: number, d: number, k: number, ab: number, r: number): AdkarScores {
  return { awareness: a, desire: d, knowledge: k, ability: ab, reinforcement: r };
}

export async function errorOf(outcome: Promise<{ envelope: { ok: boolean } }>) {
  const { envelope } = (await outcome) as {
    envelope: { ok: true } | { ok: false; error: { code: string; messageKey: string } };
  };
  return envelope.ok ? undefined : { code: envelope.error.code, key: envelope.error.messageKey };
}

/**
 * Opens a pulse from `from` (a Rollout panel) to the department named `department`, as the
 * coordinator picks it in the panel's list; a week from today unless `span` says otherwise.
 */
export async function openPulseTo(
  from: From,
  requestId: string,
  department: string,
  span = { from: day(0), to: day(6) },
) {
  const made = await ok(call(from, 'coordinator', 'pulses/load', {}));
  const asked = defined(
    made.departments.find((d) => d.name === department),
    department,
  );
  return ok(
    call(from, 'coordinator', 'pulses/open', { requestId, ...span, departmentIds: [asked.id] }),
  );
}

/** The demo directory links some departments to groups: each test links the ones it needs. */
async function unlinkGroup(departmentId: string) {
  const department = await stored<Department>('department', departmentId);
  if (!department) throw new Error('no department');
  const { kvs } = await import('@forge/kvs');
  await kvs
    .entity<Department>('department')
    .set(departmentId, { ...department, groupId: '', groupName: '' });
}

interface World {
  dataDir: string;
  host: LocalHost;
  rolloutId: string;
  anchorKey: string;
  pageId: string;
}

/** Registers the set-up and tear-down of each test; answers its world and the pulse helpers. */
export function pulseRollout() {
  let current: World | undefined;
  const world = (): World => {
    if (!current) throw new Error('No pulse rollout: its beforeEach has not run');
    return current;
  };

  beforeEach(async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'rc-pulses-'));
    const host = await startLocalHost({ dataDir, reset: true });
    current = { dataDir, host, rolloutId: '', anchorKey: '', pageId: '' };
    await unlinkGroup(SALES);
    await unlinkGroup(FINANCE);
    const detail = await makeStrategy(host, { phases: 1, sessions: 2, start: day(-10) });
    current.rolloutId = detail.rollout.id;
    current.anchorKey = detail.rollout.issue.key;
    current.pageId = detail.page?.id ?? '';
    await pushPlan(host, current.rolloutId);
  });

  afterEach(async () => {
    if (!current) return;
    await current.host.close();
    rmSync(current.dataDir, { recursive: true, force: true });
    current = undefined;
  });

  const anchorPanel = (): From => {
    const { host, anchorKey } = world();
    return { host, moduleKey: PANEL, extension: issueExtension(host, anchorKey) };
  };

  const pulseMacro = (): From => {
    const { host, pageId } = world();
    return { host, moduleKey: PULSE_MACRO, extension: macroExtension(host, pageId) };
  };

  return {
    get host(): LocalHost {
      return world().host;
    },
    get dataDir(): string {
      return world().dataDir;
    },
    get rolloutId(): string {
      return world().rolloutId;
    },
    get anchorKey(): string {
      return world().anchorKey;
    },
    anchorPanel,
    pulseMacro,

    sessionPanel: (sessionIndex: number): From => {
      const { host, rolloutId } = world();
      const [issue] = jiraIssues(
        host,
        `rolloutId = "${rolloutId}" AND rolloutPlanItem = "session:${planIds.session(sessionIndex)}"`,
      );
      if (!issue) throw new Error('no session issue');
      return { host, moduleKey: PANEL, extension: issueExtension(host, issue.key) };
    },

    openPulse: (requestId = uuid(8000), departmentIds = [SALES, FINANCE], as = 'coordinator') =>
      call(anchorPanel(), as, 'pulses/open', {
        requestId,
        from: day(-1),
        to: day(6),
        departmentIds,
      }),

    answer: (
      as: string,
      pulseId: string,
      departmentId: string,
      given: AdkarScores,
      comment = '',
      from: From = pulseMacro(),
    ) =>
      call(from, as, 'pulses/answer', {
        pulseId,
        departmentId,
        role: 'employee',
        scores: given,
        comment,
      }),

    feedback: (as: string): Promise<FeedbackView> => ok(call(anchorPanel(), as, 'pulses/load', {})),

    /** Links a directory department to a Jira group, as the admin page does (the directory's own). */
    linkGroup: async (departmentId: string, groupName: string, members: string[]) => {
      const { host } = world();
      for (const member of members) host.products.jira.users.addGroupMember(groupName, member);
      const group = host.products.jira.users.getGroup(groupName);
      const department = await stored<Department>('department', departmentId);
      if (!group || !department) throw new Error('no group or department');
      const { kvs } = await import('@forge/kvs');
      await kvs
        .entity<Department & { groupId: string; groupName: string }>('department')
        .set(departmentId, { ...department, groupId: group.groupId, groupName });
    },

    unlinkGroup,
  };
}

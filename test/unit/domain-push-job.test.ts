/**
 * A push job's life: when a push counts as running (a second click joins it) or as stalled (a new
 * push may replace it), what it remembers of a push before it, and that its record fits Forge's
 * 240 KiB value limit for the largest plan, every item refused with the longest reason.
 */
import {
  isActive,
  isClaimed,
  isStalled,
  newPushJob,
  nextVersion,
  QUEUE_GRACE_MS,
  REASON_BYTES_MAX,
  RECENT_MS,
  shortReason,
  SILENCE_GRACE_MS,
  type PushJob,
} from '../../src/domain/push-job';
import { PLAN_PHASE_TASKS_MAX, PLAN_PHASES_MAX, PLAN_SESSIONS_MAX } from '../../src/domain/limits';

const T0 = new Date('2031-03-01T09:00:00.000Z');
const at = (ms: number): Date => new Date(T0.getTime() + ms);
const iso = (ms: number): string => at(ms).toISOString();

function job(changes: Partial<PushJob> = {}): PushJob {
  return {
    ...newPushJob({
      jobId: '00000000-0000-4000-8000-000000000001',
      rolloutId: '00000000-0000-4000-8000-000000000002',
      requestedBy: 'rc-demo-coordinator',
      total: 12,
      now: T0,
      previous: undefined,
    }),
    ...changes,
  };
}

describe('a queued push', () => {
  it('is active until no delivery took it up within the grace period', () => {
    expect(isActive(job(), at(QUEUE_GRACE_MS))).toBe(true);
    expect(isStalled(job(), at(QUEUE_GRACE_MS + 1))).toBe(true);
    expect(isActive(job(), at(QUEUE_GRACE_MS + 1))).toBe(false);
  });
});

describe('a running push', () => {
  const running = job({
    state: 'running',
    runner: 'delivery-1',
    runnerUntil: iso(600_000),
    updatedAt: iso(0),
  });

  it('is claimed while its delivery may still run, then no longer', () => {
    expect(isClaimed(running, at(599_999))).toBe(true);
    expect(isClaimed(running, at(600_000))).toBe(false);
  });

  it('stalls only when silent for the grace period after its delivery had to end', () => {
    expect(isStalled(running, at(600_000 + SILENCE_GRACE_MS))).toBe(false);
    expect(isStalled(running, at(600_001 + SILENCE_GRACE_MS))).toBe(true);
  });

  it('waiting for Jira is a sign of life until it resumes', () => {
    const waiting = job({ state: 'running', updatedAt: iso(0), resumesAt: iso(900_000) });
    expect(isStalled(waiting, at(900_000 + SILENCE_GRACE_MS))).toBe(false);
    expect(isStalled(waiting, at(900_001 + SILENCE_GRACE_MS))).toBe(true);
  });
});

describe('a finished push', () => {
  it('is never active nor stalled', () => {
    for (const state of ['done', 'failed'] as const) {
      const finished = job({ state, finishedAt: iso(1000) });
      expect(isActive(finished, at(10 ** 9))).toBe(false);
      expect(isStalled(finished, at(10 ** 9))).toBe(false);
    }
  });
});

describe('a new push', () => {
  it('keeps what the push before it created recently, and nothing older', () => {
    const previous = job({
      state: 'done',
      version: 7,
      recent: [
        { planItemId: 'session:old', issueKey: 'ROLL-3', at: iso(0) },
        { planItemId: 'session:new', issueKey: 'ROLL-4', at: iso(RECENT_MS) },
      ],
    });
    const next = newPushJob({
      jobId: '00000000-0000-4000-8000-000000000003',
      rolloutId: previous.rolloutId,
      requestedBy: 'rc-demo-coordinator',
      total: 12,
      now: at(RECENT_MS + 1),
      previous,
    });
    expect(next).toMatchObject({ state: 'queued', created: 0, failed: [], version: 8 });
    expect(next.recent.map((entry) => entry.planItemId)).toEqual(['session:new']);
  });

  it('writes each change as the next version', () => {
    const first = job();
    const second = nextVersion(first, { state: 'running' }, at(5));
    expect(second).toMatchObject({
      state: 'running',
      version: first.version + 1,
      updatedAt: iso(5),
    });
  });
});

describe('a reason Jira gave', () => {
  it('is kept whole when short, and cut at a character within the byte budget when long', () => {
    expect(shortReason('summary: You must specify a summary of the issue.')).toBe(
      'summary: You must specify a summary of the issue.',
    );
    const cut = shortReason('é'.repeat(200));
    expect(new TextEncoder().encode(cut).length).toBeLessThanOrEqual(REASON_BYTES_MAX);
    expect(cut).toMatch(/^é+…$/u);
  });
});

describe('the stored record', () => {
  it('fits in 240 KiB for the largest plan with every item refused at length', () => {
    const uuid = '00000000-0000-4000-8000-000000000000';
    const items = PLAN_SESSIONS_MAX + PLAN_PHASES_MAX * PLAN_PHASE_TASKS_MAX;
    const longest = `phase:${uuid}:task:${uuid}`;
    const worst = job({
      total: items,
      failed: Array.from({ length: items }, () => ({
        planItemId: longest,
        reason: shortReason('é'.repeat(REASON_BYTES_MAX)),
      })),
      error: {
        code: 'UPSTREAM',
        messageKey: 'errors.upstream',
        message: 'Jira answered 503 to the issue search.',
      },
    });
    expect(Buffer.byteLength(JSON.stringify(worst))).toBeLessThan(240 * 1024);
  });

  it('keeps as many recently created issues as the largest plan has items', () => {
    const items = PLAN_SESSIONS_MAX + PLAN_PHASES_MAX * PLAN_PHASE_TASKS_MAX;
    const uuid = '00000000-0000-4000-8000-000000000000';
    const worst = job({
      recent: Array.from({ length: items }, (_, n) => ({
        planItemId: `phase:${uuid}:task:${uuid}`,
        issueKey: `ROLLOUTS-${String(100_000 + n)}`,
        at: iso(n),
      })),
    });
    expect(Buffer.byteLength(JSON.stringify(worst))).toBeLessThan(240 * 1024);
  });
});

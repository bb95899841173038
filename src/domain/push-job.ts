/**
 * Pushing a plan to Jira as a background job (an async event and its consumer): the job's
 * record, its states, and the rules for when it counts as alive. Pure: times are arguments.
 *
 * One record per rollout (its current or last push). Every delivery of the job's event claims
 * it (`runner` until `runnerUntil`, the invocation's own deadline) before creating anything, so
 * two deliveries of the same event never work at once; the claim is released on every way out
 * (done, waiting for Jira, out of time, a failure it retries). A job that shows no sign of life
 * for a while (its consumer was killed, its event lost) is "stalled": a new push may replace it.
 */
import type { AppError } from './errors';

export type PushJobState = 'queued' | 'running' | 'done' | 'failed';

/** A plan item created recently, remembered while Jira's search index may not show it yet. */
export interface RecentIssue {
  planItemId: string;
  issueKey: string;
  at: string;
}

/** A plan item Jira refused in this push, with Jira's reason. */
export interface PushFailure {
  planItemId: string;
  /** Jira's own words for the refusal ('' when Jira gave none, only a status). */
  reason: string;
  /** Jira's HTTP status when it gave no reason (the UI says it in the reader's language). */
  status?: number;
}

export interface PushJob {
  jobId: string;
  rolloutId: string;
  /** Who asked for the push: the issues are created as this user. */
  requestedBy: string;
  state: PushJobState;
  /** Plan items (sessions and phase tasks) when the consumer last looked. */
  total: number;
  /** Plan items with their Jira issue, as of the last progress write. */
  inJira: number;
  /** Issues this push created so far. */
  created: number;
  /** Issues this push set out to create (0 until the consumer looked at what Jira holds). */
  toCreate: number;
  failed: PushFailure[];
  /**
   * Earlier work issues this push made children of the anchor (pushes before the parent field
   * linked them instead), and how many it found to move. Absent in jobs stored before.
   */
  moved?: number;
  toMove?: number;
  /**
   * The anchor's issue type cannot be a parent (a task, not an epic): the work is linked to it
   * instead, and the coordinator is told so. Absent in jobs stored before.
   */
  linkedOnly?: boolean;
  /** Why Jira refused to move an earlier issue under the anchor ('' when it did not). */
  moveRefused?: string;
  /** Created in the last RECENT_MS by this push or the one before (kept across pushes). */
  recent: RecentIssue[];
  /** The delivery working on the job ('' when none) and until when it may run. */
  runner: string;
  runnerUntil: string;
  /** When the job goes on after a wait (Jira's Retry-After, a retry after a failure); '' if none. */
  resumesAt: string;
  /** Failed deliveries in a row (a storage or Jira outage): the job gives up after ERRORS_MAX. */
  errors: number;
  /** Why the last delivery failed, or why the job stopped (state `failed`). */
  error: AppError | null;
  deliveries: number;
  requestedAt: string;
  updatedAt: string;
  finishedAt: string;
  version: number;
}

/** How long a created issue is trusted to exist before the search index shows it. */
export const RECENT_MS = 10 * 60_000;
/** A queued job that no delivery took up within this long is stalled. */
export const QUEUE_GRACE_MS = 5 * 60_000;
/** A running job with no runner and nothing scheduled for this long is stalled. */
export const SILENCE_GRACE_MS = 5 * 60_000;
/** Consecutive failed deliveries before the job stops and says why. */
export const ERRORS_MAX = 4;
/**
 * Jira's reasons are kept to this many UTF-8 bytes: a job record holds every refused item of a
 * 740-item plan, and a stored value may hold 240 KiB.
 */
export const REASON_BYTES_MAX = 120;

function time(iso: string): number {
  return iso === '' ? 0 : Date.parse(iso);
}

export function isFinished(job: PushJob): boolean {
  return job.state === 'done' || job.state === 'failed';
}

/** A delivery is working on the job right now. */
export function isClaimed(job: PushJob, now: Date): boolean {
  return job.runner !== '' && time(job.runnerUntil) > now.getTime();
}

/** Queued or running, with no sign of life for longer than it should take. */
export function isStalled(job: PushJob, now: Date): boolean {
  if (isFinished(job) || isClaimed(job, now)) return false;
  const at = now.getTime();
  if (job.state === 'queued') return at > time(job.requestedAt) + QUEUE_GRACE_MS;
  const lastSign = Math.max(time(job.updatedAt), time(job.resumesAt), time(job.runnerUntil));
  return at > lastSign + SILENCE_GRACE_MS;
}

/** A job that a second push joins instead of starting another. */
export function isActive(job: PushJob, now: Date): boolean {
  return !isFinished(job) && !isStalled(job, now);
}

/** What the last pushes created that the search index may still miss. */
export function recentIssues(job: PushJob | undefined, now: Date): RecentIssue[] {
  if (!job) return [];
  return job.recent.filter((entry) => time(entry.at) > now.getTime() - RECENT_MS);
}

const utf8 = new TextEncoder();

/** The reason cut to REASON_BYTES_MAX bytes (whole characters, with an ellipsis when cut). */
export function shortReason(reason: string): string {
  if (utf8.encode(reason).length <= REASON_BYTES_MAX) return reason;
  const ellipsis = '…';
  let kept = '';
  let bytes = utf8.encode(ellipsis).length;
  for (const char of reason) {
    bytes += utf8.encode(char).length;
    if (bytes > REASON_BYTES_MAX) break;
    kept += char;
  }
  return `${kept}${ellipsis}`;
}

/** A new job, replacing `previous` (whose memory of recent issues it keeps). */
export function newPushJob(input: {
  jobId: string;
  rolloutId: string;
  requestedBy: string;
  total: number;
  now: Date;
  previous: PushJob | undefined;
}): PushJob {
  const at = input.now.toISOString();
  return {
    jobId: input.jobId,
    rolloutId: input.rolloutId,
    requestedBy: input.requestedBy,
    state: 'queued',
    total: input.total,
    inJira: 0,
    created: 0,
    toCreate: 0,
    failed: [],
    recent: recentIssues(input.previous, input.now),
    runner: '',
    runnerUntil: '',
    resumesAt: '',
    errors: 0,
    error: null,
    deliveries: 0,
    requestedAt: at,
    updatedAt: at,
    finishedAt: '',
    version: (input.previous?.version ?? 0) + 1,
  };
}

/** The next version of the job with `changes` (written conditioned on the current version). */
export function nextVersion(job: PushJob, changes: Partial<PushJob>, now: Date): PushJob {
  return { ...job, ...changes, updatedAt: now.toISOString(), version: job.version + 1 };
}

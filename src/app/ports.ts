/**
 * What use cases reach the world through, and how they are called.
 *
 * `Ports` is the catalogue; no use case takes all of it. Each declares the few ports it uses
 * (`Pick<Ports, 'jira' | 'rollouts'>`), so a test gives it fakes for exactly those, and reading
 * its signature tells what it touches. src/wiring.ts binds every port to its Forge adapter.
 */
import type { ConfluencePort } from '../atlassian/confluence';
import type { JiraPort } from '../atlassian/jira/port';
import type { FunctionKey, PayloadOut, ResultOf } from '../contract';
import type { PushQueue } from '../platform/push-queue-port';
import type { ApprovalRepository } from '../storage/approvals';
import type { AttendanceRepository } from '../storage/attendance';
import type { AuditRepository } from '../storage/audit';
import type { CleanupRepository } from '../storage/cleanup';
import type { CleanupSweepRepository } from '../storage/cleanup-sweep';
import type { DigestRepository } from '../storage/digest';
import type { DelegationRepository } from '../storage/delegations';
import type { DepartmentRepository } from '../storage/departments';
import type { LeaseRepository } from '../storage/leases';
import type { ProblemQueue } from '../platform/problem-queue-port';
import type { ProblemRepository } from '../storage/problems';
import type { PersonIndexRepository } from '../storage/person-index';
import type { PulseRepository } from '../storage/pulses';
import type { PushJobRepository } from '../storage/push-jobs';
import type { RolloutRepository } from '../storage/rollouts';
import type { SettingsRepository } from '../storage/settings';
import type { SuggestionRepository } from '../storage/suggestions';
import type { TrainedRepository } from '../storage/trained';
import type { PolicyRepository } from '../storage/policies';
import type { WorkStateRepository } from '../storage/work-states';
import type { SnapshotRepository } from '../storage/snapshots';
import type { SignalsPort } from '../storage/signals';
import type { StandInRepository } from '../storage/stand-ins';
import type { DepartmentHeadRepository } from '../storage/department-heads';
import type { MineKeyRepository } from '../storage/mine-keys';

export interface Ports {
  /** Jira as the invocation's user (`asUser`), and as the app for what every viewer may see. */
  jira: JiraPort;
  /** Jira as a given user: work done for someone outside their own invocation (a queued push). */
  jiraAs: (accountId: string) => JiraPort;
  confluence: ConfluencePort;
  departments: DepartmentRepository;
  rollouts: RolloutRepository;
  approvals: ApprovalRepository;
  audit: AuditRepository;
  delegations: DelegationRepository;
  /** What a round needs of the directory and of delegations, by key (decision 0047). */
  standIns: StandInRepository;
  /** The directory's keys by head and their one-time backfill (decision 0047). */
  departmentHeads: DepartmentHeadRepository;
  /** "My rollouts"' keys by group, person and delegate, and their backfill (decision 0058). */
  mineKeys: MineKeyRepository;
  settings: SettingsRepository;
  leases: LeaseRepository;
  pushJobs: PushJobRepository;
  problems: ProblemRepository;
  attendance: AttendanceRepository;
  /** Each rollout's trained % and attendance summary (derived), and the head-counts entered. */
  trained: TrainedRepository;
  /** Each rollout's policy pages, who acknowledged them and the counters (decision 0038). */
  policies: PolicyRepository;
  /** Pulses, their anonymous answers and receipts, and check-ins. */
  pulses: PulseRepository;
  /** What each person has to do across rollouts (problems owned, sessions run), by person. */
  personIndex: PersonIndexRepository;
  /** Where "a problem was raised" goes for its e-mails. */
  problemQueue: ProblemQueue;
  /** What Jira says of each work issue of a rollout (kept by the work-events trigger). */
  workStates: WorkStateRepository;
  /** The coordinator's answers to suggested adjustments. */
  suggestions: SuggestionRepository;
  /** The progress gadget's daily snapshots and trend. */
  snapshots: SnapshotRepository;
  /** Trained % and readiness, as the features that keep them answer them. */
  signals: SignalsPort;
  /** The weekly digest's settings, opt-outs and sent claims. */
  digest: DigestRepository;
  /** Gone rollouts waiting for their records to be removed, and the removal (decision 0045). */
  cleanup: CleanupRepository;
  cleanupSweep: CleanupSweepRepository;
  /** Where pushes of plans to Jira are queued for their consumer. */
  pushQueue: PushQueue;
  now: () => Date;
  /** Unique ids for records and events that have no natural key. */
  newId: () => string;
  /** The app and the environment this code runs in (what a macro's extension key names). */
  appIdentity: () => { appId: string; environmentId: string; environmentType: string };
  /** Milliseconds left before the platform ends this invocation. */
  remainingMs: () => number;
}

/**
 * Who calls a use case from the UI, and on what: taken from the platform's context by the
 * resolver edge, never from the payload.
 */
export interface Caller {
  /** The acting user. */
  accountId: string;
  /** The user's locale as the platform sent it (`fr-FR`); undefined when it sent none. */
  locale: string | undefined;
  /** The site's address (`https://example.atlassian.net`): links into Jira start there. */
  siteUrl: string;
  /** The Jira issue a panel was opened on. */
  issue: { id: string; key: string } | undefined;
  /** The Confluence space a module was opened in (by id, or by key alone: id ''). */
  space: { id: string; key: string } | undefined;
  /** The Confluence page a macro sits on. */
  pageId: string | undefined;
  /** The rollout a macro instance is bound to by its configuration. */
  macroRolloutId: string | undefined;
}

/** A use case behind a contract key: its validated payload and its caller in, its result out. */
export type UseCase<K extends FunctionKey, P> = (
  payload: PayloadOut<K>,
  call: Caller,
  ports: P,
) => Promise<ResultOf<K>>;

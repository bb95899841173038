/**
 * Errors as values: a stable code and a message key (with its parameters) that each reader sees
 * in their own language, and the catalogue of every kind of error the app answers. Pure and
 * zod-free: the UI envelope (contract/envelope.ts) carries them, so do records that remember why
 * something failed (a push job), and the UI imports the catalogue.
 */
export const ERROR_CODES = [
  'VALIDATION',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'LIMIT',
  'UPSTREAM',
  'INTERNAL',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** One invalid field of a payload: where it is and which message key explains it. */
export interface FieldIssue {
  path: string;
  messageKey: string;
  params?: Record<string, string | number>;
}

/**
 * An error as a value. `message` is English, for logs and scripts; the UI translates with
 * `messageKey` (and `params`) so each user reads it in their own language.
 */
export interface AppError {
  code: ErrorCode;
  message: string;
  messageKey: string;
  params?: Record<string, string | number>;
  details?: { fields?: FieldIssue[]; current?: unknown; reconfirm?: ReconfirmItem[] };
}

/**
 * A department an edit would ask to approve again, for the confirmation shown before it: its
 * name, who decides for it (the head, and their stand-in today), and what changed for it, told
 * in the reader's language.
 */
export interface ReconfirmItem {
  department: string;
  approvers: string[];
  changes: string[];
}

/** One kind of error: its code, and the names of the parameters its message is given. */
export interface ErrorKindSpec<P extends string> {
  readonly code: ErrorCode;
  readonly params: readonly P[];
}

function kind<P extends string = never>(
  code: ErrorCode,
  params: readonly P[] = [],
): ErrorKindSpec<P> {
  return { code, params };
}

/**
 * The errors a screen makes itself when a call could not run or answered nothing it can read.
 * Apart from the catalogue below (which holds them too) so the UI's entry carries these two and
 * not every kind: the catalogue is about 2 KB gzip of the first load of every surface.
 */
const CALL_ERROR_KINDS = {
  'errors.network': { code: 'UPSTREAM', params: [] },
  'errors.internal': { code: 'INTERNAL', params: [] },
} as const satisfies Record<string, ErrorKindSpec<never>>;

/** The error of a call that failed before its function answered (see `CALL_ERROR_KINDS`). */
export function callError(kind: keyof typeof CALL_ERROR_KINDS): AppError {
  return { code: CALL_ERROR_KINDS[kind].code, messageKey: kind, message: kind };
}

/**
 * Every error the app answers, once: its message key (the text is in the locale files, in every
 * language, and nowhere else) and its code. test/unit/error-catalogue.test.ts checks that each
 * one has its message in every locale file, with the parameters declared here.
 */
export const ERROR_KINDS = {
  // Any call
  'errors.validation': kind('VALIDATION'),
  'errors.signedOut': kind('FORBIDDEN'),
  'errors.unknownFunction': kind('NOT_FOUND'),
  'errors.request.reused': kind('CONFLICT'),
  'errors.upstream': kind('UPSTREAM', ['product', 'status']),
  'errors.storageBusy': kind('UPSTREAM', ['status']),
  'errors.jira.notConnected': kind('UPSTREAM'),
  ...CALL_ERROR_KINDS,
  // Where a module was opened
  'errors.issue.noIssue': kind('NOT_FOUND'),
  'errors.issue.notFound': kind('NOT_FOUND'),
  'errors.strategy.noSpace': kind('NOT_FOUND'),
  'errors.strategy.spaceNotFound': kind('NOT_FOUND'),
  // The directory and the settings
  'errors.directory.adminOnly': kind('FORBIDDEN'),
  'errors.directory.full': kind('LIMIT', ['max']),
  'errors.department.delegateIsHead': kind('VALIDATION'),
  'errors.department.supervisors': kind('VALIDATION'),
  'errors.department.tooManySupervisors': kind('VALIDATION'),
  'errors.department.unknownUser': kind('VALIDATION'),
  'errors.department.inactiveUser': kind('VALIDATION'),
  'errors.department.nameTaken': kind('VALIDATION', ['name']),
  'errors.department.notFound': kind('NOT_FOUND'),
  'errors.department.stale': kind('CONFLICT'),
  'errors.department.inUse': kind('CONFLICT', ['name']),
  'errors.department.unknownGroup': kind('VALIDATION'),
  'errors.settings.adminOnly': kind('FORBIDDEN'),
  'errors.settings.stale': kind('CONFLICT'),
  'errors.digest.forbidden': kind('FORBIDDEN'),
  'errors.digest.stale': kind('CONFLICT'),
  'errors.digest.weekday': kind('VALIDATION'),
  'errors.digest.tooManySponsors': kind('VALIDATION'),
  // Rollouts and their approvals
  'errors.rollout.notFound': kind('NOT_FOUND'),
  'errors.rollout.editForbidden': kind('FORBIDDEN'),
  'errors.rollout.alreadyExists': kind('CONFLICT'),
  'errors.rollout.stale': kind('CONFLICT'),
  'errors.rollout.cannotRequest': kind('CONFLICT'),
  'errors.rollout.decidersCannotBrowse': kind('CONFLICT', ['people', 'issue']),
  'errors.rollout.browseChecksPending': kind('CONFLICT', ['checked', 'left', 'issue']),
  'errors.rollout.confirmReconfirmation': kind('CONFLICT'),
  'errors.rollout.noChange': kind('CONFLICT'),
  'errors.rollout.notEditable': kind('CONFLICT'),
  'errors.rollout.unknownDepartment': kind('VALIDATION'),
  'errors.rollout.tooLarge': kind('LIMIT', ['size', 'max', 'field']),
  'errors.rollout.discardApproved': kind('CONFLICT'),
  'errors.rollout.discardForbidden': kind('FORBIDDEN'),
  'errors.approval.notFound': kind('NOT_FOUND'),
  'errors.approval.stale': kind('CONFLICT'),
  'errors.approval.commentRequired': kind('VALIDATION'),
  // A decision refused: each is given the approver, the department and its stage.
  'errors.approval.notApprover': kind('FORBIDDEN', ['approver', 'department', 'stage']),
  'errors.approval.alreadyDecided': kind('FORBIDDEN', ['approver', 'department', 'stage']),
  'errors.approval.stageNotOpen': kind('FORBIDDEN', ['approver', 'department', 'stage']),
  'errors.approval.selfApproval': kind('FORBIDDEN', ['approver', 'department', 'stage']),
  'errors.approval.roundClosed': kind('FORBIDDEN', ['approver', 'department', 'stage']),
  'errors.delegation.notHead': kind('FORBIDDEN'),
  'errors.delegation.self': kind('VALIDATION'),
  'errors.delegation.past': kind('VALIDATION'),
  'errors.delegation.unknownUser': kind('VALIDATION'),
  'errors.delegation.tooMany': kind('LIMIT', ['max']),
  'errors.delegation.notFound': kind('NOT_FOUND'),
  'errors.delegation.stale': kind('CONFLICT'),
  // Strategies, their Jira work and the Confluence template
  'errors.strategy.notFound': kind('NOT_FOUND'),
  'errors.strategy.spaceForbidden': kind('FORBIDDEN'),
  'errors.strategy.projectForbidden': kind('FORBIDDEN', ['project']),
  'errors.strategy.pageTitleTaken': kind('CONFLICT', ['title']),
  'errors.strategy.creationRunning': kind('CONFLICT'),
  'errors.strategy.incomplete': kind('CONFLICT'),
  'errors.strategy.pageNotCreated': kind('UPSTREAM', ['key']),
  'errors.strategy.pushRunning': kind('CONFLICT'),
  'errors.strategy.pushBusy': kind('LIMIT'),
  'errors.strategy.pushNotQueued': kind('UPSTREAM'),
  'errors.template.spaceAdminOnly': kind('FORBIDDEN'),
  'errors.template.adminOnly': kind('FORBIDDEN'),
  'errors.template.nameTaken': kind('CONFLICT', ['name']),
  // Problems raised during a rollout
  'errors.problem.notInRollout': kind('NOT_FOUND'),
  'errors.problem.triageForbidden': kind('FORBIDDEN'),
  'errors.problem.raising': kind('CONFLICT'),
  'errors.problem.requestReused': kind('CONFLICT'),
  'errors.problem.noIssueType': kind('FORBIDDEN', ['project']),
  'errors.problem.notFound': kind('NOT_FOUND'),
  'errors.problem.stale': kind('CONFLICT'),
  'errors.problem.closed': kind('CONFLICT'),
  'errors.problem.alreadyAcknowledged': kind('CONFLICT'),
  'errors.problem.transitionMissing': kind('FORBIDDEN', ['issueKey', 'from', 'to']),
  'errors.problem.transitionRefused': kind('FORBIDDEN', ['issueKey', 'transition']),
  'errors.problem.assigneeRefused': kind('FORBIDDEN', ['issueKey', 'name']),
  'errors.problem.issueGone': kind('NOT_FOUND', ['issueKey']),
  // The Rollout panel
  // Attendance of a session
  'errors.attendance.notSession': kind('NOT_FOUND'),
  'errors.attendance.recordForbidden': kind('FORBIDDEN'),
  'errors.attendance.notHeld': kind('CONFLICT', ['date']),
  'errors.attendance.stale': kind('CONFLICT'),
  'errors.attendance.unknownUser': kind('VALIDATION'),
  'errors.rolloutPanel.completeForbidden': kind('FORBIDDEN'),
  'errors.rolloutPanel.unknownPhase': kind('NOT_FOUND'),
  'errors.rolloutPanel.notStarted': kind('CONFLICT'),
  'errors.rolloutPanel.blockingOpen': kind('CONFLICT', ['count']),
  // Suggested adjustments
  'errors.suggestion.forbidden': kind('FORBIDDEN'),
  'errors.suggestion.gone': kind('CONFLICT'),
  'errors.suggestion.impossible': kind('CONFLICT'),
  'errors.suggestion.decided': kind('CONFLICT'),
  'errors.suggestion.reasonRequired': kind('VALIDATION'),
  'errors.policy.noPage': kind('NOT_FOUND'),
  'errors.policy.pageNotFound': kind('NOT_FOUND'),
  'errors.policy.rolloutNotFound': kind('NOT_FOUND'),
  'errors.policy.forbidden': kind('FORBIDDEN'),
  'errors.policy.tooManyPages': kind('LIMIT', ['max']),
  'errors.policy.notNamed': kind('NOT_FOUND'),
  'errors.policy.notAsked': kind('FORBIDDEN'),
  'errors.policy.stale': kind('CONFLICT'),
  'errors.headCount.forbidden': kind('FORBIDDEN'),
  'errors.headCount.unknownDepartment': kind('NOT_FOUND'),
  'errors.headCount.stale': kind('CONFLICT'),
  // Pulses and check-ins
  'errors.pulse.score': kind('VALIDATION'),
  'errors.pulse.role': kind('VALIDATION'),
  'errors.pulse.rating': kind('VALIDATION'),
  'errors.pulse.commentTooLong': kind('VALIDATION'),
  'errors.pulse.noteTooLong': kind('VALIDATION'),
  'errors.pulse.periodOrder': kind('VALIDATION'),
  'errors.pulse.periodTooLong': kind('VALIDATION'),
  'errors.pulse.periodPast': kind('VALIDATION'),
  'errors.pulse.departmentsRequired': kind('VALIDATION'),
  'errors.pulse.unknownDepartment': kind('VALIDATION'),
  'errors.pulse.manageForbidden': kind('FORBIDDEN'),
  'errors.pulse.notYourDepartment': kind('FORBIDDEN'),
  'errors.pulse.notAskedDepartment': kind('FORBIDDEN'),
  'errors.pulse.checkInForbidden': kind('FORBIDDEN', ['department']),
  'errors.pulse.resultsForbidden': kind('FORBIDDEN'),
  'errors.pulse.notAnchor': kind('NOT_FOUND'),
  'errors.pulse.notFound': kind('NOT_FOUND'),
  'errors.pulse.notOpen': kind('CONFLICT'),
  'errors.pulse.overlap': kind('CONFLICT', ['from', 'to']),
  'errors.pulse.full': kind('LIMIT', ['max']),
  'errors.pulse.alreadyAnswered': kind('CONFLICT'),
  'errors.pulse.busy': kind('CONFLICT'),
  'errors.pulse.stale': kind('CONFLICT'),
} as const;

/** An error the app answers, named by its message key. */
export type ErrorKind = keyof typeof ERROR_KINDS;

/** The names of the parameters a kind's message is given (never when it takes none). */
export type ErrorParamName<K extends ErrorKind> =
  (typeof ERROR_KINDS)[K] extends ErrorKindSpec<infer P> ? P : never;

/** What an error of kind `K` carries besides its kind: its parameters, if it has some, and details. */
export type ErrorExtra<K extends ErrorKind> = {
  details?: AppError['details'];
} & ([ErrorParamName<K>] extends [never]
  ? { params?: undefined }
  : { params: Record<ErrorParamName<K>, string | number> });

/** `extra` may be left out only when the kind's message takes no parameters. */
export type ErrorExtraArg<K extends ErrorKind> = [ErrorParamName<K>] extends [never]
  ? [extra?: ErrorExtra<K>]
  : [extra: ErrorExtra<K>];

export function isErrorKind(key: string): key is ErrorKind {
  return Object.prototype.hasOwnProperty.call(ERROR_KINDS, key);
}

/**
 * The error of `kind`, its `message` the key itself: where a reader sees it, it is translated by
 * its key. The functions write the English text in `message` for logs (src/app/failures.ts).
 */
export function errorOf<K extends ErrorKind>(kind: K, ...[extra]: ErrorExtraArg<K>): AppError {
  const spec: ErrorKindSpec<string> = ERROR_KINDS[kind];
  return {
    code: spec.code,
    messageKey: kind,
    message: kind,
    ...(extra?.params ? { params: extra.params } : {}),
    ...(extra?.details ? { details: extra.details } : {}),
  };
}

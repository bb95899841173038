/**
 * Sizes the UI needs too. Kept free of zod so the browser bundle does not pull the schemas in.
 */
export const DEPARTMENT_NAME_MAX = 80;
/** A bound on the directory so that listing it stays a fixed number of storage pages. */
export const DIRECTORY_MAX = 300;
/** Approvals: a rollout spans at most this many departments (each with one approval per round). */
export const ROLLOUT_DEPARTMENTS_MAX = 100;
export const ROLLOUT_STAGES_MAX = 10;
export const ROLLOUT_TITLE_MAX = 120;
export const ROLLOUT_OBJECTIVE_MAX = 2000;
/**
 * A rollout as stored (UTF-8 JSON of the whole entity) stays under Forge's 240 KiB per value,
 * with 4 KiB to spare for what later writes add without a new check (page and issue ids, round
 * counters, times).
 */
export const ROLLOUT_BYTES_MAX = 236 * 1024;
/** Decision comments: long enough for a reason, short enough for an e-mail and the audit trail. */
export const COMMENT_MAX = 1000;
/** Delegations a head may have planned at once. */
export const DELEGATIONS_MAX = 10;
/** Supervisors a department may name (who may give its check-in besides its head). */
export const SUPERVISORS_MAX = 10;
/** Sponsors named on one rollout's digest: a handful of executives, never a department's people. */
export const DIGEST_SPONSORS_MAX = 20;
/** Audit events per page in the panel and per export call. */
export const AUDIT_PAGE = 20;
export const AUDIT_EXPORT_PAGE = 100;
/** The rollout plan's bounds (domain/rules/plan.ts says how many of each a plan may hold). */
export const PLAN_PHASES_MAX = 12;
export const PLAN_SESSIONS_MAX = 500;
export const PLAN_PHASE_TASKS_MAX = 20;
export const PLAN_PHASE_NAME_MAX = 80;
/** Task and session titles, and a session's audience. */
export const PLAN_TEXT_MAX = 200;
/**
 * A session's place: a room or a meeting link (Teams and Zoom links with their passcodes run
 * past 200 characters).
 */
export const SESSION_PLACE_MAX = 500;
/** A session lasts from a short stand-up to a long training day, in minutes. */
export const SESSION_DURATION_MIN = 5;
export const SESSION_DURATION_MAX = 720;
/** Seats of a session: from one person to a company-wide webinar. */
export const SESSION_CAPACITY_MAX = 10_000;

/** A page of a rollout's problems in storage (the triage list, the gadget's open counts). */
export const PROBLEM_PAGE = 100;
/** The scale of a pulse answer's scores and of a supervisor's check-in rating: 1 to 5. */
export const SCORE_MIN = 1;
export const SCORE_MAX = 5;
/** Every step of that scale, lowest first: the choices a form offers. */
export const SCORE_SCALE: readonly number[] = Array.from(
  { length: SCORE_MAX - SCORE_MIN + 1 },
  (_, step) => SCORE_MIN + step,
);
/** A pulse comment: a few sentences, in a shared bucket of answers (each under 240 KiB). */
export const PULSE_COMMENT_MAX = 1000;
/** A check-in's note: what the supervisor sees (blockers, mood). */
export const CHECK_IN_NOTE_MAX = 1000;

/**
 * Rows of the open stage whose stand-in the bottleneck table names, oldest first: their
 * departments and their heads' delegation records are 2 keys each of one storage batch (25 keys
 * at most, Forge's bound), so the cost stays one call whatever the number of departments
 * (decision 0059).
 */
export const STAND_IN_ROWS_MAX = 12;

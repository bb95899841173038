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
/** Decision comments: long enough for a reason, short enough for an e-mail and the audit trail. */
export const COMMENT_MAX = 1000;
/** Delegations a head may have planned at once. */
export const DELEGATIONS_MAX = 10;
/** Audit events per page in the panel and per export call. */
export const AUDIT_PAGE = 20;
export const AUDIT_EXPORT_PAGE = 100;

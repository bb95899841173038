/**
 * Sizes the UI needs too. Kept free of zod so the browser bundle does not pull the schemas in.
 */
export const DEPARTMENT_NAME_MAX = 80;
/** A bound on the directory so that listing it stays a fixed number of storage pages. */
export const DIRECTORY_MAX = 300;

/** The gadget's configuration's words and bounds, shared by the browser (no schema here). */

/** How many rollouts one gadget follows at most: what keeps its load's cost bounded. */
export const GADGET_ROLLOUTS_MAX = 5;

export const GADGET_VIEWS = ['overview', 'department', 'phase'] as const;
export type GadgetView = (typeof GADGET_VIEWS)[number];

/** Auto-refresh intervals (minutes) the edit view offers; 0: none. */
export const GADGET_REFRESH_MINUTES = [0, 15, 30, 60] as const;

/** Policy pages to acknowledge, and their figures. */

/** A policy page one person is asked to acknowledge, and where they stand. */
export interface PolicyItem {
  rolloutId: string;
  /** The rollout asking; empty when the person cannot browse its anchor issue (decision 0061). */
  rolloutTitle: string;
  pageId: string;
  pageTitle: string;
  pageUrl: string;
  /** The version asked for. */
  version: number;
  /** The version they acknowledged (null: none). */
  acknowledgedVersion: number | null;
  /** due: never acknowledged; again: a material revision asks again; done: acknowledged. */
  state: 'due' | 'again' | 'done';
  /** Since when the version asked for is asked (named, or revised). */
  askedSince: string;
  /** What changed, for people asked again: the version's message ('' none) and Confluence's comparison. */
  change: { message: string; previousVersion: number; compareUrl: string } | null;
}

/** One department's acknowledged figure on one rollout's policy. */
export interface PolicyDepartmentView {
  departmentId: string;
  name: string;
  acknowledged: number;
  people: number;
  /** Lowest over the policy's pages, 0–100; null when its people are unknown (no group). */
  percent: number | null;
}

/** A rollout the coordinator may name the page for, and its figures when named. */
export interface PolicyRolloutView {
  rolloutId: string;
  title: string;
  /** Whether the page is part of this rollout's policy. */
  named: boolean;
  /** The version asked for (null: not named). */
  version: number | null;
  /** Whether Confluence holds a newer version than the one asked for. */
  newerVersion: boolean;
  departments: PolicyDepartmentView[];
}

/** The policy byline on a Confluence page. */
export interface PolicyBylineView {
  pageId: string;
  pageTitle: string;
  currentVersion: number;
  /** What the viewer is asked to acknowledge on this page. */
  items: PolicyItem[];
  /** Rollouts the viewer coordinates in this space or that name the page (empty: none). */
  rollouts: PolicyRolloutView[];
}

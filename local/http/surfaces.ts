/**
 * The app's surfaces the local host plays, each at a page of its own: which product it is in,
 * where its host page lives, the module type it shows and the persona who can use it.
 */
export interface Surface {
  id: string;
  product: 'Jira' | 'Confluence';
  title: string;
  /** Where the host page lives. */
  path: string;
  moduleType: string;
  /** Persona the index page links with, one who can use the surface. */
  suggestedPersona: string;
  describe: string;
  /** Served by a route of its own (a path with parameters), not by `renderHostPage`. */
  routed?: true;
  /**
   * Jira's administration: only Jira administrators (global permission ADMINISTER) reach it;
   * anyone else gets Jira's no-permission page and no app at all, as on a site.
   */
  adminOnly?: true;
}

export const SURFACES: readonly Surface[] = [
  {
    id: 'jira-admin',
    product: 'Jira',
    title: 'Apps › Rollout Coordinator (admin page)',
    path: '/jira/admin',
    moduleType: 'jira:adminPage',
    suggestedPersona: 'admin',
    describe:
      'The department directory (departments, their heads and delegates, reused by every rollout) and the approval settings. Jira administrators only.',
    adminOnly: true,
  },
  {
    id: 'jira-issue',
    product: 'Jira',
    title: 'Issue view › Approvals panel (ROLL-1)',
    path: '/jira/issue/ROLL-1',
    moduleType: 'jira:issuePanel',
    suggestedPersona: 'coordinator',
    describe:
      'The rollout’s issue: its status and workflow transitions (“Start rollout” runs the approval gate) and the Approvals panel.',
    routed: true,
  },
  {
    id: 'jira-global-page',
    product: 'Jira',
    title: 'Apps › My rollouts (global page)',
    path: '/jira/apps/my-rollouts',
    moduleType: 'jira:globalPage',
    suggestedPersona: 'head-finance',
    describe:
      'What waits for the person across rollouts: approvals to decide (in place), problems assigned to them, sessions they run, pulses open to them. Jira’s Apps menu opens it.',
  },
  {
    id: 'jira-dashboard',
    product: 'Jira',
    title: 'Dashboards › Rollouts (Rollout progress gadget)',
    path: '/jira/dashboard',
    moduleType: 'jira:dashboardGadget',
    suggestedPersona: 'coordinator',
    describe:
      'A Jira dashboard with the Rollout progress gadget: its edit view (which rollouts, which view), refresh and auto-refresh.',
    routed: true,
  },
  {
    id: 'confluence-space-page',
    product: 'Confluence',
    title: 'Company rollouts › Rollout strategies (space page)',
    path: '/confluence/space/ROLL/rollouts',
    moduleType: 'confluence:spacePage',
    suggestedPersona: 'coordinator',
    describe:
      'The space’s rollout strategies and the “New rollout strategy” flow: the page, the rollout and its Jira work, created and linked together.',
    routed: true,
  },
  {
    id: 'confluence-space-settings',
    product: 'Confluence',
    title: 'Company rollouts › Space settings › Rollout Coordinator',
    path: '/confluence/space/ROLL/settings',
    moduleType: 'confluence:spaceSettings',
    suggestedPersona: 'coordinator',
    describe: 'Registers the “Rollout strategy” template in the space (space admins).',
    routed: true,
  },
  {
    id: 'confluence-global-settings',
    product: 'Confluence',
    title: 'Confluence settings › Rollout Coordinator',
    path: '/confluence/settings',
    moduleType: 'confluence:globalSettings',
    suggestedPersona: 'admin',
    describe: 'Registers the “Rollout strategy” template for the whole site (Confluence admins).',
    routed: true,
  },
];

/** The issue key of an issue-view path (`/jira/issue/ROLL-1` → `ROLL-1`). */
export function issueKeyOf(path: string): string | undefined {
  return /^\/jira\/issue\/([A-Za-z][A-Za-z0-9]*-\d+)$/u.exec(path)?.[1]?.toUpperCase();
}

/**
 * The demo company's Jira: its people (the personas the host lets you act as, and colleagues so
 * that user search has something to find), who may do what, the "Company rollouts" project and
 * the first rollout's issue. Names mix French and English speakers, as the company does.
 */
import type { JiraStore, NewJiraUser, Persona } from '../products';
import type { JsonObject } from '../products/json';

export const DEMO_PROJECT_KEY = 'ROLL';
export const DEMO_ISSUE_KEY = 'ROLL-1';

/** Jira Cloud's usual group names: everyone licensed, and the site's Jira administrators. */
const USERS_GROUP = 'jira-software-users';
const ADMINS_GROUP = 'jira-admins';
/** A project role of the demo company: department heads raise problems and take tasks, no edits. */
const HEAD_ROLE = 'Department head';

export const PERSONAS: readonly Persona[] = [
  {
    key: 'coordinator',
    role: 'implementation coordinator',
    accountId: 'rc-demo-coordinator',
    displayName: 'Camille Martin',
    email: 'camille.martin@example.com',
    // English on purpose: opening the app with `?locale=fr-FR` then shows the language switch.
    locale: 'en-US',
    timeZone: 'Europe/Paris',
    jiraAdmin: false,
    canBrowseRoll: true,
  },
  {
    key: 'head-sales',
    role: 'head of Sales',
    accountId: 'rc-demo-head-sales',
    displayName: 'Sophie Bernard',
    email: 'sophie.bernard@example.com',
    locale: 'fr-FR',
    timeZone: 'Europe/Paris',
    jiraAdmin: false,
    canBrowseRoll: true,
  },
  {
    key: 'head-support',
    role: 'head of Customer Support',
    accountId: 'rc-demo-head-support',
    displayName: 'Daniel Okafor',
    email: 'daniel.okafor@example.com',
    locale: 'en-GB',
    timeZone: 'Europe/London',
    jiraAdmin: false,
    canBrowseRoll: true,
  },
  {
    key: 'head-finance',
    role: 'head of Finance',
    accountId: 'rc-demo-head-finance',
    displayName: 'Élodie Lefèvre',
    email: 'elodie.lefevre@example.com',
    locale: 'fr-FR',
    timeZone: 'Europe/Paris',
    jiraAdmin: false,
    canBrowseRoll: true,
  },
  {
    key: 'head-operations',
    role: 'head of Operations',
    accountId: 'rc-demo-head-operations',
    displayName: 'Marcus Chen',
    email: 'marcus.chen@example.com',
    locale: 'en-US',
    timeZone: 'America/New_York',
    jiraAdmin: false,
    canBrowseRoll: true,
  },
  {
    key: 'employee',
    role: 'employee in Finance',
    accountId: 'rc-demo-employee',
    displayName: 'Lucas Petit',
    email: 'lucas.petit@example.com',
    locale: 'fr-FR',
    timeZone: 'Europe/Paris',
    jiraAdmin: false,
    canBrowseRoll: true,
  },
  {
    key: 'delegate-finance',
    role: 'deputy head of Finance, who approves for Finance when Élodie is away',
    accountId: 'rc-demo-delegate-finance',
    displayName: 'Julien Mercier',
    email: 'julien.mercier@example.com',
    locale: 'fr-FR',
    timeZone: 'Europe/Paris',
    jiraAdmin: false,
    canBrowseRoll: true,
  },
  {
    key: 'outsider',
    role: 'contractor outside project ROLL',
    accountId: 'rc-demo-outsider',
    displayName: 'Riley Stone',
    email: 'riley.stone@example.com',
    locale: 'en-US',
    timeZone: 'America/Chicago',
    jiraAdmin: false,
    canBrowseRoll: false,
  },
  {
    key: 'admin',
    role: 'Jira administrator',
    accountId: 'rc-demo-admin',
    displayName: 'Alex Morgan',
    email: 'alex.morgan@example.com',
    locale: 'en-US',
    timeZone: 'America/Los_Angeles',
    jiraAdmin: true,
    canBrowseRoll: true,
  },
];

/** Persona keys of the department heads (project role "Department head" on ROLL). */
const HEAD_KEYS: readonly string[] = [
  'head-sales',
  'head-support',
  'head-finance',
  'head-operations',
];

/**
 * Colleagues who are not personas: ordinary users who browse ROLL. Two keep their email private
 * and one has left the company (inactive), so screens meet both cases.
 */
const COLLEAGUES: readonly NewJiraUser[] = [
  colleague('Chloé Dubois', 'fr-FR', 'Europe/Paris'),
  colleague('Hugo Moreau', 'fr-FR', 'Europe/Paris'),
  colleague('Manon Laurent', 'fr-FR', 'Europe/Paris'),
  colleague('Théo Garnier', 'fr-FR', 'Europe/Paris'),
  { ...colleague('Inès Fontaine', 'fr-FR', 'Europe/Paris'), emailVisibility: 'private' },
  colleague('Nathan Roux', 'fr-FR', 'Europe/Paris'),
  colleague('Camille Rousseau', 'fr-FR', 'Europe/Paris'),
  colleague('Emily Carter', 'en-GB', 'Europe/London'),
  { ...colleague('James Whitaker', 'en-GB', 'Europe/London'), emailVisibility: 'private' },
  colleague('Priya Natarajan', 'en-US', 'America/New_York'),
  colleague('Grace Kim', 'en-US', 'America/Los_Angeles'),
  { ...colleague('Thomas Girard', 'fr-FR', 'Europe/Paris'), active: false },
];

/**
 * Jira groups of two departments' people, which the directory links (local/seed/departments.ts):
 * their members count for the trained %. Support and Operations have none, as in many companies,
 * so the head-count fallback shows too. Thomas Girard left the company: an inactive member, not
 * counted.
 */
export const DEPARTMENT_GROUPS: Readonly<Record<string, readonly string[]>> = {
  'finance-team': [
    'rc-demo-head-finance',
    'rc-demo-employee',
    'rc-demo-delegate-finance',
    'rc-demo-user-chloe-dubois',
    'rc-demo-user-hugo-moreau',
    'rc-demo-user-manon-laurent',
    'rc-demo-user-ines-fontaine',
  ],
  'sales-team': [
    'rc-demo-head-sales',
    'rc-demo-user-nathan-roux',
    'rc-demo-user-camille-rousseau',
    'rc-demo-user-emily-carter',
    'rc-demo-user-james-whitaker',
    'rc-demo-user-thomas-girard',
  ],
};

function asciiSlug(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '.');
}

function colleague(displayName: string, locale: string, timeZone: string): NewJiraUser {
  const slug = asciiSlug(displayName);
  return {
    accountId: `rc-demo-user-${slug.replace(/\./g, '-')}`,
    displayName,
    emailAddress: `${slug}@example.com`,
    locale,
    timeZone,
  };
}

/** Atlassian Document Format for a description made of paragraphs. */
function adf(...paragraphs: string[]): JsonObject {
  return {
    type: 'doc',
    version: 1,
    content: paragraphs.map((text) => ({ type: 'paragraph', content: [{ type: 'text', text }] })),
  };
}

function persona(key: string): Persona {
  const found = PERSONAS.find((candidate) => candidate.key === key);
  if (!found) throw new Error(`Unknown persona ${key}`);
  return found;
}

/** The app's workflow validator, as the manifest names it: attached to "Start rollout". */
export const GATE_VALIDATOR = 'rollout-approval-gate';

/** Transition ids of the ROLL workflow. */
export const ROLL_TRANSITIONS = {
  start: '11',
  complete: '21',
  reopen: '31',
  backToApproval: '41',
} as const;

/**
 * ROLL's company-managed workflow: a rollout starts only through "Start rollout", which carries
 * the app's approval gate, as a Jira admin would configure it. Added to a site seeded before the
 * workflow existed, never replaced once there (an admin may have changed it).
 */
export function ensureDemoWorkflow(store: JiraStore): void {
  if (!store.projects.getProject(DEMO_PROJECT_KEY) || store.workflows.hasWorkflow(DEMO_PROJECT_KEY))
    return;
  store.workflows.defineWorkflow(DEMO_PROJECT_KEY, {
    name: 'Company rollouts workflow',
    transitions: [
      {
        id: ROLL_TRANSITIONS.start,
        name: 'Start rollout',
        from: ['To Do'],
        to: 'In Progress',
        validators: [{ moduleKey: GATE_VALIDATOR }],
      },
      { id: ROLL_TRANSITIONS.complete, name: 'Complete', from: ['In Progress'], to: 'Done' },
      { id: ROLL_TRANSITIONS.reopen, name: 'Reopen', from: ['Done'], to: 'To Do' },
      // Taken by the app when a changed plan goes back to heads of a rollout under way.
      {
        id: ROLL_TRANSITIONS.backToApproval,
        name: 'Back to approval',
        from: ['In Progress'],
        to: 'To Do',
      },
    ],
  });
}

/** Seeds the demo company's Jira. Idempotent: does nothing once the site has people or projects. */
export function seedJira(store: JiraStore): void {
  if (!store.isEmpty()) {
    ensureDemoWorkflow(store);
    return;
  }
  store.transaction(() => {
    store.permissions.defineRole(HEAD_ROLE, [
      'BROWSE_PROJECTS',
      'CREATE_ISSUES',
      'ADD_COMMENTS',
      'ASSIGNABLE_USER',
      'EDIT_OWN_COMMENTS',
      'VIEW_VOTERS_AND_WATCHERS',
    ]);
    store.permissions.grantGlobalPermission('USER_PICKER', USERS_GROUP);
    store.permissions.grantGlobalPermission('CREATE_SHARED_OBJECTS', USERS_GROUP);
    store.permissions.grantGlobalPermission('ADMINISTER', ADMINS_GROUP);

    for (const person of PERSONAS) {
      store.users.upsertUser({
        accountId: person.accountId,
        displayName: person.displayName,
        emailAddress: person.email,
        locale: person.locale,
        timeZone: person.timeZone,
      });
      store.users.addGroupMember(USERS_GROUP, person.accountId);
      if (person.jiraAdmin) store.users.addGroupMember(ADMINS_GROUP, person.accountId);
    }
    for (const user of COLLEAGUES) {
      store.users.upsertUser(user);
      store.users.addGroupMember(USERS_GROUP, user.accountId);
    }
    for (const [group, members] of Object.entries(DEPARTMENT_GROUPS)) {
      for (const accountId of members) store.users.addGroupMember(group, accountId);
    }

    const coordinator = persona('coordinator');
    store.projects.createProject({
      key: DEMO_PROJECT_KEY,
      name: 'Company rollouts',
      description:
        "Déploiements de nouveaux outils et de nouvelles politiques dans l'entreprise : validations, tâches, problèmes.",
      leadAccountId: coordinator.accountId,
      projectTypeKey: 'software',
      style: 'classic',
      issueTypes: ['Epic', 'Task', 'Sub-task'],
    });

    for (const person of PERSONAS) {
      if (!person.canBrowseRoll) continue;
      const role = person.jiraAdmin
        ? 'Administrators'
        : person.key === 'coordinator'
          ? 'Member'
          : HEAD_KEYS.includes(person.key)
            ? HEAD_ROLE
            : 'Viewer';
      store.permissions.addRoleActor(DEMO_PROJECT_KEY, role, {
        type: 'user',
        accountId: person.accountId,
      });
    }
    for (const user of COLLEAGUES) {
      store.permissions.addRoleActor(DEMO_PROJECT_KEY, 'Viewer', {
        type: 'user',
        accountId: user.accountId,
      });
    }

    // The rollout's anchor issue is an epic, so the tasks created from the plan can be its children.
    store.issues.createIssue({
      projectKey: DEMO_PROJECT_KEY,
      issueType: 'Epic',
      summary: 'Roll out the new CRM',
      status: 'To Do',
      description: adf(
        'Remplacer l’ancien outil de gestion des contacts par le nouveau CRM dans les équipes Ventes, Support, Finance et Opérations.',
        'Chaque responsable de département valide le plan avant le démarrage.',
      ),
      reporterAccountId: coordinator.accountId,
      assigneeAccountId: coordinator.accountId,
    });
    ensureDemoWorkflow(store);
  });
}

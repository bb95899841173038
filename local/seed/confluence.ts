/**
 * The demo company's Confluence: the same people as in Jira, the "Company rollouts" space where
 * coordinators write rollout strategies, and the people team's space with a couple of pages, so
 * that space lists, permissions and the page view have something real to show.
 *
 * Who may do what:
 * - ROLL "Company rollouts": the coordinator administers it; everyone else who works on rollouts
 *   (department heads, the employee, the admin) views it; the outsider has no access at all.
 * - HR "People team": the admin administers it; everyone but the outsider views it.
 * - The site admin (the Jira admin persona) is also a Confluence administrator, which is what
 *   registering a global template needs; that gives no rights inside spaces, as in Confluence.
 * - The app's own account (asApp calls) views and edits both spaces, as Confluence grants apps
 *   by default, but administers neither.
 */
import type { ConfluenceStore, Persona } from '../products';
import type { ConfluenceSpace, SpacePermission } from '../products/confluence/store';
import { APP_ACCOUNT_ID, APP_DISPLAY_NAME } from '../products/jira/store';

export const ROLLOUT_SPACE_KEY = 'ROLL';
export const PEOPLE_SPACE_KEY = 'HR';

const VIEW: readonly SpacePermission[] = ['view'];
const EDIT: readonly SpacePermission[] = ['view', 'edit'];
const ADMIN: readonly SpacePermission[] = ['view', 'edit', 'admin'];

const ROLL_HOME = [
  '<h1>Déploiements dans l’entreprise</h1>',
  '<p>Cet espace rassemble les stratégies de déploiement des nouveaux outils et des nouvelles ',
  'politiques : objectifs, départements concernés, formation, communication et suivi.</p>',
  '<ac:structured-macro ac:name="info" ac:schema-version="1"><ac:rich-text-body>',
  '<p>Pour démarrer une nouvelle stratégie, utilisez « New rollout strategy ».</p>',
  '</ac:rich-text-body></ac:structured-macro>',
].join('');

const HR_HOME = [
  '<h1>Équipe RH</h1>',
  '<p>Les politiques, les guides et les listes de contrôle de l’équipe RH.</p>',
  '<ac:structured-macro ac:name="toc" ac:schema-version="1" />',
].join('');

const HR_PAGES: readonly { title: string; body: string }[] = [
  {
    title: 'Liste de contrôle d’intégration',
    body: [
      '<h2>Avant l’arrivée</h2>',
      '<ac:task-list>',
      '<ac:task><ac:task-id>1</ac:task-id><ac:task-status>complete</ac:task-status>',
      '<ac:task-body>Préparer le poste de travail et les accès</ac:task-body></ac:task>',
      '<ac:task><ac:task-id>2</ac:task-id><ac:task-status>incomplete</ac:task-status>',
      '<ac:task-body>Désigner un parrain ou une marraine</ac:task-body></ac:task>',
      '</ac:task-list>',
      '<h2>Première semaine</h2>',
      '<ul><li>Présentation des équipes</li><li>Formation aux outils internes</li></ul>',
    ].join(''),
  },
  {
    title: 'Politique de télétravail',
    body: [
      '<p>Jusqu’à <strong>deux jours</strong> de télétravail par semaine, en accord avec le ',
      'responsable du département.</p>',
      '<ac:structured-macro ac:name="note" ac:schema-version="1">',
      '<ac:parameter ac:name="title">Mise à jour</ac:parameter><ac:rich-text-body>',
      '<p>Nouvelle version en vigueur au <time datetime="2026-01-05" />.</p>',
      '</ac:rich-text-body></ac:structured-macro>',
      '<table><tbody><tr><th>Département</th><th>Jours</th></tr>',
      '<tr><td>Ventes</td><td>1</td></tr><tr><td>Support</td><td>2</td></tr></tbody></table>',
    ].join(''),
  },
];

function persona(personas: readonly Persona[], key: string): Persona {
  const found = personas.find((candidate) => candidate.key === key);
  if (!found) throw new Error(`Seed persona ${key} is missing`);
  return found;
}

/**
 * A space `owner` administers, every persona who browses ROLL may view and the app may edit; the
 * owner also writes its home page.
 */
function createSpace(
  store: ConfluenceStore,
  personas: readonly Persona[],
  owner: Persona,
  space: { key: string; name: string; description: string; homepageBody: string },
): ConfluenceSpace {
  const created = store.spaces.createSpace({ ...space, authorId: owner.accountId });
  const grant = (accountId: string, permissions: readonly SpacePermission[]): void => {
    for (const permission of permissions)
      store.spaces.grantSpacePermission(created.id, accountId, permission);
  };
  for (const person of personas) {
    if (person.key === owner.key) grant(person.accountId, ADMIN);
    else if (person.canBrowseRoll) grant(person.accountId, VIEW);
  }
  grant(APP_ACCOUNT_ID, EDIT);
  return created;
}

/**
 * Seeds the demo company's Confluence. Idempotent: does nothing once the site has people or
 * spaces (a file database seeded before keeps its data and its edits).
 */
export function seedConfluence(store: ConfluenceStore, personas: readonly Persona[]): void {
  if (!store.isEmpty()) return;
  store.transaction(() => {
    for (const person of personas) {
      store.users.upsertUser({
        accountId: person.accountId,
        accountType: 'atlassian',
        displayName: person.displayName,
        email: person.email,
        timeZone: person.timeZone,
        locale: person.locale,
      });
      if (person.jiraAdmin) store.users.setConfluenceAdmin(person.accountId, true);
    }
    store.users.upsertUser({
      accountId: APP_ACCOUNT_ID,
      accountType: 'app',
      displayName: APP_DISPLAY_NAME,
      email: undefined,
      timeZone: 'UTC',
      locale: 'en-US',
    });

    const coordinator = persona(personas, 'coordinator');
    const admin = persona(personas, 'admin');

    createSpace(store, personas, coordinator, {
      key: ROLLOUT_SPACE_KEY,
      name: 'Company rollouts',
      description: 'Stratégies de déploiement des nouveaux outils et politiques de l’entreprise.',
      homepageBody: ROLL_HOME,
    });
    const people = createSpace(store, personas, admin, {
      key: PEOPLE_SPACE_KEY,
      name: 'People team',
      description: 'Politiques, guides et listes de contrôle de l’équipe RH.',
      homepageBody: HR_HOME,
    });
    for (const page of HR_PAGES) {
      store.pages.createPage({
        spaceId: people.id,
        ...(people.homepageId !== undefined ? { parentId: people.homepageId } : {}),
        title: page.title,
        body: page.body,
        authorId: admin.accountId,
      });
    }
  });
}

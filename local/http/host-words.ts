/**
 * The host's own labels (the product chrome around the app: breadcrumbs, space navigation, the
 * issue view's sections), in the languages the app ships, so a French view is French all over as
 * in Jira and Confluence. The app's own words live in locales/; these belong to the imitated
 * products, not to the app.
 */
const WORDS = {
  spaces: { en: 'Spaces', fr: 'Espaces' },
  overview: { en: 'Overview', fr: 'Vue d’ensemble' },
  spaceSettings: { en: 'Space settings', fr: 'Paramètres de l’espace' },
  confluenceSettings: { en: 'Confluence settings', fr: 'Paramètres de Confluence' },
  version: { en: 'Version {n}', fr: 'Version {n}' },
  edit: { en: 'Edit', fr: 'Modifier' },
  close: { en: 'Close', fr: 'Fermer' },
  macroConfiguration: { en: 'Macro configuration', fr: 'Configuration de la macro' },
  pageNotFound: { en: 'Page not found', fr: 'Page introuvable' },
  pageNotFoundWhy: {
    en: 'This page may have been deleted, or you might not have permission to view it.',
    fr: 'Cette page a peut-être été supprimée, ou vous n’avez pas l’autorisation de la voir.',
  },
  needPermission: {
    en: 'You need permission to see this page',
    fr: 'Vous devez avoir l’autorisation de voir cette page',
  },
  projects: { en: 'Projects', fr: 'Projets' },
  description: { en: 'Description', fr: 'Description' },
  noDescription: { en: 'No description.', fr: 'Aucune description.' },
  details: { en: 'Details', fr: 'Détails' },
  assignee: { en: 'Assignee', fr: 'Responsable' },
  reporter: { en: 'Reporter', fr: 'Rapporteur' },
  parent: { en: 'Parent', fr: 'Parent' },
  dueDate: { en: 'Due date', fr: 'Date d’échéance' },
  labels: { en: 'Labels', fr: 'Étiquettes' },
  none: { en: 'None', fr: 'Aucun' },
  unassigned: { en: 'Unassigned', fr: 'Non assigné' },
  childWorkItems: { en: 'Child work items', fr: 'Éléments de travail enfants' },
  linkedWorkItems: { en: 'Linked work items', fr: 'Éléments de travail liés' },
  notifications: { en: 'Notifications', fr: 'Notifications' },
  key: { en: 'Key', fr: 'Clé' },
  summary: { en: 'Summary', fr: 'Résumé' },
  status: { en: 'Status', fr: 'État' },
  childrenDone: { en: '{done} of {total} done', fr: '{done} sur {total} terminés' },
  viewAllInSearch: { en: 'View all in search', fr: 'Tout voir dans la recherche' },
  changeDueDate: { en: 'Change the due date', fr: 'Modifier la date d’échéance' },
  saveDueDate: { en: 'Save due date', fr: 'Enregistrer la date d’échéance' },
  dueDateInvalid: {
    en: 'Enter the date as {pattern}, or leave it empty.',
    fr: 'Saisissez la date au format {pattern}, ou laissez le champ vide.',
  },
  deleteIssue: { en: 'Delete issue', fr: 'Supprimer l’élément de travail' },
  confirmDeletion: { en: 'Confirm the deletion', fr: 'Confirmer la suppression' },
  deleteQuestion: {
    en: 'Delete {key}? It goes with its properties and links; this cannot be undone.',
    fr: 'Supprimer {key} ? Ses propriétés et ses liens disparaissent avec lui ; c’est définitif.',
  },
  deleteKey: { en: 'Delete {key}', fr: 'Supprimer {key}' },
  cancel: { en: 'Cancel', fr: 'Annuler' },
  noTransitions: {
    en: 'No transitions available to you.',
    fr: 'Aucune transition ne vous est disponible.',
  },
  savingDueDate: { en: 'Saving the due date…', fr: 'Enregistrement de la date d’échéance…' },
  deletingIssue: { en: 'Deleting {key}…', fr: 'Suppression de {key}…' },
  runningTransition: { en: 'Running “{name}”…', fr: 'Exécution de « {name} »…' },
  statusChanged: { en: 'Status changed to {status}.', fr: 'L’état est maintenant : {status}.' },
  jiraRefused: { en: 'Jira refused the change.', fr: 'Jira a refusé la modification.' },
  jiraUnreachable: {
    en: 'The local host could not reach Jira.',
    fr: 'L’hôte local n’a pas pu joindre Jira.',
  },
  issueNotFound: { en: 'This issue can’t be found', fr: 'Ce ticket est introuvable' },
  issueNotFoundWhy: {
    en: 'Issue does not exist or you do not have permission to see it.',
    fr: 'Le ticket n’existe pas ou vous n’avez pas l’autorisation de le voir.',
  },
  // The host's top bar and Jira's header.
  localHost: { en: 'Rollout Coordinator · local host', fr: 'Rollout Coordinator · hôte local' },
  actingAs: { en: 'Acting as', fr: 'Agir en tant que' },
  language: { en: 'Language', fr: 'Langue' },
  personasLanguage: { en: 'Persona’s language', fr: 'Langue du persona' },
  theme: { en: 'Theme', fr: 'Thème' },
  themeLight: { en: 'Light', fr: 'Clair' },
  themeDark: { en: 'Dark', fr: 'Sombre' },
  apply: { en: 'Apply', fr: 'Appliquer' },
  apps: { en: 'Apps', fr: 'Applications' },
  jiraAdmin: { en: 'Jira admin', fr: 'administrateur Jira' },
  cannotBrowseRoll: { en: 'cannot browse ROLL', fr: 'ne peut pas parcourir ROLL' },
  noAccess: { en: 'You don’t have access to this page', fr: 'Vous n’avez pas accès à cette page' },
  noAccessWhy: {
    en: 'Only Jira administrators can open Jira’s administration settings, where apps keep their admin pages. Ask a Jira administrator for access if you need it.',
    fr: 'Seuls les administrateurs Jira peuvent ouvrir les paramètres d’administration de Jira, où les applications ont leurs pages d’administration. Demandez l’accès à un administrateur Jira si vous en avez besoin.',
  },
  backToSurfaces: {
    en: 'Go back to the list of surfaces',
    fr: 'Revenir à la liste des surfaces',
  },
  // Jira's dashboard.
  dashboard: { en: 'Dashboard', fr: 'Tableau de bord' },
  dashboards: { en: 'Dashboards', fr: 'Tableaux de bord' },
  rolloutsDashboard: { en: 'Rollouts', fr: 'Déploiements' },
  addGadget: { en: 'Add gadget: {title}', fr: 'Ajouter un gadget : {title}' },
  editing: { en: 'Editing', fr: 'Modification en cours' },
  refresh: { en: 'Refresh', fr: 'Actualiser' },
} as const satisfies Record<string, { en: string; fr: string }>;

export type HostWord = keyof typeof WORDS;

/** The host's label `key` in `locale` (French for any `fr-*`, English otherwise). */
export function hostWord(
  locale: string,
  key: HostWord,
  values: Record<string, string> = {},
): string {
  const text = locale.toLowerCase().startsWith('fr') ? WORDS[key].fr : WORDS[key].en;
  return text.replace(/\{(\w+)\}/gu, (whole, name: string) => values[name] ?? whole);
}

/** The words the issue view's script shows while it works, in its reader's language. */
export const ISSUE_SCRIPT_WORDS = [
  'noTransitions',
  'savingDueDate',
  'deletingIssue',
  'runningTransition',
  'statusChanged',
  'jiraRefused',
  'jiraUnreachable',
] as const satisfies readonly HostWord[];

/**
 * The issue view script's words in `locale`, placeholders left for the script to fill, as the
 * JSON of a `data-words` attribute: the script is static and serves every language.
 */
export function issueScriptWords(locale: string): string {
  return JSON.stringify(
    Object.fromEntries(ISSUE_SCRIPT_WORDS.map((key) => [key, hostWord(locale, key)])),
  );
}

/** The `lang` of a host page in `locale`. */
export function hostLang(locale: string): string {
  return locale.toLowerCase().startsWith('fr') ? 'fr' : 'en';
}

/** A YYYY-MM-DD day as the reader's Jira shows it ("Feb 3, 2031", "3 févr. 2031"). */
export function hostDate(locale: string, isoDay: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(
    new Date(`${isoDay}T00:00:00Z`),
  );
}

/**
 * How a reader types a date in `locale`: its numeric form of a day ("02/03/2031" in en-US,
 * "03/02/2031" in fr-FR), the pattern shown as the field's hint ("mm/dd/yyyy", "jj/mm/aaaa") and
 * the order of day and month, which the issue view's script reads a typed date in.
 */
export function hostDateEntry(
  locale: string,
  isoDay: string | undefined,
): { value: string; pattern: string; order: 'dmy' | 'mdy' } {
  const format = new Intl.DateTimeFormat(locale, {
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    timeZone: 'UTC',
  });
  const parts = format.formatToParts(new Date('2031-12-25T00:00:00Z'));
  const firstOf = parts.find((part) => part.type === 'day' || part.type === 'month');
  const order = firstOf?.type === 'day' ? 'dmy' : 'mdy';
  const french = locale.toLowerCase().startsWith('fr');
  const [d, m, y] = french ? ['jj', 'mm', 'aaaa'] : ['dd', 'mm', 'yyyy'];
  return {
    value: isoDay ? format.format(new Date(`${isoDay}T00:00:00Z`)) : '',
    pattern: order === 'dmy' ? `${d}/${m}/${y}` : `${m}/${d}/${y}`,
    order,
  };
}

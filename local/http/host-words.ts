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

/** The `lang` of a host page in `locale`. */
export function hostLang(locale: string): string {
  return locale.toLowerCase().startsWith('fr') ? 'fr' : 'en';
}

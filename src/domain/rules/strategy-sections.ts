/**
 * The sections of a rollout strategy page, in the page's order: the page template writes them,
 * the blank template explains each, and the template settings screen lists them. Plain data,
 * read by the browser too.
 */
export const STRATEGY_SECTIONS = [
  'objective',
  'departments',
  'phases',
  'training',
  'communication',
  'support',
  'risks',
  'targets',
  'feedback',
] as const;
export type StrategySection = (typeof STRATEGY_SECTIONS)[number];

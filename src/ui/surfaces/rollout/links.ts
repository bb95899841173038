/** Links from the Rollout panel into Jira's issue search and issue view. */

export function searchUrl(base: string, jql: string): string {
  return `${base.replace(/\/+$/u, '')}/issues/?jql=${encodeURIComponent(jql)}`;
}

export function issueUrl(base: string, key: string): string {
  return `${base.replace(/\/+$/u, '')}/browse/${encodeURIComponent(key)}`;
}

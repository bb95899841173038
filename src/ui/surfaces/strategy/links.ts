/** Where the strategy screens link to: a Jira issue and a Confluence page, by the site's address. */
export function issueUrl(siteUrl: string, key: string): string {
  return `${siteUrl}/browse/${encodeURIComponent(key)}`;
}

/** Confluence's stable address of a page by id (what the router's content view opens). */
export function pageUrl(siteUrl: string, pageId: string): string {
  return `${siteUrl}/wiki/pages/viewpage.action?pageId=${encodeURIComponent(pageId)}`;
}

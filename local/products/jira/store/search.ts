/**
 * Issue search: JQL compiled to SQL by jql.ts runs here, one page of ids or one COUNT at a time,
 * over the issue-property values the app's `jira:entityProperty` modules ask Jira to index.
 */
import { JiraArea } from './sql';
import type { IndexedPropertyValue, SqlValue } from './types';

/** Searches whose matching ids are kept for their next pages: the few a pass pages through. */
const KEPT_SEARCHES = 4;

interface KeptSearch {
  generation: number;
  rows: { id: number; key: string }[];
}

export class SearchStore extends JiraArea {
  private indexedValues: IndexedPropertyValue[] = [];
  private readonly kept = new Map<string, KeptSearch>();

  /**
   * Ids and keys of the issues matching a compiled JQL condition over `jira_issues i`, in
   * `orderBy` order, one page: paging through 10,000 issues never builds 10,000 issue objects.
   * The matching ids are kept while nothing a search reads changes (`jira_search_generation`,
   * bumped by triggers), so the next page is a slice: running the condition again for every page
   * of 100 made a 10,000-issue pass cost 100 full searches, seconds of the app's function time
   * that Jira's own index does not cost it. A change between pages is seen by the next page.
   */
  searchIssues(
    where: string,
    params: readonly SqlValue[],
    orderBy: string,
    limit: number,
    offset: number,
  ): { id: number; key: string }[] {
    const generation =
      this.sql<[], { n: number }>('SELECT n FROM jira_search_generation').get()?.n ?? 0;
    const cacheKey = JSON.stringify([where, params, orderBy]);
    let search = this.kept.get(cacheKey);
    if (search?.generation !== generation) {
      const rows = this.sql<SqlValue[], { issue_id: number; key: string }>(
        `SELECT i.issue_id, i.key FROM jira_issues i WHERE ${where} ORDER BY ${orderBy}`,
      )
        .all(...params)
        .map((row) => ({ id: row.issue_id, key: row.key }));
      search = { generation, rows };
    }
    // Most recently used last: the oldest goes first when too many are kept.
    this.kept.delete(cacheKey);
    this.kept.set(cacheKey, search);
    for (const oldest of this.kept.keys()) {
      if (this.kept.size <= KEPT_SEARCHES) break;
      this.kept.delete(oldest);
    }
    return search.rows.slice(offset, offset + limit);
  }

  /** How many issues match a compiled JQL condition: one COUNT, no issue is loaded. */
  countIssuesWhere(where: string, params: readonly SqlValue[]): number {
    return (
      this.sql<SqlValue[], { n: number }>(
        `SELECT COUNT(*) AS n FROM jira_issues i WHERE ${where}`,
      ).get(...params)?.n ?? 0
    );
  }

  /**
   * Declares the issue-property values Jira indexes for JQL (what `jira:entityProperty` modules
   * declare; the host reads them from the app's manifest). Replaces earlier declarations.
   */
  setIndexedPropertyValues(values: readonly IndexedPropertyValue[]): void {
    this.indexedValues = values.map((value) => ({ ...value }));
  }

  indexedPropertyValues(): readonly IndexedPropertyValue[] {
    return this.indexedValues;
  }
}

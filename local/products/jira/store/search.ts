/**
 * Issue search: JQL compiled to SQL by jql.ts runs here, one page of ids or one COUNT at a time,
 * over the issue-property values the app's `jira:entityProperty` modules ask Jira to index.
 */
import { JiraArea } from './sql';
import type { IndexedPropertyValue, SqlValue } from './types';

export class SearchStore extends JiraArea {
  private indexedValues: IndexedPropertyValue[] = [];

  /**
   * Ids and keys of the issues matching a compiled JQL condition over `jira_issues i`, in
   * `orderBy` order, one page: paging through 10,000 issues never builds 10,000 issue objects.
   */
  searchIssues(
    where: string,
    params: readonly SqlValue[],
    orderBy: string,
    limit: number,
    offset: number,
  ): { id: number; key: string }[] {
    return this.sql<SqlValue[], { issue_id: number; key: string }>(
      `SELECT i.issue_id, i.key FROM jira_issues i WHERE ${where} ORDER BY ${orderBy} LIMIT ? OFFSET ?`,
    )
      .all(...params, limit, offset)
      .map((row) => ({ id: row.issue_id, key: row.key }));
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

/** Links between issues, and the site's link types. */
import { JiraArea } from './sql';
import type { IssueLink, IssueLinkType } from './types';

export class LinkStore extends JiraArea {
  /** The site's link types, by name. */
  issueLinkTypes(): IssueLinkType[] {
    return this.sql<[], { link_type_id: string; name: string; inward: string; outward: string }>(
      'SELECT * FROM jira_issue_link_types ORDER BY name',
    )
      .all()
      .map((row) => ({
        id: row.link_type_id,
        name: row.name,
        inward: row.inward,
        outward: row.outward,
      }));
  }

  /** By id, or by name (case-insensitive, as Jira matches `type.name`). */
  getIssueLinkType(idOrName: string): IssueLinkType | undefined {
    return this.issueLinkTypes().find(
      (type) => type.id === idOrName || type.name.toLowerCase() === idOrName.toLowerCase(),
    );
  }

  /**
   * Links `source` to `destination` ("source blocks destination"). Linking twice changes nothing
   * and answers the existing link, as Jira treats a duplicate request.
   */
  linkIssues(typeId: string, sourceIssueId: number, destinationIssueId: number): IssueLink {
    return this.transaction(() => {
      const existing = this.sql<[number, string, number], { link_id: number }>(
        `SELECT link_id FROM jira_issue_links
            WHERE source_issue_id = ? AND link_type_id = ? AND destination_issue_id = ?`,
      ).get(sourceIssueId, typeId, destinationIssueId);
      const id = existing?.link_id ?? this.db.nextId('jira_issue_links', 'link_id');
      if (!existing) {
        this.sql(
          `INSERT INTO jira_issue_links (link_id, link_type_id, source_issue_id, destination_issue_id)
             VALUES (?, ?, ?, ?)`,
        ).run(id, typeId, sourceIssueId, destinationIssueId);
      }
      return { id, typeId, sourceIssueId, destinationIssueId };
    });
  }

  getIssueLink(linkId: number): IssueLink | undefined {
    const row = this.sql<
      [number],
      {
        link_id: number;
        link_type_id: string;
        source_issue_id: number;
        destination_issue_id: number;
      }
    >('SELECT * FROM jira_issue_links WHERE link_id = ?').get(linkId);
    return row
      ? {
          id: row.link_id,
          typeId: row.link_type_id,
          sourceIssueId: row.source_issue_id,
          destinationIssueId: row.destination_issue_id,
        }
      : undefined;
  }

  /** Removes a link; false when there was none. */
  deleteIssueLink(linkId: number): boolean {
    return this.sql('DELETE FROM jira_issue_links WHERE link_id = ?').run(linkId).changes > 0;
  }

  /** Every link the issue takes part in, as source or destination, oldest first. */
  issueLinksOf(issueId: number): IssueLink[] {
    return this.sql<
      [number, number],
      {
        link_id: number;
        link_type_id: string;
        source_issue_id: number;
        destination_issue_id: number;
      }
    >(
      `SELECT * FROM jira_issue_links WHERE source_issue_id = ? OR destination_issue_id = ?
          ORDER BY link_id`,
    )
      .all(issueId, issueId)
      .map((row) => ({
        id: row.link_id,
        typeId: row.link_type_id,
        sourceIssueId: row.source_issue_id,
        destinationIssueId: row.destination_issue_id,
      }));
  }
}

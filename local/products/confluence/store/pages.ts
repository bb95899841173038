/**
 * Pages with their full version history. Storage-format bodies are kept exactly as sent;
 * checking and rendering them is the routes' and the renderer's business.
 */
import { ConfluenceArea, FIRST_CONTENT_ID } from './sql';
import type {
  ConfluencePage,
  NewConfluencePage,
  PageStatus,
  PageUpdate,
  PageVersion,
  SqlValue,
} from './types';

interface PageRow {
  page_id: number;
  space_id: number;
  parent_id: number | null;
  position: number;
  status: PageStatus;
  title: string;
  author_id: string;
  owner_id: string;
  created_at: string;
  version: number;
}

interface VersionRow {
  number: number;
  title: string;
  status: PageStatus;
  body: string;
  message: string;
  minor_edit: number;
  author_id: string;
  created_at: string;
}

/** A page title as Confluence compares titles: without regard to case. */
export function foldTitle(title: string): string {
  return title.toLowerCase();
}

function toVersion(row: VersionRow): PageVersion {
  return {
    number: row.number,
    title: row.title,
    status: row.status,
    body: row.body,
    message: row.message,
    minorEdit: row.minor_edit === 1,
    authorId: row.author_id,
    createdAt: row.created_at,
  };
}

export class PageStore extends ConfluenceArea {
  createPage(input: NewConfluencePage): ConfluencePage {
    return this.transaction(() => {
      const id = this.db.nextId('content', FIRST_CONTENT_ID);
      const createdAt = (input.createdAt ?? new Date()).toISOString();
      const parentId = input.parentId ?? null;
      const position =
        this.sql<[number, number | null], { n: number }>(
          `SELECT COUNT(*) AS n FROM confluence_pages WHERE space_id = ? AND parent_id IS ?`,
        ).get(input.spaceId, parentId)?.n ?? 0;
      const status = input.status ?? 'current';
      this.sql(
        `INSERT INTO confluence_pages (page_id, space_id, parent_id, position, status, title,
             lower_title, author_id, owner_id, created_at, version)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)`,
      ).run(
        id,
        input.spaceId,
        parentId,
        position,
        status,
        input.title,
        foldTitle(input.title),
        input.authorId,
        input.authorId,
        createdAt,
      );
      this.insertVersion(id, {
        number: 1,
        title: input.title,
        status,
        body: input.body ?? '',
        message: input.message ?? '',
        minorEdit: false,
        authorId: input.authorId,
        createdAt,
      });
      return this.requirePage(id);
    });
  }

  getPage(id: number): ConfluencePage | undefined {
    const row = this.sql<[number], PageRow>('SELECT * FROM confluence_pages WHERE page_id = ?').get(
      id,
    );
    return row ? this.toPage(row) : undefined;
  }

  requirePage(id: number): ConfluencePage {
    const page = this.getPage(id);
    if (!page) throw new Error(`No page ${id}`);
    return page;
  }

  /** The published page of the space with this title (compared without case). */
  findPageByTitle(spaceId: number, title: string): ConfluencePage | undefined {
    const row = this.sql<[number, string], PageRow>(
      `SELECT * FROM confluence_pages WHERE space_id = ? AND lower_title = ? AND status = 'current'`,
    ).get(spaceId, foldTitle(title));
    return row ? this.toPage(row) : undefined;
  }

  /** One version of a page, or undefined if the page never had that number. */
  getPageVersion(pageId: number, number: number): PageVersion | undefined {
    const row = this.sql<[number, number], VersionRow>(
      'SELECT * FROM confluence_page_versions WHERE page_id = ? AND number = ?',
    ).get(pageId, number);
    return row ? toVersion(row) : undefined;
  }

  /** Every version of a page, oldest first. */
  pageVersions(pageId: number): PageVersion[] {
    return this.sql<[number], VersionRow>(
      'SELECT * FROM confluence_page_versions WHERE page_id = ? ORDER BY number',
    )
      .all(pageId)
      .map(toVersion);
  }

  /** Writes a new version of a page and makes it the page's current state. */
  updatePage(id: number, update: PageUpdate): ConfluencePage {
    return this.transaction(() => {
      const createdAt = new Date().toISOString();
      this.sql(
        `UPDATE confluence_pages SET title = ?, lower_title = ?, status = ?, parent_id = ?,
             version = ?
            WHERE page_id = ?`,
      ).run(
        update.title,
        foldTitle(update.title),
        update.status,
        update.parentId ?? null,
        update.number,
        id,
      );
      this.insertVersion(id, {
        number: update.number,
        title: update.title,
        status: update.status,
        body: update.body,
        message: update.message,
        minorEdit: update.minorEdit ?? false,
        authorId: update.authorId,
        createdAt,
      });
      return this.requirePage(id);
    });
  }

  /**
   * Pages in `spaceIds` (all of them: the caller passes the spaces the user may view), filtered
   * as asked, by id after `afterId`; one more than `limit` so the caller sees if more exist.
   */
  listPages(filter: {
    spaceIds: readonly number[];
    ids?: readonly number[];
    title?: string;
    statuses: readonly PageStatus[];
    afterId?: number;
    limit: number;
  }): ConfluencePage[] {
    const placeholders = (values: readonly unknown[]): string =>
      values.map(() => '?').join(', ') || 'NULL';
    const conditions = [
      `space_id IN (${placeholders(filter.spaceIds)})`,
      `status IN (${placeholders(filter.statuses)})`,
    ];
    const params: SqlValue[] = [...filter.spaceIds, ...filter.statuses];
    if (filter.ids) {
      conditions.push(`page_id IN (${placeholders(filter.ids)})`);
      params.push(...filter.ids);
    }
    if (filter.title !== undefined) {
      conditions.push('lower_title = ?');
      params.push(foldTitle(filter.title));
    }
    if (filter.afterId !== undefined) {
      conditions.push('page_id > ?');
      params.push(filter.afterId);
    }
    params.push(filter.limit + 1);
    return this.sql<SqlValue[], PageRow>(
      `SELECT * FROM confluence_pages WHERE ${conditions.join(' AND ')} ORDER BY page_id LIMIT ?`,
    )
      .all(...params)
      .map((row) => this.toPage(row));
  }

  private toPage(row: PageRow): ConfluencePage {
    const version = this.getPageVersion(row.page_id, row.version);
    if (!version) throw new Error(`Page ${row.page_id} lacks version ${row.version}`);
    return {
      id: row.page_id,
      spaceId: row.space_id,
      parentId: row.parent_id ?? undefined,
      position: row.position,
      status: row.status,
      title: row.title,
      authorId: row.author_id,
      ownerId: row.owner_id,
      createdAt: row.created_at,
      version,
    };
  }

  private insertVersion(pageId: number, version: PageVersion): void {
    this.sql(
      `INSERT INTO confluence_page_versions (page_id, number, title, status, body, message,
           minor_edit, author_id, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      pageId,
      version.number,
      version.title,
      version.status,
      version.body,
      version.message,
      version.minorEdit ? 1 : 0,
      version.authorId,
      version.createdAt,
    );
  }
}

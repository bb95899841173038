/** Spaces, each created with its homepage, and who may view, edit or administer each. */
import type { PageStore } from './pages';
import { ConfluenceArea, FIRST_SPACE_ID, type ConfluenceDatabase } from './sql';
import type {
  ConfluenceSpace,
  NewConfluenceSpace,
  SpacePermission,
  SpaceStatus,
  SpaceType,
  SqlValue,
} from './types';

interface SpaceRow {
  space_id: number;
  key: string;
  name: string;
  description: string;
  type: SpaceType;
  status: SpaceStatus;
  author_id: string;
  created_at: string;
  homepage_id: number | null;
}

/**
 * What a set of granted permissions allows: in Confluence nobody holds "add pages" or "admin"
 * without "view" (the UI makes view a prerequisite), and space admins may edit.
 */
export function effectivePermissions(granted: ReadonlySet<SpacePermission>): Set<SpacePermission> {
  const effective = new Set<SpacePermission>(granted);
  if (effective.has('admin')) effective.add('edit');
  if (effective.has('edit')) effective.add('view');
  return effective;
}

function toSpace(row: SpaceRow): ConfluenceSpace {
  return {
    id: row.space_id,
    key: row.key,
    name: row.name,
    description: row.description,
    type: row.type,
    status: row.status,
    authorId: row.author_id,
    createdAt: row.created_at,
    homepageId: row.homepage_id ?? undefined,
  };
}

export class SpaceStore extends ConfluenceArea {
  constructor(
    db: ConfluenceDatabase,
    private readonly pages: PageStore,
  ) {
    super(db);
  }

  /** Creates a space and its homepage (titled like the space, as Confluence does). */
  createSpace(input: NewConfluenceSpace): ConfluenceSpace {
    return this.transaction(() => {
      if (this.getSpaceByKey(input.key)) throw new Error(`Space ${input.key} exists`);
      const id = this.db.nextId('space', FIRST_SPACE_ID);
      const createdAt = (input.createdAt ?? new Date()).toISOString();
      this.sql(
        `INSERT INTO confluence_spaces (space_id, key, name, description, type, status, author_id,
             created_at, homepage_id)
           VALUES (?, ?, ?, ?, ?, 'current', ?, ?, NULL)`,
      ).run(
        id,
        input.key,
        input.name,
        input.description ?? '',
        input.type ?? 'global',
        input.authorId,
        createdAt,
      );
      const homepage = this.pages.createPage({
        spaceId: id,
        title: input.name,
        body: input.homepageBody ?? '',
        authorId: input.authorId,
        createdAt: input.createdAt ?? new Date(createdAt),
      });
      this.sql('UPDATE confluence_spaces SET homepage_id = ? WHERE space_id = ?').run(
        homepage.id,
        id,
      );
      return this.requireSpace(id);
    });
  }

  getSpace(id: number): ConfluenceSpace | undefined {
    const row = this.sql<[number], SpaceRow>(
      'SELECT * FROM confluence_spaces WHERE space_id = ?',
    ).get(id);
    return row ? toSpace(row) : undefined;
  }

  getSpaceByKey(key: string): ConfluenceSpace | undefined {
    const row = this.sql<[string], SpaceRow>('SELECT * FROM confluence_spaces WHERE key = ?').get(
      key,
    );
    return row ? toSpace(row) : undefined;
  }

  requireSpace(id: number): ConfluenceSpace {
    const space = this.getSpace(id);
    if (!space) throw new Error(`No space ${id}`);
    return space;
  }

  /**
   * The spaces `accountId` may view, by id, after `afterId`, filtered as asked; one more than
   * `limit` is read so that the caller knows whether a next page exists.
   */
  listVisibleSpaces(
    accountId: string,
    filter: {
      ids?: readonly number[];
      keys?: readonly string[];
      type?: SpaceType;
      status?: SpaceStatus;
      afterId?: number;
      limit: number;
    },
  ): ConfluenceSpace[] {
    const conditions = [
      'space_id IN (SELECT space_id FROM confluence_space_permissions WHERE account_id = ?)',
    ];
    const params: SqlValue[] = [accountId];
    if (filter.ids) {
      conditions.push(`space_id IN (${filter.ids.map(() => '?').join(', ') || 'NULL'})`);
      params.push(...filter.ids);
    }
    if (filter.keys) {
      conditions.push(`key IN (${filter.keys.map(() => '?').join(', ') || 'NULL'})`);
      params.push(...filter.keys);
    }
    if (filter.type) {
      conditions.push('type = ?');
      params.push(filter.type);
    }
    if (filter.status) {
      conditions.push('status = ?');
      params.push(filter.status);
    }
    if (filter.afterId !== undefined) {
      conditions.push('space_id > ?');
      params.push(filter.afterId);
    }
    params.push(filter.limit + 1);
    return this.sql<SqlValue[], SpaceRow>(
      `SELECT * FROM confluence_spaces WHERE ${conditions.join(' AND ')} ORDER BY space_id LIMIT ?`,
    )
      .all(...params)
      .map(toSpace);
  }

  grantSpacePermission(spaceId: number, accountId: string, permission: SpacePermission): void {
    this.sql(
      `INSERT OR IGNORE INTO confluence_space_permissions (space_id, account_id, permission)
         VALUES (?, ?, ?)`,
    ).run(spaceId, accountId, permission);
  }

  revokeSpacePermission(spaceId: number, accountId: string, permission: SpacePermission): void {
    this.sql(
      `DELETE FROM confluence_space_permissions
          WHERE space_id = ? AND account_id = ? AND permission = ?`,
    ).run(spaceId, accountId, permission);
  }

  /** What `accountId` may do in the space, prerequisites included (see `effectivePermissions`). */
  spacePermissionsOf(accountId: string, spaceId: number): Set<SpacePermission> {
    const rows = this.sql<[number, string], { permission: SpacePermission }>(
      `SELECT permission FROM confluence_space_permissions WHERE space_id = ? AND account_id = ?`,
    ).all(spaceId, accountId);
    return effectivePermissions(new Set(rows.map((row) => row.permission)));
  }

  /** Ids of the spaces `accountId` may view. */
  viewableSpaceIds(accountId: string): number[] {
    return this.sql<[string], { space_id: number }>(
      `SELECT DISTINCT space_id FROM confluence_space_permissions WHERE account_id = ?
          ORDER BY space_id`,
    )
      .all(accountId)
      .map((row) => row.space_id);
  }
}

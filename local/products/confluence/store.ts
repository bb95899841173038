/**
 * The emulated Confluence site's data on SQLite (tables prefixed `confluence_`): the people who
 * use it, Confluence administrators, spaces with per-account permissions (view, edit, admin),
 * pages with their full version history, and page templates (per space or global).
 *
 * Schema changes are "CREATE … IF NOT EXISTS", so an existing data file keeps working.
 * Storage-format bodies are stored exactly as sent; checking and rendering them is the routes'
 * and the renderer's business.
 */
import type { Database, Statement } from 'better-sqlite3';
import { type JsonValue, parseStoredJson } from '../json';

export type SpacePermission = 'view' | 'edit' | 'admin';
export type SpaceType = 'global' | 'collaboration' | 'knowledge_base' | 'personal';
export type SpaceStatus = 'current' | 'archived';
export type PageStatus = 'current' | 'draft' | 'archived' | 'trashed';

export interface ConfluenceUser {
  accountId: string;
  accountType: 'atlassian' | 'app';
  displayName: string;
  email: string | undefined;
  timeZone: string;
  /** BCP 47 (`fr-FR`). */
  locale: string;
}

export interface ConfluenceSpace {
  id: number;
  key: string;
  name: string;
  /** Plain text. */
  description: string;
  type: SpaceType;
  status: SpaceStatus;
  authorId: string;
  /** ISO 8601 instant. */
  createdAt: string;
  homepageId: number | undefined;
}

export interface NewConfluenceSpace {
  key: string;
  name: string;
  description?: string;
  authorId: string;
  type?: SpaceType;
  /** Storage format of the homepage Confluence creates with every space. */
  homepageBody?: string;
  createdAt?: Date;
}

export interface PageVersion {
  number: number;
  title: string;
  status: PageStatus;
  /** Storage format, as sent. */
  body: string;
  message: string;
  minorEdit: boolean;
  authorId: string;
  createdAt: string;
}

export interface ConfluencePage {
  id: number;
  spaceId: number;
  parentId: number | undefined;
  /** Order among the parent's children. */
  position: number;
  status: PageStatus;
  title: string;
  authorId: string;
  ownerId: string;
  createdAt: string;
  /** The latest version (what the page shows). */
  version: PageVersion;
}

export interface NewConfluencePage {
  spaceId: number;
  parentId?: number;
  status?: PageStatus;
  title: string;
  body?: string;
  authorId: string;
  message?: string;
  createdAt?: Date;
}

export interface PageUpdate {
  title: string;
  status: PageStatus;
  body: string;
  parentId: number | undefined;
  authorId: string;
  /** The number the new version gets; the routes check it against the current one. */
  number: number;
  message: string;
  minorEdit?: boolean;
}

export interface TemplateLabel {
  id: string;
  prefix: string;
  name: string;
}

export interface ConfluenceTemplate {
  id: number;
  /** Undefined for a global template. */
  spaceId: number | undefined;
  name: string;
  description: string;
  templateType: string;
  /** Storage format, as sent. */
  body: string;
  labels: TemplateLabel[];
  createdAt: string;
  updatedAt: string;
}

export interface TemplateFields {
  name: string;
  description: string;
  templateType: string;
  body: string;
  labels: readonly { prefix: string; name: string }[];
}

/**
 * First ids, as a fresh Confluence Cloud site hands them out: spaces and content (pages,
 * templates) count separately and start in these ranges.
 */
const FIRST_SPACE_ID = 98305;
const FIRST_CONTENT_ID = 65537;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS confluence_sequences (
  name TEXT PRIMARY KEY,
  next_id INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS confluence_users (
  account_id TEXT PRIMARY KEY,
  account_type TEXT NOT NULL CHECK (account_type IN ('atlassian', 'app')),
  display_name TEXT NOT NULL,
  email TEXT,
  time_zone TEXT NOT NULL,
  locale TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS confluence_global_admins (
  account_id TEXT PRIMARY KEY REFERENCES confluence_users (account_id) ON DELETE CASCADE
);
CREATE TABLE IF NOT EXISTS confluence_spaces (
  space_id INTEGER PRIMARY KEY,
  key TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  description TEXT NOT NULL,
  type TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('current', 'archived')),
  author_id TEXT NOT NULL,
  created_at TEXT NOT NULL,
  homepage_id INTEGER
);
CREATE TABLE IF NOT EXISTS confluence_space_permissions (
  space_id INTEGER NOT NULL REFERENCES confluence_spaces (space_id) ON DELETE CASCADE,
  account_id TEXT NOT NULL,
  permission TEXT NOT NULL CHECK (permission IN ('view', 'edit', 'admin')),
  PRIMARY KEY (space_id, account_id, permission)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS confluence_space_permissions_by_account
  ON confluence_space_permissions (account_id, space_id);
CREATE TABLE IF NOT EXISTS confluence_pages (
  page_id INTEGER PRIMARY KEY,
  space_id INTEGER NOT NULL REFERENCES confluence_spaces (space_id) ON DELETE CASCADE,
  parent_id INTEGER REFERENCES confluence_pages (page_id),
  position INTEGER NOT NULL,
  status TEXT NOT NULL,
  title TEXT NOT NULL,
  -- Titles compare without case in Confluence (its own "lower title" column); folded here in
  -- JavaScript, since SQLite's lower() knows ASCII only ("Équipe" and "ÉQUIPE" must collide).
  lower_title TEXT NOT NULL,
  author_id TEXT NOT NULL,
  owner_id TEXT NOT NULL,
  created_at TEXT NOT NULL,
  version INTEGER NOT NULL
);
-- Confluence allows one published page per title in a space (drafts may share titles).
CREATE UNIQUE INDEX IF NOT EXISTS confluence_pages_unique_title
  ON confluence_pages (space_id, lower_title) WHERE status = 'current';
CREATE INDEX IF NOT EXISTS confluence_pages_by_parent ON confluence_pages (parent_id);
CREATE TABLE IF NOT EXISTS confluence_page_versions (
  page_id INTEGER NOT NULL REFERENCES confluence_pages (page_id) ON DELETE CASCADE,
  number INTEGER NOT NULL,
  title TEXT NOT NULL,
  status TEXT NOT NULL,
  body TEXT NOT NULL,
  message TEXT NOT NULL,
  minor_edit INTEGER NOT NULL,
  author_id TEXT NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (page_id, number)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS confluence_templates (
  template_id INTEGER PRIMARY KEY,
  space_id INTEGER REFERENCES confluence_spaces (space_id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  description TEXT NOT NULL,
  template_type TEXT NOT NULL,
  body TEXT NOT NULL,
  labels TEXT NOT NULL CHECK (json_valid(labels)),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS confluence_templates_by_space ON confluence_templates (space_id, template_id);
`;

interface UserRow {
  account_id: string;
  account_type: 'atlassian' | 'app';
  display_name: string;
  email: string | null;
  time_zone: string;
  locale: string;
}

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

interface TemplateRow {
  template_id: number;
  space_id: number | null;
  name: string;
  description: string;
  template_type: string;
  body: string;
  labels: string;
  created_at: string;
  updated_at: string;
}

type SqlValue = string | number | null;

function toUser(row: UserRow): ConfluenceUser {
  return {
    accountId: row.account_id,
    accountType: row.account_type,
    displayName: row.display_name,
    email: row.email ?? undefined,
    timeZone: row.time_zone,
    locale: row.locale,
  };
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

function toLabels(value: JsonValue): TemplateLabel[] {
  if (!Array.isArray(value)) return [];
  const labels: TemplateLabel[] = [];
  for (const item of value) {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) continue;
    const { id, prefix, name } = item;
    if (typeof id === 'string' && typeof prefix === 'string' && typeof name === 'string') {
      labels.push({ id, prefix, name });
    }
  }
  return labels;
}

function toTemplate(row: TemplateRow): ConfluenceTemplate {
  return {
    id: row.template_id,
    spaceId: row.space_id ?? undefined,
    name: row.name,
    description: row.description,
    templateType: row.template_type,
    body: row.body,
    labels: toLabels(parseStoredJson(row.labels)),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** A page title as Confluence compares titles: without regard to case. */
export function foldTitle(title: string): string {
  return title.toLowerCase();
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

export class ConfluenceStore {
  private readonly statements = new Map<string, Statement>();

  constructor(private readonly db: Database) {
    this.db.exec(SCHEMA);
  }

  /** Runs `fn` in one SQLite transaction (a nested call becomes a savepoint). */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  /** True while the site has neither people nor spaces (what a seed checks before seeding). */
  isEmpty(): boolean {
    const row = this.sql<[], { n: number }>(
      `SELECT (SELECT COUNT(*) FROM confluence_users) + (SELECT COUNT(*) FROM confluence_spaces) AS n`,
    ).get();
    return (row?.n ?? 0) === 0;
  }

  // ---- people ----------------------------------------------------------------------------

  upsertUser(user: ConfluenceUser): void {
    this.sql(
      `INSERT INTO confluence_users (account_id, account_type, display_name, email, time_zone, locale)
         VALUES (@accountId, @accountType, @displayName, @email, @timeZone, @locale)
         ON CONFLICT (account_id) DO UPDATE SET account_type = excluded.account_type,
           display_name = excluded.display_name, email = excluded.email,
           time_zone = excluded.time_zone, locale = excluded.locale`,
    ).run({ ...user, email: user.email ?? null });
  }

  getUser(accountId: string): ConfluenceUser | undefined {
    const row = this.sql<[string], UserRow>(
      'SELECT * FROM confluence_users WHERE account_id = ?',
    ).get(accountId);
    return row ? toUser(row) : undefined;
  }

  /** Makes (or stops making) a user a Confluence administrator (the global admin permission). */
  setConfluenceAdmin(accountId: string, admin: boolean): void {
    if (admin) {
      this.sql('INSERT OR IGNORE INTO confluence_global_admins (account_id) VALUES (?)').run(
        accountId,
      );
    } else {
      this.sql('DELETE FROM confluence_global_admins WHERE account_id = ?').run(accountId);
    }
  }

  isConfluenceAdmin(accountId: string): boolean {
    return (
      this.sql<[string], { n: number }>(
        'SELECT COUNT(*) AS n FROM confluence_global_admins WHERE account_id = ?',
      ).get(accountId)?.n === 1
    );
  }

  // ---- spaces ----------------------------------------------------------------------------

  /** Creates a space and its homepage (titled like the space, as Confluence does). */
  createSpace(input: NewConfluenceSpace): ConfluenceSpace {
    return this.transaction(() => {
      if (this.getSpaceByKey(input.key)) throw new Error(`Space ${input.key} exists`);
      const id = this.nextId('space', FIRST_SPACE_ID);
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
      const homepage = this.createPage({
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

  // ---- pages -----------------------------------------------------------------------------

  createPage(input: NewConfluencePage): ConfluencePage {
    return this.transaction(() => {
      const id = this.nextId('content', FIRST_CONTENT_ID);
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

  /** Ids of the spaces `accountId` may view. */
  viewableSpaceIds(accountId: string): number[] {
    return this.sql<[string], { space_id: number }>(
      `SELECT DISTINCT space_id FROM confluence_space_permissions WHERE account_id = ?
          ORDER BY space_id`,
    )
      .all(accountId)
      .map((row) => row.space_id);
  }

  // ---- templates -------------------------------------------------------------------------

  createTemplate(spaceId: number | undefined, fields: TemplateFields): ConfluenceTemplate {
    return this.transaction(() => {
      const id = this.nextId('content', FIRST_CONTENT_ID);
      const now = new Date().toISOString();
      this.sql(
        `INSERT INTO confluence_templates (template_id, space_id, name, description, template_type,
             body, labels, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        id,
        spaceId ?? null,
        fields.name,
        fields.description,
        fields.templateType,
        fields.body,
        JSON.stringify(this.labelsWithIds(fields.labels)),
        now,
        now,
      );
      return this.requireTemplate(id);
    });
  }

  updateTemplate(id: number, fields: TemplateFields): ConfluenceTemplate {
    this.sql(
      `UPDATE confluence_templates SET name = ?, description = ?, template_type = ?, body = ?,
           labels = ?, updated_at = ?
          WHERE template_id = ?`,
    ).run(
      fields.name,
      fields.description,
      fields.templateType,
      fields.body,
      JSON.stringify(this.labelsWithIds(fields.labels)),
      new Date().toISOString(),
      id,
    );
    return this.requireTemplate(id);
  }

  getTemplate(id: number): ConfluenceTemplate | undefined {
    const row = this.sql<[number], TemplateRow>(
      'SELECT * FROM confluence_templates WHERE template_id = ?',
    ).get(id);
    return row ? toTemplate(row) : undefined;
  }

  requireTemplate(id: number): ConfluenceTemplate {
    const template = this.getTemplate(id);
    if (!template) throw new Error(`No template ${id}`);
    return template;
  }

  /** The space's templates (global ones when `spaceId` is undefined), by id, one page of them. */
  listTemplates(
    spaceId: number | undefined,
    page: { start: number; limit: number },
  ): { templates: ConfluenceTemplate[]; total: number } {
    const total =
      this.sql<[number | null], { n: number }>(
        'SELECT COUNT(*) AS n FROM confluence_templates WHERE space_id IS ?',
      ).get(spaceId ?? null)?.n ?? 0;
    const templates = this.sql<[number | null, number, number], TemplateRow>(
      `SELECT * FROM confluence_templates WHERE space_id IS ? ORDER BY template_id LIMIT ? OFFSET ?`,
    )
      .all(spaceId ?? null, page.limit, page.start)
      .map(toTemplate);
    return { templates, total };
  }

  /** A template of the space (or a global one) with exactly this name. */
  findTemplateByName(spaceId: number | undefined, name: string): ConfluenceTemplate | undefined {
    const row = this.sql<[number | null, string], TemplateRow>(
      'SELECT * FROM confluence_templates WHERE space_id IS ? AND name = ?',
    ).get(spaceId ?? null, name);
    return row ? toTemplate(row) : undefined;
  }

  deleteTemplate(id: number): void {
    this.sql('DELETE FROM confluence_templates WHERE template_id = ?').run(id);
  }

  // ---- internals -------------------------------------------------------------------------

  /**
   * Label ids are stable per (prefix, name) across templates, as Confluence's labels are
   * site-wide objects; derived from the text so no extra table is needed.
   */
  private labelsWithIds(labels: readonly { prefix: string; name: string }[]): TemplateLabel[] {
    return labels.map((label) => {
      let hash = 7;
      for (const char of `${label.prefix}:${label.name}`) {
        hash = (hash * 31 + (char.codePointAt(0) ?? 0)) % 2_147_483_647;
      }
      return { id: String(hash), prefix: label.prefix, name: label.name };
    });
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

  /** Hands out the next id of a sequence (inside the caller's transaction). */
  private nextId(sequence: 'space' | 'content', first: number): number {
    const row = this.sql<[string], { next_id: number }>(
      'SELECT next_id FROM confluence_sequences WHERE name = ?',
    ).get(sequence);
    const id = row?.next_id ?? first;
    this.sql(
      `INSERT INTO confluence_sequences (name, next_id) VALUES (?, ?)
         ON CONFLICT (name) DO UPDATE SET next_id = excluded.next_id`,
    ).run(sequence, id + 1);
    return id;
  }

  private sql<P extends unknown[] = unknown[], R = unknown>(text: string): Statement<P, R> {
    let statement = this.statements.get(text);
    if (!statement) {
      statement = this.db.prepare(text);
      this.statements.set(text, statement);
    }
    return statement as Statement<P, R>;
  }
}

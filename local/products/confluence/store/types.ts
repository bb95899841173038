/** The records of the emulated Confluence site, as its stores take and give them. */

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

/** Values bound into SQL statements. */
export type SqlValue = string | number | null;

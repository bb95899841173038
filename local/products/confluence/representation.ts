/**
 * Confluence Cloud's JSON representations (v2 `SpaceBulk`/`SpaceSingle`, `PageBulk`/`PageSingle`,
 * `Version`; v1 `ContentTemplate`, `User`) and its two error bodies, built from store records.
 * Property order follows what Confluence sends, so a diff against a real answer reads easily.
 */
import { initialsAvatarSvg, svgDataUri } from '../avatars';
import { jsonResponse } from '../http';
import type { JsonObject } from '../json';
import { escapeHtml, renderStorageFormat } from './render';
import type {
  ConfluencePage,
  ConfluenceSpace,
  ConfluenceTemplate,
  ConfluenceUser,
  PageVersion,
  SpacePermission,
} from './store';

export interface ConfluenceLinkBase {
  /** e.g. `http://127.0.0.1/__forge/confluence`; the site itself lives under `/wiki`. */
  confluenceBase: string;
}

/** The site's base URL as Confluence reports it in `_links.base`: the origin plus `/wiki`. */
export function siteBase(links: ConfluenceLinkBase): string {
  return `${links.confluenceBase}/wiki`;
}

const REASONS: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Request Entity Too Large',
  500: 'Internal Server Error',
};

const V2_CODES: Readonly<Record<number, string>> = {
  400: 'INVALID_REQUEST_PARAMETER',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  413: 'REQUEST_ENTITY_TOO_LARGE',
  500: 'INTERNAL_SERVER_ERROR',
};

/** The v2 API's error body: `{errors: [{status, code, title, detail}]}`. */
export function v2Error(status: number, title: string, code?: string): Response {
  return jsonResponse(status, {
    errors: [{ status, code: code ?? V2_CODES[status] ?? 'ERROR', title, detail: null }],
  });
}

/**
 * The v1 API's error body (`statusCode`, `data` with the validation result, `message`,
 * `reason`), which Confluence sends for every failed `/wiki/rest/api` call.
 */
export function v1Error(status: number, message: string): Response {
  return jsonResponse(status, {
    statusCode: status,
    data: {
      authorized: status !== 401 && status !== 403,
      valid: status !== 400,
      allowedInReadOnlyMode: true,
      errors: [],
      successful: false,
    },
    message,
    reason: REASONS[status] ?? 'Error',
  });
}

/** Confluence's short links (`/x/AbCd`): the id's little-endian bytes in URL-safe base64. */
export function tinyUi(id: number): string {
  const bytes: number[] = [];
  for (let rest = id; rest > 0; rest = Math.floor(rest / 256)) bytes.push(rest % 256);
  const encoded = Buffer.from(bytes)
    .toString('base64')
    .replace(/=+$/, '')
    .replace(/\//g, '-')
    .replace(/\+/g, '_');
  return `/x/${encoded}`;
}

function webUiTitle(title: string): string {
  return encodeURIComponent(title).replace(/%20/g, '+');
}

export interface SpaceJsonOptions {
  descriptionFormat: 'plain' | 'view' | undefined;
  includeIcon: boolean;
  /** `getSpaceById` adds the site's base URL to `_links`; lists carry it once, at the top. */
  base: string | undefined;
}

export function spaceJson(space: ConfluenceSpace, options: SpaceJsonOptions): JsonObject {
  const json: JsonObject = {
    id: String(space.id),
    key: space.key,
    name: space.name,
    type: space.type,
    status: space.status,
    authorId: space.authorId,
    createdAt: space.createdAt,
  };
  if (space.homepageId !== undefined) json.homepageId = String(space.homepageId);
  if (options.descriptionFormat === 'plain') {
    json.description = { plain: { representation: 'plain', value: space.description } };
  } else if (options.descriptionFormat === 'view') {
    json.description = {
      view: { representation: 'view', value: `<p>${escapeHtml(space.description)}</p>` },
    };
  }
  if (options.includeIcon) {
    json.icon = { path: svgDataUri(initialsAvatarSvg(space.key, space.name)) };
  }
  const links: JsonObject = { webui: `/spaces/${encodeURIComponent(space.key)}` };
  if (options.base !== undefined) links.base = options.base;
  json._links = links;
  return json;
}

/**
 * What a user may do in a space, as the operations Confluence lists for it (v2
 * `getSpaceOperations`): `read space` for viewers, page and comment creation for editors,
 * `administer space` for space admins.
 */
export function spaceOperations(permissions: ReadonlySet<SpacePermission>): JsonObject[] {
  const operations: JsonObject[] = [];
  const add = (operation: string, targetType: string): void => {
    operations.push({ operation, targetType });
  };
  if (permissions.has('view')) add('read', 'space');
  if (permissions.has('edit')) {
    add('create', 'page');
    add('create', 'blogpost');
    add('create', 'comment');
    add('create', 'attachment');
    add('delete', 'page');
  }
  if (permissions.has('admin')) {
    add('administer', 'space');
    add('export', 'space');
    add('restrict_content', 'space');
    add('archive', 'page');
  }
  return operations;
}

export type BodyFormat = 'storage' | 'view';

export interface PageJsonOptions {
  space: ConfluenceSpace;
  /** The version shown (the latest unless a historical one was asked for). */
  version: PageVersion;
  bodyFormat: BodyFormat | undefined;
  /** `PageSingle` (GET/POST/PUT one page) carries `_links.base`; `PageBulk` (lists) does not. */
  single: boolean;
  base: string;
}

function versionJson(version: PageVersion): JsonObject {
  return {
    createdAt: version.createdAt,
    message: version.message,
    number: version.number,
    minorEdit: version.minorEdit,
    authorId: version.authorId,
  };
}

export function pageJson(page: ConfluencePage, options: PageJsonOptions): JsonObject {
  const { version } = options;
  const json: JsonObject = {};
  if (page.parentId !== undefined) {
    json.parentType = 'page';
    json.parentId = String(page.parentId);
  }
  json.ownerId = page.ownerId;
  json.lastOwnerId = null;
  json.createdAt = page.createdAt;
  json.authorId = page.authorId;
  json.position = page.position;
  json.version = versionJson(version);
  const body: JsonObject = {};
  if (options.bodyFormat === 'storage') {
    body.storage = { representation: 'storage', value: version.body };
  } else if (options.bodyFormat === 'view') {
    body.view = { representation: 'view', value: renderStorageFormat(version.body).html };
  }
  json.body = body;
  json.status = version.status;
  json.title = version.title;
  json.spaceId = String(page.spaceId);
  json.id = String(page.id);
  const links: JsonObject = {
    editui: `/pages/resumedraft.action?draftId=${page.id}`,
    webui: `/spaces/${encodeURIComponent(options.space.key)}/pages/${page.id}/${webUiTitle(version.title)}`,
    tinyui: tinyUi(page.id),
  };
  if (options.single) links.base = options.base;
  json._links = links;
  return json;
}

export interface TemplateJsonOptions {
  space: ConfluenceSpace | undefined;
  withBody: boolean;
  base: string;
}

/** A v1 `Space` as templates embed it: the summary fields and what could be expanded. */
function v1SpaceJson(space: ConfluenceSpace, base: string): JsonObject {
  return {
    id: space.id,
    key: space.key,
    name: space.name,
    type: space.type,
    status: space.status,
    _expandable: {
      settings: `/rest/api/space/${space.key}/settings`,
      metadata: '',
      operations: '',
      lookAndFeel: `/rest/api/settings/lookandfeel?spaceKey=${space.key}`,
      identifiers: '',
      permissions: '',
      icon: '',
      description: '',
      theme: `/rest/api/space/${space.key}/theme`,
      history: '',
      homepage: space.homepageId === undefined ? '' : `/rest/api/content/${space.homepageId}`,
    },
    _links: {
      webui: `/spaces/${space.key}`,
      self: `${base}/rest/api/space/${space.key}`,
    },
  };
}

export function templateJson(
  template: ConfluenceTemplate,
  options: TemplateJsonOptions,
): JsonObject {
  const json: JsonObject = {
    templateId: String(template.id),
    name: template.name,
    description: template.description,
    labels: template.labels.map((label) => ({
      prefix: label.prefix,
      name: label.name,
      id: label.id,
      label: label.name,
    })),
    templateType: template.templateType,
    editorVersion: 'v2',
  };
  if (options.space) json.space = v1SpaceJson(options.space, options.base);
  if (options.withBody) {
    json.body = {
      storage: {
        value: template.body,
        representation: 'storage',
        embeddedContent: [],
        _expandable: { content: '' },
      },
    };
  } else {
    json._expandable = { body: '' };
  }
  json._links = {
    self: `${options.base}/rest/api/template/${template.id}`,
    base: options.base,
    context: '/wiki',
  };
  return json;
}

/** Global operations (v1 `OperationCheckResult`) of a licensed user; admins also administer. */
export function applicationOperations(confluenceAdmin: boolean): JsonObject[] {
  const operations: JsonObject[] = [];
  if (confluenceAdmin) operations.push({ operation: 'administer', targetType: 'application' });
  operations.push({ operation: 'create_space', targetType: 'application' });
  operations.push({ operation: 'use', targetType: 'application' });
  return operations;
}

export function v1UserJson(
  user: ConfluenceUser,
  options: { base: string; operations: JsonObject[] | undefined },
): JsonObject {
  const json: JsonObject = {
    type: 'known',
    accountId: user.accountId,
    accountType: user.accountType,
    // Confluence answers an empty string where the profile (or an app account) shows no email.
    email: user.email ?? '',
    publicName: user.displayName,
    profilePicture: {
      // Never an external host: the same data-URI avatars as the Jira emulator.
      path: svgDataUri(initialsAvatarSvg(user.accountId, user.displayName)),
      width: 48,
      height: 48,
      isDefault: false,
    },
    displayName: user.displayName,
    timeZone: user.timeZone,
    isExternalCollaborator: false,
  };
  if (options.operations) json.operations = options.operations;
  const expandable: JsonObject = { personalSpace: '' };
  if (!options.operations) expandable.operations = '';
  json._expandable = expandable;
  json._links = {
    self: `${options.base}/rest/api/user?accountId=${encodeURIComponent(user.accountId)}`,
    base: options.base,
    context: '/wiki',
  };
  return json;
}

/**
 * Jira's JSON representations (the spec's `User`, `Project`, `IssueTypeDetails`, `StatusDetails`,
 * `IssueBean`, `IssueLink`, `IssueLinkType`) built from store records. Property order follows what Jira sends, so a diff
 * against a real answer reads easily.
 */
import { avatarUrls, initialsAvatarSvg, squareIconSvg, svgDataUri } from '../avatars';
import type { JsonObject, JsonValue } from '../json';
import type {
  IssueLink,
  IssueLinkType,
  JiraIssue,
  JiraIssueType,
  JiraProject,
  JiraStatus,
  JiraStore,
  JiraUser,
  StatusCategoryKey,
} from './store';

/** Absolute URLs in answers start with this (e.g. `http://127.0.0.1/__forge/jira`). */
export interface Links {
  jiraBase: string;
  /** The site's address, as `serverInfo` answers it: the host's origin. */
  siteBase: string;
}

/**
 * Jira writes locales the Java way (`fr_FR`); the store keeps BCP 47 (`fr-FR`) like the rest of
 * the app and the host pages.
 */
export function jiraLocale(locale: string): string {
  return locale.replace(/-/g, '_');
}

/** Jira's timestamp format: milliseconds and a `+0000` offset, e.g. `2026-11-28T09:00:00.000+0000`. */
export function jiraTimestamp(iso: string): string {
  return new Date(iso).toISOString().replace('Z', '+0000');
}

export function userAvatarUri(user: Pick<JiraUser, 'accountId' | 'displayName'>): string {
  return svgDataUri(initialsAvatarSvg(user.accountId, user.displayName));
}

export interface UserJsonOptions {
  /** Who asks: the email shows when the profile allows it or when users look at themselves. */
  viewerAccountId: string | undefined;
  /** `/myself` and `/user` also carry `groups`, `applicationRoles` and `expand`. */
  withExpandable?: { groups: boolean; applicationRoles: boolean; groupNames: readonly GroupRef[] };
}

export interface GroupRef {
  name: string;
  groupId: string;
}

export function userJson(links: Links, user: JiraUser, options: UserJsonOptions): JsonObject {
  const emailVisible =
    user.emailAddress !== undefined &&
    (user.emailVisibility === 'anyone' || options.viewerAccountId === user.accountId);
  const json: JsonObject = {
    self: `${links.jiraBase}/rest/api/3/user?accountId=${encodeURIComponent(user.accountId)}`,
    accountId: user.accountId,
    accountType: user.accountType,
  };
  if (emailVisible && user.emailAddress !== undefined) json.emailAddress = user.emailAddress;
  json.avatarUrls = avatarUrls(userAvatarUri(user));
  json.displayName = user.displayName;
  json.active = user.active;
  json.timeZone = user.timeZone;
  json.locale = jiraLocale(user.locale);
  const expandable = options.withExpandable;
  if (expandable) {
    const groups = expandable.groupNames;
    json.groups = {
      size: groups.length,
      items: expandable.groups
        ? groups.map((group) => ({
            name: group.name,
            groupId: group.groupId,
            self: `${links.jiraBase}/rest/api/3/group?groupId=${group.groupId}`,
          }))
        : [],
    };
    // Every human account of the emulated site is licensed for Jira Software; apps hold no role.
    const roles: JsonObject[] =
      user.accountType === 'atlassian' ? [{ key: 'jira-software', name: 'Jira Software' }] : [];
    json.applicationRoles = { size: roles.length, items: expandable.applicationRoles ? roles : [] };
    json.expand = 'groups,applicationRoles';
  }
  return json;
}

const CATEGORY: Record<StatusCategoryKey, { id: number; colorName: string; name: string }> = {
  new: { id: 2, colorName: 'blue-gray', name: 'To Do' },
  indeterminate: { id: 4, colorName: 'yellow', name: 'In Progress' },
  done: { id: 3, colorName: 'green', name: 'Done' },
};

export function statusJson(links: Links, status: JiraStatus): JsonObject {
  const category = CATEGORY[status.category];
  return {
    self: `${links.jiraBase}/rest/api/3/status/${status.id}`,
    description: status.description,
    iconUrl: svgDataUri(squareIconSvg('#42526E', '•')),
    name: status.name,
    id: status.id,
    statusCategory: {
      self: `${links.jiraBase}/rest/api/3/statuscategory/${category.id}`,
      id: category.id,
      key: status.category,
      colorName: category.colorName,
      name: category.name,
    },
  };
}

const ISSUE_TYPE_ICON: Record<string, { colour: string; glyph: string }> = {
  Epic: { colour: '#904EE2', glyph: 'E' },
  Task: { colour: '#4BADE8', glyph: '✓' },
  'Sub-task': { colour: '#4BADE8', glyph: 's' },
};

export function issueTypeJson(links: Links, issueType: JiraIssueType): JsonObject {
  const icon = ISSUE_TYPE_ICON[issueType.name] ?? { colour: '#6B778C', glyph: '?' };
  return {
    self: `${links.jiraBase}/rest/api/3/issuetype/${issueType.id}`,
    id: issueType.id,
    description: issueType.description,
    iconUrl: svgDataUri(squareIconSvg(icon.colour, icon.glyph)),
    name: issueType.name,
    subtask: issueType.subtask,
    hierarchyLevel: issueType.hierarchyLevel,
  };
}

function projectAvatarUri(project: JiraProject): string {
  return svgDataUri(squareIconSvg('#0065FF', project.key.slice(0, 1)));
}

/** The short project shape Jira nests in issues (`fields.project`). */
export function projectRefJson(links: Links, project: JiraProject): JsonObject {
  return {
    self: `${links.jiraBase}/rest/api/3/project/${project.id}`,
    id: String(project.id),
    key: project.key,
    name: project.name,
    projectTypeKey: project.projectTypeKey,
    simplified: project.style === 'next-gen',
    avatarUrls: avatarUrls(projectAvatarUri(project)),
  };
}

/** The full `Project` of `GET /rest/api/3/project/{projectIdOrKey}`. */
export function projectJson(
  links: Links,
  store: JiraStore,
  project: JiraProject,
  viewerAccountId: string | undefined,
): JsonObject {
  const lead = project.leadAccountId ? store.users.getUser(project.leadAccountId) : undefined;
  const roles: JsonObject = {};
  for (const role of store.permissions.roles()) {
    roles[role.name] = `${links.jiraBase}/rest/api/3/project/${project.id}/role/${role.id}`;
  }
  const json: JsonObject = {
    expand: 'description,lead,issueTypes,url,projectKeys,permissions,insight',
    self: `${links.jiraBase}/rest/api/3/project/${project.id}`,
    id: String(project.id),
    key: project.key,
    description: project.description,
  };
  if (lead) json.lead = userJson(links, lead, { viewerAccountId });
  json.components = [];
  json.issueTypes = project.issueTypes.map((issueType) => issueTypeJson(links, issueType));
  json.assigneeType = 'UNASSIGNED';
  json.versions = [];
  json.name = project.name;
  json.roles = roles;
  json.avatarUrls = avatarUrls(projectAvatarUri(project));
  json.projectTypeKey = project.projectTypeKey;
  json.simplified = project.style === 'next-gen';
  json.style = project.style;
  json.isPrivate = false;
  json.properties = {};
  return json;
}

/**
 * Which fields an issue answer carries, from the `fields` parameter: `*all` (the default) and
 * `*navigable` give every field (the emulator has no non-navigable ones yet), a plain id selects,
 * a `-id` removes.
 */
export function selectFields(requested: readonly string[]): (fieldId: string) => boolean {
  const excluded = new Set(requested.filter((id) => id.startsWith('-')).map((id) => id.slice(1)));
  const included = requested.filter((id) => !id.startsWith('-'));
  const all = included.length === 0 || included.includes('*all') || included.includes('*navigable');
  const chosen = new Set(included);
  return (fieldId) => !excluded.has(fieldId) && (all || chosen.has(fieldId));
}

export interface IssueJsonOptions {
  viewerAccountId: string | undefined;
  wantField: (fieldId: string) => boolean;
  /** Property keys to include under `properties` (from the `properties` parameter). */
  properties: ReadonlyMap<string, JsonValue> | undefined;
}

function userOrNull(
  links: Links,
  store: JiraStore,
  accountId: string | undefined,
  viewerAccountId: string | undefined,
): JsonValue {
  const user = accountId ? store.users.getUser(accountId) : undefined;
  return user ? userJson(links, user, { viewerAccountId }) : null;
}

export function issueLinkTypeJson(links: Links, type: IssueLinkType): JsonObject {
  return {
    id: type.id,
    name: type.name,
    inward: type.inward,
    outward: type.outward,
    self: `${links.jiraBase}/rest/api/3/issueLinkType/${type.id}`,
  };
}

/** The short issue Jira nests in links and parents: id, key, self and a few key fields. */
export function linkedIssueJson(links: Links, store: JiraStore, issue: JiraIssue): JsonObject {
  const status = store.projects.getStatus(issue.statusId);
  const issueType = store.projects.getIssueType(issue.issueTypeId);
  return {
    id: String(issue.id),
    key: issue.key,
    self: `${links.jiraBase}/rest/api/3/issue/${issue.id}`,
    fields: {
      summary: issue.summary,
      status: status ? statusJson(links, status) : null,
      issuetype: issueType ? issueTypeJson(links, issueType) : null,
    },
  };
}

/**
 * One link as `issue` sees it (the spec's `IssueLink`): on the source, the other end is the
 * `outwardIssue`; on the destination, the `inwardIssue`. Undefined when the link type is gone or
 * the other issue is missing.
 */
export function issueLinkJson(
  links: Links,
  store: JiraStore,
  link: IssueLink,
  seenFrom: number,
): JsonObject | undefined {
  const type = store.links.getIssueLinkType(link.typeId);
  const otherId = link.sourceIssueId === seenFrom ? link.destinationIssueId : link.sourceIssueId;
  const other = store.issues.getIssue(otherId);
  if (!type || !other) return undefined;
  const json: JsonObject = {
    id: String(link.id),
    self: `${links.jiraBase}/rest/api/3/issueLink/${link.id}`,
    type: issueLinkTypeJson(links, type),
  };
  if (link.sourceIssueId === seenFrom) json.outwardIssue = linkedIssueJson(links, store, other);
  else json.inwardIssue = linkedIssueJson(links, store, other);
  return json;
}

/** The `IssueBean` of `GET /rest/api/3/issue/{issueIdOrKey}`. */
export function issueJson(
  links: Links,
  store: JiraStore,
  issue: JiraIssue,
  options: IssueJsonOptions,
): JsonObject {
  const project = store.projects.getProject(issue.projectId);
  const status = store.projects.getStatus(issue.statusId);
  const issueType = store.projects.getIssueType(issue.issueTypeId);
  const parent = issue.parentId === undefined ? undefined : store.issues.getIssue(issue.parentId);
  const all: JsonObject = {
    summary: issue.summary,
    status: status ? statusJson(links, status) : null,
    issuetype: issueType ? issueTypeJson(links, issueType) : null,
    project: project ? projectRefJson(links, project) : null,
    description: null,
    labels: [],
    duedate: null,
    created: jiraTimestamp(issue.created),
    updated: jiraTimestamp(issue.updated),
    reporter: userOrNull(links, store, issue.reporterAccountId, options.viewerAccountId),
    assignee: userOrNull(links, store, issue.assigneeAccountId, options.viewerAccountId),
    ...issue.fields,
  };
  if (options.wantField('issuelinks')) {
    // Only links to issues the viewer may browse, as Jira filters them.
    const viewer = options.viewerAccountId;
    all.issuelinks = store.links
      .issueLinksOf(issue.id)
      .filter((link) => {
        const otherId =
          link.sourceIssueId === issue.id ? link.destinationIssueId : link.sourceIssueId;
        const other = store.issues.getIssue(otherId);
        return (
          other !== undefined &&
          viewer !== undefined &&
          store.permissions.projectPermissionsOf(viewer, other.projectId).has('BROWSE_PROJECTS')
        );
      })
      .map((link) => issueLinkJson(links, store, link, issue.id))
      .filter((json): json is JsonObject => json !== undefined);
  }
  if (parent) {
    const parentStatus = store.projects.getStatus(parent.statusId);
    const parentType = store.projects.getIssueType(parent.issueTypeId);
    all.parent = {
      id: String(parent.id),
      key: parent.key,
      self: `${links.jiraBase}/rest/api/3/issue/${parent.id}`,
      fields: {
        summary: parent.summary,
        status: parentStatus ? statusJson(links, parentStatus) : null,
        issuetype: parentType ? issueTypeJson(links, parentType) : null,
      },
    };
  }
  const fields: JsonObject = {};
  for (const [fieldId, value] of Object.entries(all)) {
    if (options.wantField(fieldId)) fields[fieldId] = value;
  }
  const json: JsonObject = {
    expand: 'renderedFields,names,schema,operations,editmeta,changelog,versionedRepresentations',
    id: String(issue.id),
    self: `${links.jiraBase}/rest/api/3/issue/${issue.id}`,
    key: issue.key,
  };
  if (options.properties) json.properties = Object.fromEntries(options.properties);
  json.fields = fields;
  return json;
}

/**
 * One entry of `GET /rest/api/3/project/search` (the spec's `Project`, as that list sends it):
 * the short project, plus what `expand` asks for (`description`, `lead`, `issueTypes`, `url`,
 * `insight`).
 */
export function projectSearchJson(
  links: Links,
  store: JiraStore,
  project: JiraProject,
  expand: ReadonlySet<string>,
  viewerAccountId: string | undefined,
): JsonObject {
  const json: JsonObject = {
    expand: 'description,lead,issueTypes,url,projectKeys,permissions,insight',
    self: `${links.jiraBase}/rest/api/3/project/${project.id}`,
    id: String(project.id),
    key: project.key,
  };
  if (expand.has('description')) json.description = project.description;
  const lead = project.leadAccountId ? store.users.getUser(project.leadAccountId) : undefined;
  if (expand.has('lead') && lead) json.lead = userJson(links, lead, { viewerAccountId });
  if (expand.has('issueTypes')) {
    json.issueTypes = project.issueTypes.map((issueType) => issueTypeJson(links, issueType));
  }
  json.name = project.name;
  json.avatarUrls = avatarUrls(projectAvatarUri(project));
  json.projectTypeKey = project.projectTypeKey;
  json.simplified = project.style === 'next-gen';
  json.style = project.style;
  json.isPrivate = false;
  json.properties = {};
  if (expand.has('insight')) {
    const insight: JsonObject = { totalIssueCount: store.issues.countIssues(project.id) };
    const last = store.issues.lastIssueUpdate(project.id);
    if (last !== undefined) insight.lastIssueUpdateTime = jiraTimestamp(last);
    json.insight = insight;
  }
  return json;
}

/**
 * Reading a project (`GET /project/{projectIdOrKey}`) and finding projects for a user:
 * `GET /project/search` (a page of the projects the caller may
 * view, browse, edit or create issues in, per `action`) and `POST /permissions/project` (the
 * projects where the caller holds every listed project permission).
 *
 * For "which projects may this user create issues in", `GET /project/search?action=create` is
 * the cheapest call: one request, names and keys included, paged by Jira. `mypermissions` needs
 * one call per project and `permissions/project` answers ids and keys only.
 */
import { intParam, jiraError, jsonResponse, listParam, type ProductRouter } from '../http';
import { invalidPaging, pageBean, parseBody, type JiraAccess } from './access';
import { permissionDefinition } from './permissions';
import { projectJson, projectSearchJson } from './representation';
import type { JiraProject, JiraUser } from './store';

const API = '/rest/api/3';
const DEFAULT_PAGE = 50;
/** "Must be less than or equal to 100. If a value greater than 100 is provided, … 100." */
const MAX_PAGE = 100;
/** "Up to 50 project IDs can be provided" (and keys alike). */
const MAX_FILTER = 50;

const ACTIONS = ['view', 'browse', 'edit', 'create'] as const;
type Action = (typeof ACTIONS)[number];

const ORDER_FIELDS = [
  'category',
  'key',
  'name',
  'owner',
  'issueCount',
  'lastIssueUpdatedTime',
  'archivedDate',
  'deletedDate',
] as const;

const PROJECT_TYPES = new Set(['business', 'service_desk', 'software']);

export function addProjectRoutes(router: ProductRouter, access: JiraAccess): void {
  const { store, links } = access;

  /** Whether `me` may do `action` in `project`, as the `action` parameter defines it. */
  const allowed = (me: JiraUser, project: JiraProject, action: Action): boolean => {
    const held = store.permissions.projectPermissionsOf(me.accountId, project.id);
    const jiraAdmin = store.permissions.globalPermissionsOf(me.accountId).has('ADMINISTER');
    switch (action) {
      case 'view':
        return held.has('BROWSE_PROJECTS') || held.has('ADMINISTER_PROJECTS') || jiraAdmin;
      case 'browse':
        return held.has('BROWSE_PROJECTS');
      case 'edit':
        return held.has('ADMINISTER_PROJECTS') || jiraAdmin;
      case 'create':
        return held.has('CREATE_ISSUES');
    }
  };

  // Operation getProject: 404 both for an unknown project and for one the user cannot browse,
  // so that a project's existence is not revealed.
  router.add('GET', `${API}/project/{projectIdOrKey}`, ({ actor, params }) => {
    const ref = params.projectIdOrKey ?? '';
    const me = access.callerOf(actor);
    const project = store.projects.getProject(ref);
    if (!project || !access.holds(me, project.id, 'BROWSE_PROJECTS')) {
      const by = /^\d+$/.test(ref) ? 'id' : 'key';
      return jiraError(404, [`No project could be found with ${by} '${ref}'.`]);
    }
    return jsonResponse(200, projectJson(links, store, project, me?.accountId));
  });

  // Operation searchProjects. Anonymous callers see no project (this site grants none).
  router.add('GET', `${API}/project/search`, ({ actor, query }) => {
    const startAt = intParam(query, 'startAt', 0);
    const requested = intParam(query, 'maxResults', DEFAULT_PAGE);
    if (startAt === null) return invalidPaging('startAt');
    if (requested === null) return invalidPaging('maxResults');
    const maxResults = Math.min(requested, MAX_PAGE);
    const actionText = query.get('action') ?? 'view';
    const action = ACTIONS.find((candidate) => candidate === actionText);
    if (!action) {
      return jiraError(400, [
        `Invalid action '${actionText}'. Valid values: ${ACTIONS.join(', ')}.`,
      ]);
    }
    const orderText = query.get('orderBy') ?? 'key';
    const descending = orderText.startsWith('-');
    const orderField = ORDER_FIELDS.find((field) => field === orderText.replace(/^[+-]/u, ''));
    if (!orderField) {
      return jiraError(400, [`Invalid orderBy '${orderText}'.`]);
    }
    const ids = listParam(query, 'id');
    const keys = listParam(query, 'keys').map((key) => key.toUpperCase());
    if (ids.length > MAX_FILTER || keys.length > MAX_FILTER) {
      return jiraError(400, [`Up to ${MAX_FILTER} project IDs or keys can be provided.`]);
    }
    if (ids.some((id) => !/^\d+$/u.test(id))) {
      return jiraError(400, ["The 'id' parameter must list project IDs."]);
    }
    const types = listParam(query, 'typeKey');
    const unknownType = types.find((type) => !PROJECT_TYPES.has(type));
    if (unknownType !== undefined) {
      return jiraError(400, [`Invalid project type key '${unknownType}'.`]);
    }
    const statuses = listParam(query, 'status');
    const text = (query.get('query') ?? '').trim().toLowerCase();
    const expand = new Set(listParam(query, 'expand'));

    const me = access.callerOf(actor);
    // Every emulated project is live: asking only for archived or deleted ones finds none.
    const wantsLive = statuses.length === 0 || statuses.includes('live');
    const matching =
      !me || !wantsLive
        ? []
        : store.projects
            .listProjects()
            .filter((project) => allowed(me, project, action))
            .filter((project) => ids.length === 0 || ids.includes(String(project.id)))
            .filter((project) => keys.length === 0 || keys.includes(project.key))
            .filter((project) => types.length === 0 || types.includes(project.projectTypeKey))
            .filter(
              (project) =>
                text === '' ||
                project.key.toLowerCase().includes(text) ||
                project.name.toLowerCase().includes(text),
            );
    const sortValue = (project: JiraProject): string | number => {
      switch (orderField) {
        case 'name':
          return project.name.toLowerCase();
        case 'owner':
          return (
            (project.leadAccountId
              ? store.users.getUser(project.leadAccountId)
              : undefined
            )?.displayName.toLowerCase() ?? ''
          );
        case 'issueCount':
          return store.issues.countIssues(project.id);
        case 'lastIssueUpdatedTime':
          return store.issues.lastIssueUpdate(project.id) ?? '';
        default:
          // No categories, archive or deletion dates here: those orders fall back to the key.
          return project.key;
      }
    };
    const sorted = matching
      .map((project) => ({ project, value: sortValue(project) }))
      .sort((a, b) => {
        const order =
          a.value < b.value
            ? -1
            : a.value > b.value
              ? 1
              : a.project.key.localeCompare(b.project.key);
        return descending ? -order : order;
      })
      .map((entry) => entry.project);

    const values = sorted
      .slice(startAt, startAt + maxResults)
      .map((project) => projectSearchJson(links, store, project, expand, me?.accountId));
    const pageUrl = (start: number): string => {
      const params = new URLSearchParams(query);
      params.set('startAt', String(start));
      params.set('maxResults', String(maxResults));
      return `${links.jiraBase}${API}/project/search?${params.toString()}`;
    };
    return jsonResponse(
      200,
      pageBean({ startAt, maxResults, total: sorted.length, values }, pageUrl),
    );
  });

  // Operation getPermittedProjects: projects where the caller holds all the listed permissions.
  router.add('POST', `${API}/permissions/project`, ({ actor, body }) => {
    const raw = parseBody(body);
    if (!raw.ok) return jiraError(400, [raw.message]);
    const value: unknown = raw.value;
    const permissions =
      typeof value === 'object' && value !== null && 'permissions' in value
        ? value.permissions
        : undefined;
    if (!Array.isArray(permissions) || permissions.some((key) => typeof key !== 'string')) {
      return jiraError(400, ["The 'permissions' list of permission keys is required."]);
    }
    const keys = [...new Set(permissions.map(String))];
    const unknown = keys.filter((key) => permissionDefinition(key)?.type !== 'PROJECT');
    if (unknown.length > 0) {
      return jiraError(
        400,
        [],
        Object.fromEntries(unknown.map((key) => [key, 'Unrecognized project permission'])),
      );
    }
    const me = access.callerOf(actor);
    const projects = !me
      ? []
      : store.projects.listProjects().filter((project) => {
          const held = store.permissions.projectPermissionsOf(me.accountId, project.id);
          return keys.every((key) => held.has(key));
        });
    return jsonResponse(200, {
      projects: projects.map((project) => ({ id: project.id, key: project.key })),
    });
  });
}

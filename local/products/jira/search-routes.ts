/**
 * JQL search with token paging (`GET|POST /rest/api/3/search/jql`) and counting
 * (`POST /rest/api/3/search/approximate-count`), over the subset `jql.ts` compiles. As in Jira
 * Cloud: only issues the caller may browse, no `total`, up to 5,000 issues a page when only `id`
 * and `key` are asked for (100 otherwise), and the retired `/search` answers 410.
 */
import { z } from 'zod';
import { intParam, jiraError, jsonResponse, listParam, type ProductRouter } from '../http';
import type { JsonObject, JsonValue } from '../json';
import { parseBody, type JiraAccess } from './access';
import { compileJql, JqlError, type CompiledJql } from './jql';
import { issueJson, selectFields } from './representation';
import type { JiraUser } from './store';

const API = '/rest/api/3';
const DEFAULT_PAGE = 50;
const ID_KEY_PAGE_MAX = 5000;
const FIELDS_PAGE_MAX = 100;
const PROPERTIES_MAX = 5;

const searchBodySchema = z.looseObject({
  jql: z.string().optional(),
  nextPageToken: z.string().nullish(),
  maxResults: z.number().int().min(0).optional(),
  fields: z.array(z.string()).optional(),
  properties: z.array(z.string()).optional(),
  expand: z.string().optional(),
  fieldsByKeys: z.boolean().optional(),
  reconcileIssues: z.array(z.number()).optional(),
});

const countBodySchema = z.looseObject({ jql: z.string().optional() });

interface SearchRequest {
  jql: string;
  nextPageToken: string | undefined;
  maxResults: number;
  fields: string[];
  properties: string[];
}

interface PageToken {
  offset: number;
  fingerprint: string;
}

function encodeToken(token: PageToken): string {
  return Buffer.from(JSON.stringify({ o: token.offset, q: token.fingerprint })).toString(
    'base64url',
  );
}

function decodeToken(text: string): PageToken | undefined {
  try {
    const raw: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    const parsed = z.object({ o: z.number().int().min(0), q: z.string() }).safeParse(raw);
    return parsed.success ? { offset: parsed.data.o, fingerprint: parsed.data.q } : undefined;
  } catch {
    return undefined;
  }
}

export function addSearchRoutes(router: ProductRouter, access: JiraAccess): void {
  const { store, links } = access;

  const visibleProjects = (me: JiraUser | undefined): number[] =>
    me ? store.permissions.projectsWithPermission(me.accountId, 'BROWSE_PROJECTS') : [];

  const compile = (me: JiraUser | undefined, jql: string): CompiledJql | Response => {
    try {
      return compileJql(store, jql, visibleProjects(me));
    } catch (error) {
      if (error instanceof JqlError) return jiraError(400, [error.message]);
      throw error;
    }
  };

  const search = (me: JiraUser | undefined, request: SearchRequest): Response => {
    const compiled = compile(me, request.jql);
    if (compiled instanceof Response) return compiled;
    if (request.properties.length > PROPERTIES_MAX) {
      return jiraError(400, [`At most ${PROPERTIES_MAX} issue properties can be requested.`]);
    }
    let offset = 0;
    if (request.nextPageToken !== undefined) {
      const token = decodeToken(request.nextPageToken);
      if (token?.fingerprint !== compiled.fingerprint) {
        return jiraError(400, ['The nextPageToken is invalid or belongs to another query.']);
      }
      offset = token.offset;
    }
    const fields = request.fields.length > 0 ? request.fields : ['id'];
    const idOrKeyOnly = fields.every((field) => field === 'id' || field === 'key');
    const pageSize = Math.min(
      request.maxResults,
      idOrKeyOnly && request.properties.length === 0 ? ID_KEY_PAGE_MAX : FIELDS_PAGE_MAX,
    );
    // One row more than the page tells whether another page follows, without counting.
    const rows = store.search.searchIssues(
      compiled.where,
      compiled.params,
      compiled.orderBy,
      pageSize + 1,
      offset,
    );
    const page = rows.slice(0, pageSize);
    const wantField = selectFields(fields.filter((field) => field !== 'id' && field !== 'key'));
    const issues: JsonObject[] = page.map((row) => {
      if (idOrKeyOnly && request.properties.length === 0) {
        return fields.includes('key')
          ? { id: String(row.id), key: row.key }
          : { id: String(row.id) };
      }
      const issue = store.issues.getIssue(row.id);
      if (!issue) throw new Error(`Issue ${row.id} vanished during the search`);
      let properties: Map<string, JsonValue> | undefined;
      if (request.properties.length > 0) {
        const all = store.issues.issueProperties(issue.id);
        properties = new Map([...all].filter(([key]) => request.properties.includes(key)));
      }
      return issueJson(links, store, issue, {
        viewerAccountId: me?.accountId,
        wantField: idOrKeyOnly ? () => false : wantField,
        properties,
      });
    });
    const body: JsonObject = { issues };
    const isLast = rows.length <= pageSize;
    if (!isLast) {
      body.nextPageToken = encodeToken({
        offset: offset + pageSize,
        fingerprint: compiled.fingerprint,
      });
    }
    body.isLast = isLast;
    return jsonResponse(200, body);
  };

  // Operation searchAndReconsileIssuesUsingJql (GET).
  router.add('GET', `${API}/search/jql`, ({ actor, query }) => {
    const maxResults = intParam(query, 'maxResults', DEFAULT_PAGE);
    if (maxResults === null) {
      return jiraError(400, ["The 'maxResults' parameter must be a non-negative integer."]);
    }
    return search(access.callerOf(actor), {
      jql: query.get('jql') ?? '',
      nextPageToken: query.get('nextPageToken') ?? undefined,
      maxResults,
      fields: listParam(query, 'fields'),
      properties: listParam(query, 'properties'),
    });
  });

  // Operation searchAndReconsileIssuesUsingJqlPost.
  router.add('POST', `${API}/search/jql`, ({ actor, body }) => {
    const raw = parseBody(body);
    if (!raw.ok) return jiraError(400, [raw.message]);
    const parsed = searchBodySchema.safeParse(raw.value ?? {});
    if (!parsed.success) {
      return jiraError(400, [
        `Invalid request body: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
      ]);
    }
    const request = parsed.data;
    return search(access.callerOf(actor), {
      jql: request.jql ?? '',
      nextPageToken: request.nextPageToken ?? undefined,
      maxResults: request.maxResults ?? DEFAULT_PAGE,
      fields: (request.fields ?? []).flatMap((field) => field.split(',')).map((f) => f.trim()),
      properties: (request.properties ?? []).flatMap((key) => key.split(',')).map((k) => k.trim()),
    });
  });

  // Operation countIssues: one COUNT over the same condition; no issue is read.
  router.add('POST', `${API}/search/approximate-count`, ({ actor, body }) => {
    const raw = parseBody(body);
    if (!raw.ok) return jiraError(400, [raw.message]);
    const parsed = countBodySchema.safeParse(raw.value ?? {});
    if (!parsed.success) return jiraError(400, ["The 'jql' field must be a string."]);
    const compiled = compile(access.callerOf(actor), parsed.data.jql ?? '');
    if (compiled instanceof Response) return compiled;
    return jsonResponse(200, {
      count: store.search.countIssuesWhere(compiled.where, compiled.params),
    });
  });

  // The retired search endpoints answer 410, pointing at their replacement as Jira does.
  for (const method of ['GET', 'POST']) {
    router.add(method, `${API}/search`, () =>
      jiraError(410, [
        'The requested API has been removed. Please migrate to the /rest/api/3/search/jql API.',
      ]),
    );
  }
}

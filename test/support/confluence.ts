/**
 * Calls the Confluence emulator through the REAL `@forge/api` (`asUser()`, `asApp()`, `route`),
 * as the app's backend does, and checks each answer against Atlassian's Confluence OpenAPI specs
 * (v2 for `/wiki/api/v2`, v1 for `/wiki/rest/api`); error bodies, which the specs leave
 * undescribed, against Confluence's two error shapes. The routes' templates, answer shapes and a
 * macro as Confluence's editor stores it, shared by the Confluence contract tests.
 */
import Database from 'better-sqlite3';
import { z } from 'zod';
import { ProductEmulator } from '../../local/products';
import { seedConfluence } from '../../local/seed/confluence';
import { PERSONAS } from '../../local/seed/jira';
import { installProducts, personaAccountId, productAs, type Answer, type Route } from './jira';

/** A fresh in-memory Confluence with the demo spaces, answering the runtime's product calls. */
export function seededConfluence(): ProductEmulator {
  const emulator = new ProductEmulator(new Database(':memory:'));
  seedConfluence(emulator.confluence, PERSONAS);
  installProducts(emulator);
  return emulator;
}

export type PersonaKey =
  | 'coordinator'
  | 'head-sales'
  | 'head-support'
  | 'head-finance'
  | 'head-operations'
  | 'employee'
  | 'outsider'
  | 'admin';
export const accountIdOf = (key: PersonaKey): string => personaAccountId(key);

/** Who makes the call: a persona through `asUser()`, an explicit account, or the app. */
export type Caller = PersonaKey | { accountId: string } | 'app';

export type { Answer } from './jira';

/** Calls Confluence as `caller` through `@forge/api`, answer checked against the spec. */
export function confluence(
  caller: Caller,
  method: string,
  path: Route,
  template: string | null,
  body?: unknown,
): Promise<Answer> {
  return productAs('confluence', caller, method, path, template, body);
}

export const SPACES = '/wiki/api/v2/spaces';
export const SPACE = '/wiki/api/v2/spaces/{id}';
export const SPACE_OPERATIONS = '/wiki/api/v2/spaces/{id}/operations';
export const PAGES = '/wiki/api/v2/pages';
export const PAGE = '/wiki/api/v2/pages/{id}';
export const CURRENT_USER = '/wiki/rest/api/user/current';
export const TEMPLATE = '/wiki/rest/api/template';
export const TEMPLATES = '/wiki/rest/api/template/page';
export const TEMPLATE_BY_ID = '/wiki/rest/api/template/{contentTemplateId}';

/** Confluence v2's error body. */
export const v2ErrorBody = z.object({
  errors: z
    .array(z.object({ status: z.number(), code: z.string(), title: z.string(), detail: z.null() }))
    .length(1),
});
/** Confluence v1's error body. */
export const v1ErrorBody = z.object({
  statusCode: z.number(),
  data: z.object({ authorized: z.boolean(), valid: z.boolean(), successful: z.literal(false) }),
  message: z.string(),
  reason: z.string(),
});

export function v2Title(answer: Answer): string {
  const parsed = v2ErrorBody.parse(answer.body);
  expect(parsed.errors[0]?.status).toBe(answer.status);
  return parsed.errors[0]?.title ?? '';
}

export function v1Message(answer: Answer): string {
  const parsed = v1ErrorBody.parse(answer.body);
  expect(parsed.statusCode).toBe(answer.status);
  return parsed.message;
}

export const spaceList = z.object({
  results: z.array(z.object({ id: z.string(), key: z.string(), name: z.string() })),
  _links: z.object({ next: z.string().optional(), base: z.string() }),
});
export const operationsBody = z.object({
  operations: z.array(z.object({ operation: z.string(), targetType: z.string() })),
});
export const pageBody = z.object({
  id: z.string(),
  title: z.string(),
  status: z.string(),
  spaceId: z.string(),
  parentId: z.string().optional(),
  version: z.object({ number: z.number(), message: z.string(), authorId: z.string() }),
  body: z.object({
    storage: z.object({ representation: z.literal('storage'), value: z.string() }).optional(),
  }),
});
export const pageList = z.object({
  results: z.array(pageBody),
  _links: z.object({ base: z.string() }),
});
export const templateBody = z.object({
  templateId: z.string(),
  name: z.string(),
  description: z.string(),
  space: z.object({ key: z.string() }).optional(),
  labels: z.array(z.object({ name: z.string(), prefix: z.string() })),
  body: z.object({ storage: z.object({ value: z.string() }) }).optional(),
});
export const templateList = z.object({
  results: z.array(templateBody),
  start: z.number(),
  limit: z.number(),
  size: z.number(),
});

/** The id of the space with this key, as the REST API gives ids: a string. */
export function spaceIdIn(emulator: ProductEmulator, key: string): string {
  const space = emulator.confluence.spaces.getSpaceByKey(key);
  if (!space) throw new Error(`No space ${key}`);
  return String(space.id);
}

export function has(body: unknown, operation: string, targetType: string): boolean {
  return operationsBody
    .parse(body)
    .operations.some((item) => item.operation === operation && item.targetType === targetType);
}

/**
 * A Forge macro instance as Confluence's editor stores it: an ADF extension with every attribute
 * and parameter the editor writes (extension key and type, local id, extension id and title,
 * forge-environment, guest params, text, layout), then its fallback copy.
 */
export function forgeMacro(localId: string, rolloutId: string): string {
  const key = 'local-rollout-coordinator/local-development/static/rollout-status';
  const node =
    '<ac:adf-node type="extension">' +
    `<ac:adf-attribute key="extension-key">${key}</ac:adf-attribute>` +
    '<ac:adf-attribute key="extension-type">com.atlassian.ecosystem</ac:adf-attribute>' +
    '<ac:adf-attribute key="parameters">' +
    `<ac:adf-parameter key="local-id">${localId}</ac:adf-parameter>` +
    `<ac:adf-parameter key="extension-id">ari:cloud:ecosystem::extension/${key}</ac:adf-parameter>` +
    '<ac:adf-parameter key="extension-title">Rollout status (Development)</ac:adf-parameter>' +
    '<ac:adf-parameter key="forge-environment">DEVELOPMENT</ac:adf-parameter>' +
    '<ac:adf-parameter key="guest-params">' +
    `<ac:adf-parameter key="rolloutId">${rolloutId}</ac:adf-parameter>` +
    '</ac:adf-parameter></ac:adf-attribute>' +
    '<ac:adf-attribute key="text">Rollout status (Development)</ac:adf-attribute>' +
    '<ac:adf-attribute key="layout">default</ac:adf-attribute>' +
    `<ac:adf-attribute key="local-id">${localId}-node</ac:adf-attribute>` +
    '</ac:adf-node>';
  return `<ac:adf-extension>${node}<ac:adf-fallback>${node}</ac:adf-fallback></ac:adf-extension>`;
}

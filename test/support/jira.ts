/**
 * Calls the product emulators through the REAL `@forge/api` (`asUser()`, `asApp()`, `route`), as
 * the app's backend does, and checks each answer against Atlassian's OpenAPI description; a
 * seeded Jira for the Jira contract tests (Confluence's: confluence.ts).
 */
import Database from 'better-sqlite3';
import api, { type APIResponse, type RequestInit, type route } from '@forge/api';
import { installForgeRuntime, runInvocation, type ProductName } from '../../local/runtime';
import { ProductEmulator } from '../../local/products';
import { assertMatchesSpec } from '../../local/products/schema-check';
import { PERSONAS, seedJira } from '../../local/seed/jira';

export type Route = ReturnType<typeof route>;
/** Who makes the call: a persona key through `asUser()`, an explicit account, or `'app'`. */
export type Caller = string | { accountId: string };

export interface Answer {
  status: number;
  headers: APIResponse['headers'];
  body: unknown;
}

export function personaAccountId(key: string): string {
  const persona = PERSONAS.find((candidate) => candidate.key === key);
  if (!persona) throw new Error(`No persona ${key}`);
  return persona.accountId;
}

/** Points the runtime's product calls at `emulator` (storage answers nothing: not used here). */
export function installProducts(emulator: ProductEmulator): void {
  installForgeRuntime({
    kvs: () => Promise.resolve(new Response('{}')),
    product: (request) => emulator.handle(request),
  });
}

/** A fresh in-memory Jira with the demo company, answering the runtime's product calls. */
export function seededJira(): ProductEmulator {
  const emulator = new ProductEmulator(new Database(':memory:'));
  seedJira(emulator.jira);
  installProducts(emulator);
  return emulator;
}

/**
 * Calls a product as `caller` through `@forge/api`, as the app's backend does, and checks the
 * answer against the spec operation `method template` (`template: null` skips the check, for
 * answers no operation documents). A string body is sent as it is, anything else as JSON.
 */
export async function productAs(
  product: ProductName,
  caller: Caller,
  method: string,
  path: Route,
  template: string | null,
  body?: unknown,
): Promise<Answer> {
  const init: RequestInit = { method };
  if (body !== undefined) {
    init.body = typeof body === 'string' ? body : JSON.stringify(body);
    init.headers = { 'Content-Type': 'application/json' };
  }
  const request = (client: ReturnType<typeof api.asApp>) =>
    product === 'jira' ? client.requestJira(path, init) : client.requestConfluence(path, init);
  const response =
    caller === 'app'
      ? await request(api.asApp())
      : await runInvocation(
          {
            accountId: typeof caller === 'string' ? personaAccountId(caller) : caller.accountId,
            moduleKey: 'test',
          },
          () => request(api.asUser()),
        );
  const text = await response.text();
  const json: unknown = text === '' ? undefined : JSON.parse(text);
  if (template !== null) assertMatchesSpec(product, method, template, response.status, json);
  return { status: response.status, headers: response.headers, body: json };
}

/** Calls Jira as `caller` (see `productAs`). */
export function jiraAs(
  caller: Caller,
  method: string,
  path: Route,
  template: string | null,
  body?: unknown,
): Promise<Answer> {
  return productAs('jira', caller, method, path, template, body);
}

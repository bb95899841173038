/**
 * Only the contract's own function keys reach a handler. Through the local host's invoke and its
 * HTTP endpoint `/__forge/invoke`, exactly as the bridge and scripts call the resolver function:
 * an unknown key, or one an object inherits (`constructor`, `__proto__`…), gets a clean NOT_FOUND
 * envelope, never the raw request and never an HTTP 500.
 */
import type { LocalHost } from '../../local/host';
import { ADMIN_MODULE, memoryHost } from '../support/host';

const NOT_OURS = [
  'constructor',
  '__proto__',
  'hasOwnProperty',
  'valueOf',
  'toString',
  'isPrototypeOf',
  'propertyIsEnumerable',
  '__defineGetter__',
  'directory/list ',
  'Directory/List',
  'directory',
  'nope/none',
];

const UNKNOWN_FUNCTION = {
  ok: false,
  error: {
    code: 'NOT_FOUND',
    messageKey: 'errors.unknownFunction',
    message: 'Rollout Coordinator cannot do this. Reload the page to get its current version.',
  },
};

let host: LocalHost;

beforeAll(async () => {
  host = await memoryHost({ port: 0 });
});

afterAll(async () => {
  await host.close();
});

describe('the resolver function', () => {
  it.each(NOT_OURS)('answers "%s" with a clean NOT_FOUND envelope', async (functionKey) => {
    const outcome = await host.invoke({
      moduleKey: ADMIN_MODULE,
      functionKey,
      payload: { secret: 'echo me' },
      as: 'admin',
    });
    expect(outcome.body).toEqual(UNKNOWN_FUNCTION);
    expect(outcome.counters).toEqual({ storage: 0, product: 0 });
  });

  it('answers a call with no function key the same way', async () => {
    const handler = host.functions.handler('resolver');
    for (const request of [{}, { call: {} }, { call: { functionKey: 42 } }, null]) {
      await expect(handler(request, {})).resolves.toEqual(UNKNOWN_FUNCTION);
    }
  });

  it('still dispatches the contract’s keys', async () => {
    const outcome = await host.invoke({
      moduleKey: ADMIN_MODULE,
      functionKey: 'directory/list',
      payload: {},
      as: 'admin',
    });
    expect(outcome.body).toMatchObject({ ok: true, data: { canManage: true } });
  });
});

describe('POST /__forge/invoke', () => {
  async function invoke(functionKey: string) {
    const response = await fetch(`${host.url ?? ''}/__forge/invoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ moduleKey: ADMIN_MODULE, functionKey, payload: {}, as: 'admin' }),
    });
    return { status: response.status, body: (await response.json()) as { body: unknown } };
  }

  it.each(NOT_OURS)('answers "%s" with HTTP 200 and the envelope, not a 500', async (key) => {
    const { status, body } = await invoke(key);
    expect(status).toBe(200);
    expect(body.body).toEqual(UNKNOWN_FUNCTION);
  });
});

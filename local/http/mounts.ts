/**
 * The emulators over HTTP, at the very paths the SDKs send, so a script in another process (or
 * curl) reaches the data the app sees: storage at `/__forge/kvs/api/v1/…`, Jira and Confluence at
 * `/__forge/jira/rest/…` and `/__forge/confluence/wiki/…` (as `x-forge-as: <persona>`, or the app),
 * the events queue at `/__forge/events/webhook/queue/…`. Next to them, the switches tests and
 * demos use: faults, storage failures, and the events queue's controls.
 */
import { z } from 'zod';
import type { LocalHost } from '../host';
import { kvsResponse } from '../kvs';
import { ANY_METHOD } from '../router';
import type { ProductActor, ProductName } from '../runtime';
import { HttpError, sendJson, type HostRequest, type HostRouter } from './respond';

const faultSchema = z.object({
  product: z.enum(['jira', 'confluence', 'storage']).optional(),
  method: z.string().optional(),
  pathPattern: z.string().min(1),
  kind: z.enum(['status429', 'status500', 'latency']),
  retryAfterSeconds: z.number().nonnegative().optional(),
  latencyMs: z.number().nonnegative().optional(),
  times: z.number().int().positive().optional(),
  skip: z.number().int().nonnegative().optional(),
  afterHandling: z.boolean().optional(),
});

const kvsFaultSchema = z.object({
  pathPrefix: z.string().min(1),
  count: z.number().int().positive(),
  status: z.number().int().min(400).max(599),
  code: z.string().min(1),
});

const redeliverSchema = z.object({
  eventId: z.string().min(1),
  delayMs: z.number().int().nonnegative().optional(),
});

const duplicateSchema = z.object({
  queue: z.string().min(1).optional(),
  mode: z.enum(['concurrent', 'after']),
  times: z.number().int().positive().optional(),
});

export function addEmulatorMounts(router: HostRouter, host: LocalHost): void {
  const actorFromHeader = (request: HostRequest): ProductActor => {
    const as = request.headers['x-forge-as'];
    if (typeof as !== 'string' || as === '' || as === 'app') return { kind: 'app' };
    const persona = host.persona(as);
    if (!persona) throw new HttpError(400, `Unknown persona "${as}" in x-forge-as`);
    return { kind: 'user', accountId: persona.accountId };
  };

  router.add('POST', '/__forge/kvs/api/v1/{path*}', async (request) => {
    const answer = host.kvs.handle(
      request.pathname.slice('/__forge/kvs'.length),
      await request.text(),
    );
    return kvsResponse(answer);
  });

  for (const product of ['jira', 'confluence'] as const satisfies readonly ProductName[]) {
    const prefix = `/__forge/${product}`;
    router.add(ANY_METHOD, `${prefix}/{path*}`, async (request) => {
      const { method } = request;
      const body = method === 'GET' || method === 'HEAD' ? undefined : await request.text();
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(request.headers)) {
        if (typeof value === 'string') headers[name] = value;
      }
      return host.products.handle({
        product,
        actor: actorFromHeader(request),
        method,
        path: request.pathname.slice(prefix.length) + request.search,
        headers,
        body,
      });
    });
  }

  router.add('POST', '/__forge/events/webhook/queue/{path*}', async (request) =>
    host.events.handle(request.pathname.slice('/__forge/events'.length), await request.text()),
  );

  // ---- faults: product and storage rules, and exact storage failures -----------------------

  router.add('GET', '/__forge/faults', () =>
    sendJson(200, [
      ...host.products.faults.list(),
      ...host.kvs.faults.list().map((rule) => ({ ...rule, product: 'storage' })),
    ]),
  );
  router.add('DELETE', '/__forge/faults', () => {
    host.products.faults.clear();
    host.kvs.clearFaults();
    return sendJson(200, { cleared: true });
  });
  router.add('POST', '/__forge/faults', async (request) => {
    const {
      product,
      method: onMethod,
      retryAfterSeconds,
      latencyMs,
      times,
      skip,
      afterHandling,
      ...rest
    } = faultSchema.parse(await request.json());
    // Storage faults go to the storage emulator; the rest to the product emulators.
    const faults = product === 'storage' ? host.kvs.faults : host.products.faults;
    const id = faults.add({
      ...rest,
      ...(product ? { product } : {}),
      ...(onMethod ? { method: onMethod } : {}),
      ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
      ...(latencyMs === undefined ? {} : { latencyMs }),
      ...(times === undefined ? {} : { times }),
      ...(skip === undefined ? {} : { skip }),
      ...(afterHandling === undefined ? {} : { afterHandling }),
    });
    return sendJson(200, { id });
  });
  router.add(ANY_METHOD, '/__forge/faults', () => {
    throw new HttpError(405, 'GET, POST or DELETE');
  });

  router.add('POST', '/__forge/kvs-faults', async (request) => {
    const fault = kvsFaultSchema.parse(await request.json());
    host.kvs.failNext(fault.pathPrefix, fault.count, fault.status, fault.code);
    return sendJson(200, { ok: true });
  });

  // ---- the events queue: what it holds and delivered, and the switches tests use ------------

  router.add('GET', '/__forge/events', () =>
    sendJson(200, { events: host.events.list(), deliveries: host.events.deliveries }),
  );
  router.add('POST', '/__forge/events/redeliver', async (request) => {
    const { eventId, delayMs } = redeliverSchema.parse(await request.json());
    try {
      host.events.redeliver(eventId, delayMs ?? 0);
    } catch (error) {
      throw new HttpError(404, error instanceof Error ? error.message : String(error));
    }
    return sendJson(200, { ok: true });
  });
  router.add('POST', '/__forge/events/duplicate', async (request) => {
    const { queue, mode, times } = duplicateSchema.parse(await request.json());
    host.events.duplicate({
      mode,
      ...(queue === undefined ? {} : { queue }),
      ...(times === undefined ? {} : { times }),
    });
    return sendJson(200, { ok: true });
  });
  router.add('POST', '/__forge/events/pause', () => {
    host.events.pause();
    return sendJson(200, { paused: true });
  });
  router.add('POST', '/__forge/events/resume', () => {
    host.events.resume();
    return sendJson(200, { paused: false });
  });
}

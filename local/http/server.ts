/**
 * The local host's HTTP server, on 127.0.0.1 only. Every endpoint is a route on the host's one
 * router, added by the module it belongs to:
 * - page-routes.ts: host pages that play Jira and Confluence, and their assets;
 * - resources.ts: the app's static resources, as Forge serves Custom UI;
 * - bridge.ts: the bridge between the app's iframes and the host;
 * - mounts.ts: the emulators under /__forge/ (the very paths the SDKs send), with their switches;
 * - host-api.ts: what scripts and tests drive the host with (invoke, scheduled triggers…).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { z } from 'zod';
import type { LocalHost } from '../host';
import { Router } from '../router';
import { addBridgeRoutes } from './bridge';
import { addHostApi } from './host-api';
import { addEmulatorMounts } from './mounts';
import { addPageRoutes } from './page-routes';
import { addResourceRoutes } from './resources';
import { HttpError, hostRequest, nothingAt, sendJson, type HostHandler } from './respond';

export interface HttpServerHandle {
  url: string;
  close(): Promise<void>;
}

/** A route's failure as the host answers it: `{ message }`, 400 for a payload its schema refused. */
function failure(error: unknown): Response {
  const status =
    error instanceof HttpError ? error.status : error instanceof z.ZodError ? 400 : 500;
  const message =
    error instanceof z.ZodError
      ? z.prettifyError(error)
      : error instanceof Error
        ? error.message
        : 'Unexpected error';
  if (status >= 500 && !(error instanceof HttpError)) console.error(error);
  return sendJson(status, { message });
}

export function startHttpServer(host: LocalHost, port: number): Promise<HttpServerHandle> {
  const router = new Router<HostHandler>();
  addPageRoutes(router, host);
  addResourceRoutes(router, host);
  addBridgeRoutes(router, host);
  addEmulatorMounts(router, host);
  addHostApi(router, host);

  /** Answers one request; never rejects: a failure becomes its answer. */
  const respond = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const method = request.method ?? 'GET';
    let answer: Response;
    let body: Buffer;
    try {
      const route = router.match(method, url.pathname);
      if (!route) throw nothingAt({ method, pathname: url.pathname });
      answer = await route.handler(hostRequest(request, url, route.params));
      body = Buffer.from(await answer.arrayBuffer());
    } catch (error) {
      answer = failure(error);
      body = Buffer.from(await answer.arrayBuffer());
    }
    const headers: Record<string, string> = {};
    answer.headers.forEach((value, name) => {
      headers[name] = value;
    });
    response.writeHead(answer.status, headers);
    response.end(body);
  };

  const server = createServer((request, response) => {
    void respond(request, response);
  });

  return new Promise((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      const actualPort = typeof address === 'object' && address ? address.port : port;
      resolvePromise({
        url: `http://127.0.0.1:${actualPort}`,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => {
              done();
            });
          }),
      });
    });
  });
}

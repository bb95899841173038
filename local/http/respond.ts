/**
 * What the host's HTTP routes take and answer: a request read lazily from Node's, and a web
 * `Response`, the same type the emulators answer, so an emulator's answer is relayed as it is.
 */
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import type { Router } from '../router';

export interface HostRequest {
  method: string;
  pathname: string;
  /** The query string with its `?`, or '' (as `URL.search`). */
  search: string;
  query: URLSearchParams;
  /** Path parameters of the route's template. */
  params: Readonly<Record<string, string>>;
  headers: IncomingHttpHeaders;
  /** The body as text (5 MB at most: 413 beyond). */
  text(): Promise<string>;
  /** The body as JSON; an empty body is `{}`, anything else unparseable a 400. */
  json(): Promise<unknown>;
}

export type HostHandler = (request: HostRequest) => Response | Promise<Response>;
export type HostRouter = Router<HostHandler>;

/** Thrown by a route to answer `{ message }` with this status. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** The 404 of a path the host has no route for. */
export function nothingAt(request: { method: string; pathname: string }): HttpError {
  return new HttpError(404, `Nothing at ${request.method} ${request.pathname}`);
}

const MAX_BODY = 5 * 1024 * 1024;

export const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.map': 'application/json; charset=utf-8',
};

export const HTML = CONTENT_TYPES['.html'] ?? '';

/** The request as routes see it; the body is read only by a route that asks for it. */
export function hostRequest(
  request: IncomingMessage,
  url: URL,
  params: Readonly<Record<string, string>>,
): HostRequest {
  let text: Promise<string> | undefined;
  const readText = (): Promise<string> => (text ??= readBody(request));
  return {
    method: request.method ?? 'GET',
    pathname: url.pathname,
    search: url.search,
    query: url.searchParams,
    params,
    headers: request.headers,
    text: readText,
    async json() {
      const body = await readText();
      if (body.trim() === '') return {};
      try {
        return JSON.parse(body) as unknown;
      } catch {
        throw new HttpError(400, 'Body is not valid JSON');
      }
    },
  };
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size > MAX_BODY) throw new HttpError(413, 'Request body too large');
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** An answer of the host's own: never cached, never sniffed. */
export function send(
  status: number,
  body: string | Buffer,
  contentType: string,
  headers: Record<string, string> = {},
): Response {
  return new Response(body.length === 0 ? null : body, {
    status,
    headers: {
      'content-type': contentType,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      ...headers,
    },
  });
}

export function sendJson(status: number, body: unknown): Response {
  return send(status, JSON.stringify(body), 'application/json; charset=utf-8');
}

export function redirect(location: string): Response {
  return new Response(null, { status: 302, headers: { location, 'cache-control': 'no-store' } });
}

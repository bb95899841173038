/** The emulator as the runtime shim's `KvsBackend`: a real `Response`, JSON when it has a body. */
import type { KvsEmulator, KvsReply } from './emulator';

/** A storage answer as HTTP: its status, headers and JSON body, after its delay. */
export async function kvsResponse(reply: KvsReply): Promise<Response> {
  if (reply.delayMs !== undefined && reply.delayMs > 0) {
    await new Promise((resolve) => setTimeout(resolve, reply.delayMs));
  }
  if (reply.body === undefined) {
    return new Response(null, { status: reply.status, headers: reply.headers ?? {} });
  }
  return new Response(JSON.stringify(reply.body), {
    status: reply.status,
    headers: { ...reply.headers, 'content-type': 'application/json' },
  });
}

export function kvsBackend(
  emulator: KvsEmulator,
): (path: string, body: string) => Promise<Response> {
  return (path, body) => kvsResponse(emulator.handle(path, body));
}

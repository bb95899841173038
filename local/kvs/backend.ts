/** The emulator as the runtime shim's `KvsBackend`: a real `Response`, JSON when it has a body. */
import type { KvsEmulator } from './emulator';

export function kvsBackend(
  emulator: KvsEmulator,
): (path: string, body: string) => Promise<Response> {
  return (path, body) => {
    const reply = emulator.handle(path, body);
    if (reply.body === undefined)
      return Promise.resolve(new Response(null, { status: reply.status }));
    return Promise.resolve(
      new Response(JSON.stringify(reply.body), {
        status: reply.status,
        headers: { 'content-type': 'application/json' },
      }),
    );
  };
}

/**
 * The host's half of the Custom UI bridge: `bridge-client.js` defines `window.__bridge` in the
 * app's iframe (so the real `@forge/bridge` works there) and posts each command to
 * `POST /__forge/bridge`, which answers it for the frame's module and persona: `getContext`,
 * `invoke`, `submit` (a macro's config view) and `fetchProduct` (`requestJira`/`requestConfluence`).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import type { LocalHost } from '../host';
import type { JsonObject } from '../products/json';
import type { ProductName } from '../runtime';
import { MacroConfigError, saveMacroConfig } from './confluence-pages';
import { gadgetEditTarget, saveGadgetConfig } from './dashboard';
import { decodeFrame, frameContext, type FrameDescriptor } from './frame';
import { CONTENT_TYPES, HttpError, send, sendJson, type HostRouter } from './respond';

const bridgeSchema = z.object({
  frame: z.string(),
  cmd: z.string(),
  payload: z.unknown().optional(),
});

const fetchProductSchema = z.object({
  product: z.enum(['jira', 'confluence']),
  restPath: z.string().startsWith('/'),
  fetchRequestInit: z
    .object({
      method: z.string().optional(),
      body: z.string().nullable().optional(),
      headers: z.array(z.tuple([z.string(), z.string()])).optional(),
    })
    .loose()
    .optional(),
});

/** What a macro config view submits: `view.submit({ config: {...} })`. */
const macroSubmitSchema = z
  .object({ config: z.record(z.string(), z.unknown()), keepEditing: z.boolean().optional() })
  .loose();

/** The page a frame's context configures a macro on, when it is a macro's config view. */
function macroConfigTarget(extension: Record<string, unknown>): { contentId: string } | undefined {
  const parsed = z
    .object({
      type: z.literal('macro'),
      content: z.object({ id: z.string() }),
      macro: z.object({ isConfiguring: z.literal(true) }),
    })
    .safeParse(extension);
  return parsed.success ? { contentId: parsed.data.content.id } : undefined;
}

export function addBridgeRoutes(router: HostRouter, host: LocalHost): void {
  router.add('GET', '/__forge/bridge-client.js', async () =>
    send(200, await readFile(join(__dirname, 'bridge-client.js')), CONTENT_TYPES['.js'] ?? ''),
  );

  router.add('POST', '/__forge/bridge', async (request) => {
    const { frame, cmd, payload } = bridgeSchema.parse(await request.json());
    const descriptor: FrameDescriptor = decodeFrame(frame);
    const persona = descriptor.as ? host.persona(descriptor.as) : undefined;
    const context = frameContext(host, descriptor, persona);
    switch (cmd) {
      case 'getContext':
        return sendJson(200, { result: context });
      case 'invoke': {
        const call = z
          .object({ functionKey: z.string(), payload: z.unknown().optional() })
          .parse(payload);
        const outcome = await host.functions.invokeResolver({
          moduleKey: descriptor.moduleKey,
          functionKey: call.functionKey,
          payload: call.payload ?? {},
          accountId: persona?.accountId,
          extension: context.extension,
          locale: context.locale,
          timezone: context.timezone,
          localId: context.localId,
        });
        return sendJson(200, { result: outcome.body });
      }
      case 'submit': {
        // A dashboard gadget's edit view: what it submits is the gadget's configuration.
        const gadgetId = gadgetEditTarget(context.extension);
        if (gadgetId !== undefined) {
          const config = z.record(z.string(), z.unknown()).safeParse(payload);
          if (!config.success) throw new HttpError(400, 'A gadget configuration is an object');
          // Parsed from the request's JSON: its values are JSON values.
          return sendJson(200, {
            result: saveGadgetConfig(host, gadgetId, config.data as JsonObject),
          });
        }
        // Otherwise only a macro's config view is submittable here (as `view.submit` in
        // Confluence's editor); any other view answers false, which @forge/bridge turns into
        // its error.
        const extension = macroConfigTarget(context.extension);
        if (!extension) return sendJson(200, { result: false });
        const submitted = macroSubmitSchema.safeParse(payload);
        if (!submitted.success)
          throw new HttpError(400, 'Invalid "config" provided. Expected object');
        if (!persona) throw new HttpError(401, 'No signed-in persona to save the macro');
        try {
          await saveMacroConfig(
            host,
            persona.accountId,
            extension.contentId,
            context.localId,
            // Parsed from the request's JSON: its values are JSON values.
            submitted.data.config as JsonObject,
          );
        } catch (error) {
          if (error instanceof MacroConfigError) throw new HttpError(error.status, error.message);
          throw error;
        }
        return sendJson(200, { result: true });
      }
      case 'fetchProduct': {
        const fetched = fetchProductSchema.parse(payload);
        if (!persona) throw new HttpError(401, 'No signed-in persona for requestJira');
        if (!host.installedIn().includes(fetched.product)) {
          throw new HttpError(403, `The app is not installed in ${fetched.product} on this site`);
        }
        const init = fetched.fetchRequestInit ?? {};
        const upstream = await host.products.handle({
          product: fetched.product satisfies ProductName,
          actor: { kind: 'user', accountId: persona.accountId },
          method: (init.method ?? 'GET').toUpperCase(),
          path: fetched.restPath,
          headers: Object.fromEntries(init.headers ?? []),
          body: init.body ?? undefined,
        });
        const headers: Record<string, string> = {};
        upstream.headers.forEach((value, name) => {
          headers[name] = value;
        });
        return sendJson(200, {
          result: {
            body: await upstream.text(),
            headers,
            status: upstream.status,
            statusText: upstream.statusText,
          },
        });
      }
      default:
        throw new HttpError(501, `The local host does not implement bridge command "${cmd}"`);
    }
  });
}

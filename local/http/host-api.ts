/**
 * The endpoints scripts, tests and benchmarks drive the host with: call any resolver as any
 * persona (`/__forge/invoke`), run a scheduled trigger now, connect or disconnect Atlassian apps
 * of the installation, and read the personas and surfaces the host plays.
 */
import { z } from 'zod';
import type { LocalHost } from '../host';
import { ANY_METHOD } from '../router';
import { SURFACES } from './surfaces';
import { HttpError, nothingAt, sendJson, type HostRouter } from './respond';

const invokeSchema = z.object({
  moduleKey: z.string().min(1),
  functionKey: z.string().min(1),
  payload: z.unknown().optional(),
  as: z.string().min(1).optional(),
  extension: z.record(z.string(), z.unknown()).optional(),
  locale: z.string().optional(),
});

/** `POST /__forge/installation`: the Atlassian apps the installation is in, required one first. */
const installationSchema = z.object({
  installedIn: z.array(z.enum(['jira', 'confluence'])).min(1),
});

export function addHostApi(router: HostRouter, host: LocalHost): void {
  router.add('GET', '/__forge/health', () => sendJson(200, { ok: true }));
  router.add('GET', '/__forge/personas', () => sendJson(200, host.personas));
  router.add('GET', '/__forge/surfaces', () => sendJson(200, SURFACES));

  router.add('POST', '/__forge/invoke', async (request) => {
    const parsed = invokeSchema.safeParse(await request.json());
    if (!parsed.success) throw new HttpError(400, z.prettifyError(parsed.error));
    const { moduleKey, functionKey, payload, as, extension, locale } = parsed.data;
    const outcome = await host.invoke({
      moduleKey,
      functionKey,
      payload,
      ...(as ? { as } : {}),
      ...(extension ? { extension } : {}),
      ...(locale ? { locale } : {}),
    });
    return sendJson(200, outcome);
  });

  router.add('POST', '/__forge/scheduled/{moduleKey}', async (request) => {
    const moduleKey = request.params.moduleKey ?? '';
    if (!/^[A-Za-z0-9_-]+$/u.test(moduleKey)) throw nothingAt(request);
    const module = host.app.module(moduleKey);
    if (module?.type !== 'scheduledTrigger') {
      throw new HttpError(404, `manifest.yml has no scheduledTrigger "${moduleKey}"`);
    }
    return sendJson(200, await host.runScheduled(moduleKey));
  });

  router.add('GET', '/__forge/installation', () =>
    sendJson(200, { installedIn: host.installedIn() }),
  );
  router.add('POST', '/__forge/installation', async (request) => {
    const { installedIn } = installationSchema.parse(await request.json());
    try {
      host.setInstalledIn(installedIn);
    } catch (error) {
      throw new HttpError(400, error instanceof Error ? error.message : 'invalid list');
    }
    return sendJson(200, { installedIn: host.installedIn() });
  });
  router.add(ANY_METHOD, '/__forge/installation', () => {
    throw new HttpError(405, 'GET or POST');
  });
}

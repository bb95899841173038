/**
 * A frame descriptor is what the host page knows about one app iframe: which module, as whom,
 * in which locale and theme, with which extension context. The host writes it into the iframe's
 * URL; the bridge client sends it back with each call.
 */
import { z } from 'zod';
import type { LocalHost } from '../host';
import type { Persona } from '../products';
import { CLOUD_ID, ENVIRONMENT_ID } from '../runtime';

const descriptorSchema = z.object({
  moduleKey: z.string().min(1),
  as: z.string().optional(),
  locale: z.string().optional(),
  theme: z.enum(['light', 'dark']).default('light'),
  extension: z.record(z.string(), z.unknown()).default({}),
  /** The module instance's id: a macro's local id (`ac:adf-parameter key="local-id"`). */
  localId: z.string().optional(),
});

export type FrameDescriptor = z.infer<typeof descriptorSchema>;

export function encodeFrame(descriptor: FrameDescriptor): string {
  return Buffer.from(JSON.stringify(descriptor), 'utf8').toString('base64url');
}

export function decodeFrame(frame: string): FrameDescriptor {
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(frame, 'base64url').toString('utf8'));
  } catch {
    throw new z.ZodError([
      { code: 'custom', message: 'frame is not a valid descriptor', path: ['frame'], input: frame },
    ]);
  }
  return descriptorSchema.parse(json);
}

export interface FrameContext {
  accountId: string | undefined;
  cloudId: string;
  siteUrl: string;
  localId: string;
  locale: string;
  timezone: string;
  moduleKey: string;
  environmentId: string;
  environmentType: 'DEVELOPMENT';
  extension: Record<string, unknown>;
  license: { active: boolean };
  theme: { colorMode: 'light' | 'dark' };
}

/** What `view.getContext()` answers in this frame, shaped as Forge's Custom UI context. */
export function frameContext(
  host: LocalHost,
  descriptor: FrameDescriptor,
  persona: Persona | undefined,
): FrameContext {
  const module = host.app.module(descriptor.moduleKey);
  if (!module) throw new Error(`manifest.yml has no module "${descriptor.moduleKey}"`);
  return {
    accountId: persona?.accountId,
    cloudId: CLOUD_ID,
    siteUrl: host.functions.siteUrl,
    localId: descriptor.localId ?? `${descriptor.moduleKey}-local`,
    locale: descriptor.locale ?? persona?.locale ?? 'en-US',
    timezone: persona?.timeZone ?? 'UTC',
    moduleKey: descriptor.moduleKey,
    environmentId: ENVIRONMENT_ID,
    environmentType: 'DEVELOPMENT',
    extension: { type: module.type, ...descriptor.extension },
    license: { active: true },
    theme: { colorMode: descriptor.theme },
  };
}

/** Reads the app's manifest.yml: modules, functions, resources, translations, storage entities. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';

const moduleSchema = z
  .object({
    key: z.string(),
    resource: z.string().optional(),
    resolver: z.object({ function: z.string() }).optional(),
    function: z.string().optional(),
    handler: z.string().optional(),
    /** For `function` entries: the limit Forge gives async-event consumers (1–900 s). */
    timeoutSeconds: z.number().optional(),
    /** For `consumer` modules: the queue they listen to. */
    queue: z.string().optional(),
    title: z.unknown().optional(),
  })
  .loose();

const manifestSchema = z
  .object({
    modules: z.record(z.string(), z.array(moduleSchema)),
    resources: z.array(z.object({ key: z.string(), path: z.string() }).loose()).default([]),
    app: z.object({ storage: z.unknown().optional() }).loose(),
    permissions: z
      .object({
        // A list of scope names, or a map of scope name → options (`allowImpersonation`).
        scopes: z
          .union([
            z.array(z.string()),
            z.record(z.string(), z.object({ allowImpersonation: z.boolean().optional() })),
          ])
          .default([]),
      })
      .loose()
      .default({ scopes: [] }),
    translations: z
      .object({
        resources: z.array(z.object({ key: z.string(), path: z.string() })),
        fallback: z.object({ default: z.string() }).loose(),
      })
      .optional(),
  })
  .loose();

export type ManifestModule = z.infer<typeof moduleSchema> & { type: string };
export type Manifest = z.infer<typeof manifestSchema>;

export interface LoadedManifest {
  root: string;
  raw: unknown;
  manifest: Manifest;
  /** UI and trigger modules (everything under `modules` except `function`). */
  modules: ManifestModule[];
  /** function key → handler ("index.handler"). */
  functions: Map<string, string>;
  /** function key → `timeoutSeconds`, for the functions that declare one. */
  functionTimeouts: Map<string, number>;
  /** The scopes, with whether each allows offline user impersonation (`asUser(accountId)`). */
  scopes: { name: string; allowImpersonation: boolean }[];
  module(key: string): ManifestModule | undefined;
}

export function loadManifest(root: string): LoadedManifest {
  const raw: unknown = parse(readFileSync(join(root, 'manifest.yml'), 'utf8'));
  const manifest = manifestSchema.parse(raw);
  const modules: ManifestModule[] = [];
  const functions = new Map<string, string>();
  const functionTimeouts = new Map<string, number>();
  for (const [type, entries] of Object.entries(manifest.modules)) {
    for (const entry of entries) {
      if (type === 'function') {
        if (entry.handler) functions.set(entry.key, entry.handler);
        if (entry.timeoutSeconds !== undefined) {
          functionTimeouts.set(entry.key, entry.timeoutSeconds);
        }
      } else {
        modules.push({ ...entry, type });
      }
    }
  }
  const declared = manifest.permissions.scopes;
  const scopes = Array.isArray(declared)
    ? declared.map((name) => ({ name, allowImpersonation: false }))
    : Object.entries(declared).map(([name, options]) => ({
        name,
        allowImpersonation: options.allowImpersonation === true,
      }));
  return {
    root,
    raw,
    manifest,
    scopes,
    modules,
    functions,
    functionTimeouts,
    module: (key) => modules.find((candidate) => candidate.key === key),
  };
}

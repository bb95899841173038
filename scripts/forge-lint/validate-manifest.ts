/**
 * Step 1: validate manifest.yml with @forge/manifest, offline, against the schema it ships
 * (out/schema/manifest-schema.json) plus its semantic validators (modules, resources,
 * permissions, storage...). This is the same FULL validation `forge lint` and `forge deploy` run.
 */
import { MANIFEST_FILE, validate } from '@forge/manifest';
import type { Finding } from './findings';

export interface ManifestValidation {
  findings: Finding[];
  /** True when the validator threw instead of returning its result. */
  crashed: boolean;
}

/**
 * Validates ./manifest.yml: call it with the app directory as the process's cwd (some validators,
 * e.g. the translations one, resolve the files the manifest names against the cwd).
 * @param manifestPath path of manifest.yml as it should appear in the findings.
 */
export async function validateManifest(manifestPath: string): Promise<ManifestValidation> {
  try {
    const result = await validate(false, MANIFEST_FILE);
    const findings = (result.errors ?? []).map((error): Finding => ({
      step: 'manifest',
      severity: error.level,
      file: manifestPath,
      line: error.line ?? 0,
      column: error.column ?? 0,
      message: error.message,
      reference: error.reference,
    }));
    if (!result.success && findings.length === 0) {
      // Not seen in 13.7.0, but a failed validation with no message must not pass silently.
      findings.push({
        step: 'manifest',
        severity: 'error',
        file: manifestPath,
        line: 0,
        column: 0,
        message: 'the manifest validator reported a failure without any message',
      });
    }
    return { findings, crashed: false };
  } catch (error: unknown) {
    // The validators run one after another on the parsed YAML and assume the shape the schema
    // step checked, but the schema step's failure does not stop them: a top-level key nested
    // where a module type is expected (e.g. `permissions:` indented under `modules:`) makes
    // ModulesValidator call `.forEach` on an object and throw a TypeError. That is a broken
    // manifest, so it is reported as an error finding, with the first line of the stack to
    // show where it happened, instead of an unhandled rejection.
    return {
      findings: [
        {
          step: 'manifest',
          severity: 'error',
          file: manifestPath,
          line: 0,
          column: 0,
          message: `the manifest validator crashed: ${describeCrash(error)}. This usually means a key is at the wrong level (e.g. a top-level key such as permissions, resources or app indented under modules); check the manifest's structure.`,
        },
      ],
      crashed: true,
    };
  }
}

export function describeCrash(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const where = error.stack
    ?.split('\n')
    .find((line) => line.trimStart().startsWith('at '))
    ?.trim();
  return where ? `${error.name}: ${error.message} (${where})` : `${error.name}: ${error.message}`;
}

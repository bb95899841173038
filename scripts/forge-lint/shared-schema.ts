/**
 * Compile @forge/manifest's JSON schema once per process instead of five times.
 *
 * Every validation processor of @forge/manifest 13.7 builds its own SchemaValidator, whose
 * constructor compiles the full manifest schema (2.3 MB) with a fresh Ajv instance: the FULL
 * validation of step 1 plus the four manifest linters of step 2 (product trigger scopes, agent
 * context scopes, deprecated CSP, deprecated egress) make five identical compilations, most of the
 * run's CPU time (on the shared dev box, one run went from ≈20-30 s to ≈12 s with the sharing).
 *
 * The processors look the class up through the `validators/index` re-export, a live getter
 * onto `validators/schema-validator`'s `exports.SchemaValidator`, at the moment they are built.
 * While the lint runs, that export is swapped for a function that, called with `new`, returns one
 * SchemaValidator per distinct schema. Sharing is safe: a SchemaValidator holds only the
 * schema and the compiled function, and validate() calls it and reads its `errors` synchronously.
 * If the module does not have the expected shape (another @forge/manifest version), nothing is
 * patched and the lint is just slower.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { SchemaValidator } from '@forge/manifest';

/**
 * The class itself, taken once at load: the `SchemaValidator` binding is a live view of the very
 * export patched below, so reading it while the patch is in place would give the patch back.
 */
const OriginalSchemaValidator = SchemaValidator;

/**
 * The module defining the class, next to the package's main file (out/index.js). It is loaded by
 * file path because the package's "exports" map does not expose it; the path is the one Node
 * already loaded it from, so this is the same module instance the processors use.
 */
function schemaValidatorModulePath(load: NodeJS.Require): string {
  return path.join(
    path.dirname(load.resolve('@forge/manifest')),
    'validators',
    'schema-validator.js',
  );
}

/**
 * Each processor module wraps the same required JSON in its own object (tslib's __importStar),
 * whose properties are the JSON's own objects: two schemas are the same when they are shallowly
 * equal. (Comparing content instead, e.g. by JSON.stringify, is not an option: once Ajv has
 * compiled a schema, serializing it again runs out of memory.)
 */
const sharedValidators: { schema: object; validator: SchemaValidator<unknown> }[] = [];

function shallowEqual(a: object, b: object): boolean {
  const keysA = Object.keys(a);
  const keysB = Object.keys(b);
  return (
    keysA.length === keysB.length &&
    keysA.every((key) => Object.hasOwn(b, key) && Reflect.get(a, key) === Reflect.get(b, key))
  );
}

function sharedSchemaValidator(schema: object): SchemaValidator<unknown> {
  const shared = sharedValidators.find((entry) => shallowEqual(entry.schema, schema));
  if (shared) return shared.validator;
  const validator = new OriginalSchemaValidator<unknown>(schema);
  sharedValidators.push({ schema, validator });
  return validator;
}

/** Installs the sharing; returns the function that puts the original class back. */
export function shareCompiledManifestSchema(): () => void {
  const load = createRequire(__filename);
  const loaded: unknown = load(schemaValidatorModulePath(load));
  if (typeof loaded !== 'object' || loaded === null) return () => undefined;
  const descriptor = Object.getOwnPropertyDescriptor(loaded, 'SchemaValidator');
  // Only patch the copy of the class the processors use, and only a plain writable export.
  if (descriptor?.value !== OriginalSchemaValidator || descriptor.writable !== true) {
    return () => undefined;
  }
  Object.defineProperty(loaded, 'SchemaValidator', {
    ...descriptor,
    value: sharedSchemaValidator,
  });
  return () => {
    Object.defineProperty(loaded, 'SchemaValidator', descriptor);
  };
}

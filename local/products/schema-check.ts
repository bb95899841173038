/**
 * Checks an emulator answer against Atlassian's OpenAPI description of the operation
 * (vendored in `vendor/atlassian-openapi/`, found by `local/specs/location.ts`): the status must be one the
 * operation documents and the body must match the response schema, `$ref`s resolved against the
 * spec's own components. For tests: any test can assert that what it received is what Jira
 * would send.
 */
import { readFileSync } from 'node:fs';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { specFile, type SpecFileName } from '../specs/location';

export type SpecProduct = 'jira' | 'confluence';

interface SpecFile {
  file: SpecFileName;
  /** What the spec's path keys leave out of the request path (its server URL's path). */
  pathPrefix: string;
}

function specFor(product: SpecProduct, pathTemplate: string): SpecFile {
  if (product === 'jira') return { file: 'jira-platform.v3.json', pathPrefix: '' };
  return pathTemplate.startsWith('/wiki/api/v2/')
    ? { file: 'confluence-v2.json', pathPrefix: '/wiki/api/v2' }
    : { file: 'confluence-v1.json', pathPrefix: '' };
}

/**
 * Statuses any Jira operation may answer although few document them (Atlassian's rate-limiting
 * and error-handling guides), checked against Jira's `ErrorCollection`.
 */
const UNDOCUMENTED_ANYWHERE = new Set([429, 500, 503]);

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

interface LoadedSpec {
  id: string;
  document: Json;
}

const ajv = new Ajv({
  // The specs are OpenAPI 3.0: `example`, `xml`, `x-*` and `discriminator` are not JSON Schema
  // keywords, so strict mode would reject them; `nullable` is understood by Ajv itself.
  strict: false,
  allErrors: true,
});
addFormats(ajv);

const loaded = new Map<string, LoadedSpec>();
const validators = new Map<string, ValidateFunction>();

function loadSpec(file: SpecFileName): LoadedSpec {
  let spec = loaded.get(file);
  if (!spec) {
    const document: Json = JSON.parse(readFileSync(specFile(file), 'utf8')) as Json;
    // Registered whole under an id: a `$ref` to one response schema inside it resolves its own
    // `#/components/schemas/...` references against the same document.
    spec = { id: `spec:${file}`, document };
    ajv.addSchema(document as object, spec.id);
    loaded.set(file, spec);
  }
  return spec;
}

function child(node: Json | undefined, key: string): Json | undefined {
  if (typeof node !== 'object' || node === null || Array.isArray(node)) return undefined;
  return node[key];
}

function pointer(segments: readonly string[]): string {
  return segments.map((segment) => segment.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');
}

function validatorFor(spec: LoadedSpec, segments: readonly string[]): ValidateFunction {
  const ref = `${spec.id}#/${pointer(segments)}`;
  let validate = validators.get(ref);
  if (!validate) {
    validate = ajv.compile({ $ref: ref });
    validators.set(ref, validate);
  }
  return validate;
}

function jsonSchemaOf(response: Json | undefined): string | undefined {
  const content = child(response, 'content');
  if (typeof content !== 'object' || content === null || Array.isArray(content)) return undefined;
  return Object.keys(content).find((type) => type.startsWith('application/json'));
}

/**
 * Throws unless `body` is what the spec documents for `method pathTemplate` answering `status`.
 * `pathTemplate` is the full request path template, e.g. `/rest/api/3/issue/{issueIdOrKey}` or
 * `/wiki/api/v2/pages/{id}`. Jira error statuses documented without a body, and Jira's
 * undocumented-but-universal ones (429, 500, 503), are checked as Jira's `ErrorCollection`.
 */
export function assertMatchesSpec(
  product: SpecProduct,
  method: string,
  pathTemplate: string,
  status: number,
  body: unknown,
): void {
  const { file, pathPrefix } = specFor(product, pathTemplate);
  const spec = loadSpec(file);
  const specPath = pathTemplate.slice(pathPrefix.length);
  const operation = child(child(child(spec.document, 'paths'), specPath), method.toLowerCase());
  if (operation === undefined) {
    throw new Error(`${file} has no operation ${method.toUpperCase()} ${specPath}`);
  }
  const responses = child(operation, 'responses');
  const documented = child(responses, String(status)) ?? child(responses, 'default');
  let segments: string[];
  if (documented === undefined) {
    if (product !== 'jira' || !UNDOCUMENTED_ANYWHERE.has(status)) {
      throw new Error(
        `${method.toUpperCase()} ${pathTemplate} does not document status ${status} in ${file}`,
      );
    }
    segments = ['components', 'schemas', 'ErrorCollection'];
  } else {
    const mediaType = jsonSchemaOf(documented);
    if (mediaType === undefined) {
      // Jira documents many error statuses without a body, yet always sends its ErrorCollection.
      if (product !== 'jira' || status < 400) return;
      segments = ['components', 'schemas', 'ErrorCollection'];
      assertValid(spec, segments, file, method, pathTemplate, status, body);
      return;
    }
    const statusKey = child(responses, String(status)) === undefined ? 'default' : String(status);
    segments = [
      'paths',
      specPath,
      method.toLowerCase(),
      'responses',
      statusKey,
      'content',
      mediaType,
      'schema',
    ];
  }
  assertValid(spec, segments, file, method, pathTemplate, status, body);
}

function assertValid(
  spec: LoadedSpec,
  segments: readonly string[],
  file: string,
  method: string,
  pathTemplate: string,
  status: number,
  body: unknown,
): void {
  const validate = validatorFor(spec, segments);
  if (!validate(body)) {
    const problems = (validate.errors ?? [])
      .map(
        (error) =>
          `${error.instancePath || '(root)'} ${error.message ?? ''} ${JSON.stringify(error.params)}`,
      )
      .join('\n  ');
    throw new Error(
      `${method.toUpperCase()} ${pathTemplate} → ${status}: body does not match ${file}:\n  ${problems}`,
    );
  }
}

/**
 * Rewrites the configuration of one app macro instance in a page's storage format, as
 * Confluence's editor does when a Forge macro's config view calls `view.submit({ config })`:
 * the instance (found by its local id) gets the new `guest-params`, in the ADF node and in its
 * `ac:adf-fallback` copy alike; a classic `ac:structured-macro` gets new `ac:parameter`s.
 *
 * Values are stored the way ADF parameters are: text for strings, numbers and booleans (they
 * come back as text), `ac:adf-parameter-value` items for a list, nested parameters for an
 * object; `null` leaves the key out.
 */
import type { JsonObject, JsonValue } from '../json';
import {
  type StorageElement,
  type StorageNode,
  childElements,
  parseStorageFormat,
  serializeStorageFormat,
  textContent,
} from './storage-format';

function element(
  name: string,
  attributes: Record<string, string>,
  children: StorageNode[],
): StorageElement {
  return { kind: 'element', name, attributes: new Map(Object.entries(attributes)), children };
}

const text = (value: string): StorageNode => ({ kind: 'text', text: value });

function scalar(value: JsonValue): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** The `ac:adf-parameter` children that hold `config`. */
function adfParameters(config: JsonObject): StorageElement[] {
  const items: StorageElement[] = [];
  for (const [key, value] of Object.entries(config)) {
    if (value === null) continue;
    let children: StorageNode[];
    if (Array.isArray(value)) {
      children = value
        .filter((entry) => entry !== null)
        .map((entry) => element('ac:adf-parameter-value', {}, [text(scalar(entry))]));
    } else if (typeof value === 'object') {
      children = adfParameters(value);
    } else {
      children = [text(scalar(value))];
    }
    items.push(element('ac:adf-parameter', { key }, children));
  }
  return items;
}

/** The ADF node's `parameters` attribute element and the instance's local id in it. */
function adfInstance(
  node: StorageElement,
): { parameters: StorageElement; localId: string } | undefined {
  const parameters = childElements(node, 'ac:adf-attribute').find(
    (item) => item.attributes.get('key') === 'parameters',
  );
  if (!parameters) return undefined;
  const localId = childElements(parameters, 'ac:adf-parameter').find(
    (item) => item.attributes.get('key') === 'local-id',
  );
  return localId ? { parameters, localId: textContent(localId).trim() } : undefined;
}

/**
 * The storage format with the instance `localId` configured as `config`, or undefined when no
 * app macro instance has that local id (or the body is not well-formed).
 */
export function setMacroConfig(
  xhtml: string,
  localId: string,
  config: JsonObject,
): string | undefined {
  const parsed = parseStorageFormat(xhtml, { strict: true });
  if (parsed.errors.length > 0) return undefined;
  let found = false;
  const pending: StorageNode[] = [...parsed.nodes];
  for (let node = pending.pop(); node !== undefined; node = pending.pop()) {
    if (node.kind !== 'element') continue;
    if (node.name === 'ac:adf-node') {
      const instance = adfInstance(node);
      if (instance?.localId === localId) {
        const kept = instance.parameters.children.filter(
          (child) =>
            !(
              child.kind === 'element' &&
              child.name === 'ac:adf-parameter' &&
              child.attributes.get('key') === 'guest-params'
            ),
        );
        instance.parameters.children = [
          ...kept,
          element('ac:adf-parameter', { key: 'guest-params' }, adfParameters(config)),
        ];
        found = true;
      }
    } else if (
      node.name === 'ac:structured-macro' &&
      (node.attributes.get('ac:local-id') === localId ||
        node.attributes.get('ac:macro-id') === localId)
    ) {
      const kept = node.children.filter(
        (child) => !(child.kind === 'element' && child.name === 'ac:parameter'),
      );
      const parameters = Object.entries(config)
        .filter(([, value]) => value !== null)
        .map(([key, value]) =>
          element('ac:parameter', { 'ac:name': key }, [
            text(Array.isArray(value) ? value.map(scalar).join(',') : scalar(value)),
          ]),
        );
      node.children = [...parameters, ...kept];
      found = true;
    }
    pending.push(...node.children);
  }
  return found ? serializeStorageFormat(parsed.nodes) : undefined;
}

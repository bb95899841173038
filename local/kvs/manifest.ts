/** Custom entity definitions, as declared under `app.storage.entities` in manifest.yml. */
import { z } from 'zod';

export type AttributeType = 'string' | 'integer' | 'float' | 'boolean' | 'any';

export interface EntityIndexDef {
  name: string;
  range: string[];
  partition?: string[];
}

export interface EntityDef {
  name: string;
  attributes: Record<string, { type: AttributeType }>;
  indexes: EntityIndexDef[];
}

/** Every entity can be queried by key without declaring it; the name is reserved. */
export const BY_KEY_INDEX = 'by-key';

const attributeTypeSchema = z.enum(['string', 'integer', 'float', 'boolean', 'any']);

const indexSchema = z.union([
  z.string().min(1),
  z.object({
    name: z.string().min(1),
    range: z.array(z.string().min(1)).min(1),
    partition: z.array(z.string().min(1)).min(1).optional(),
  }),
]);

const entitySchema = z.object({
  name: z.string(),
  attributes: z.record(z.string(), z.object({ type: attributeTypeSchema })),
  indexes: z.array(indexSchema).optional(),
});

const manifestSchema = z.object({
  app: z
    .object({
      storage: z.object({ entities: z.array(entitySchema).optional() }).optional(),
    })
    .optional(),
});

/**
 * Reads `app.storage.entities` of a parsed manifest object. An index may be a bare attribute name
 * (range on that attribute, index named after it) or `{name, range, partition?}`.
 * Throws on a manifest whose entity section is malformed, with the path that is wrong.
 */
export function entityDefsFromManifest(manifest: unknown): EntityDef[] {
  const parsed = manifestSchema.safeParse(manifest);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue ? issue.path.join('.') : '';
    throw new Error(
      `Invalid app.storage.entities in manifest at "${where}": ${parsed.error.message}`,
    );
  }
  const entities = parsed.data.app?.storage?.entities ?? [];
  return entities.map((entity) => ({
    name: entity.name,
    attributes: Object.fromEntries(
      Object.entries(entity.attributes).map(([name, attribute]) => [
        name,
        { type: attribute.type },
      ]),
    ),
    indexes: (entity.indexes ?? []).map((index): EntityIndexDef => {
      if (typeof index === 'string') return { name: index, range: [index] };
      return index.partition
        ? { name: index.name, range: [...index.range], partition: [...index.partition] }
        : { name: index.name, range: [...index.range] };
    }),
  }));
}

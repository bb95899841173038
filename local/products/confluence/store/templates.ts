/** Page templates, per space or global, with their labels. */
import { type JsonValue, parseStoredJson } from '../../json';
import { ConfluenceArea, FIRST_CONTENT_ID } from './sql';
import type { ConfluenceTemplate, TemplateFields, TemplateLabel } from './types';

interface TemplateRow {
  template_id: number;
  space_id: number | null;
  name: string;
  description: string;
  template_type: string;
  body: string;
  labels: string;
  created_at: string;
  updated_at: string;
}

function toLabels(value: JsonValue): TemplateLabel[] {
  if (!Array.isArray(value)) return [];
  const labels: TemplateLabel[] = [];
  for (const item of value) {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) continue;
    const { id, prefix, name } = item;
    if (typeof id === 'string' && typeof prefix === 'string' && typeof name === 'string') {
      labels.push({ id, prefix, name });
    }
  }
  return labels;
}

function toTemplate(row: TemplateRow): ConfluenceTemplate {
  return {
    id: row.template_id,
    spaceId: row.space_id ?? undefined,
    name: row.name,
    description: row.description,
    templateType: row.template_type,
    body: row.body,
    labels: toLabels(parseStoredJson(row.labels)),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export class TemplateStore extends ConfluenceArea {
  createTemplate(spaceId: number | undefined, fields: TemplateFields): ConfluenceTemplate {
    return this.transaction(() => {
      const id = this.db.nextId('content', FIRST_CONTENT_ID);
      const now = new Date().toISOString();
      this.sql(
        `INSERT INTO confluence_templates (template_id, space_id, name, description, template_type,
             body, labels, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        id,
        spaceId ?? null,
        fields.name,
        fields.description,
        fields.templateType,
        fields.body,
        JSON.stringify(this.labelsWithIds(fields.labels)),
        now,
        now,
      );
      return this.requireTemplate(id);
    });
  }

  updateTemplate(id: number, fields: TemplateFields): ConfluenceTemplate {
    this.sql(
      `UPDATE confluence_templates SET name = ?, description = ?, template_type = ?, body = ?,
           labels = ?, updated_at = ?
          WHERE template_id = ?`,
    ).run(
      fields.name,
      fields.description,
      fields.templateType,
      fields.body,
      JSON.stringify(this.labelsWithIds(fields.labels)),
      new Date().toISOString(),
      id,
    );
    return this.requireTemplate(id);
  }

  getTemplate(id: number): ConfluenceTemplate | undefined {
    const row = this.sql<[number], TemplateRow>(
      'SELECT * FROM confluence_templates WHERE template_id = ?',
    ).get(id);
    return row ? toTemplate(row) : undefined;
  }

  requireTemplate(id: number): ConfluenceTemplate {
    const template = this.getTemplate(id);
    if (!template) throw new Error(`No template ${id}`);
    return template;
  }

  /** The space's templates (global ones when `spaceId` is undefined), by id, one page of them. */
  listTemplates(
    spaceId: number | undefined,
    page: { start: number; limit: number },
  ): { templates: ConfluenceTemplate[]; total: number } {
    const total =
      this.sql<[number | null], { n: number }>(
        'SELECT COUNT(*) AS n FROM confluence_templates WHERE space_id IS ?',
      ).get(spaceId ?? null)?.n ?? 0;
    const templates = this.sql<[number | null, number, number], TemplateRow>(
      `SELECT * FROM confluence_templates WHERE space_id IS ? ORDER BY template_id LIMIT ? OFFSET ?`,
    )
      .all(spaceId ?? null, page.limit, page.start)
      .map(toTemplate);
    return { templates, total };
  }

  /** A template of the space (or a global one) with exactly this name. */
  findTemplateByName(spaceId: number | undefined, name: string): ConfluenceTemplate | undefined {
    const row = this.sql<[number | null, string], TemplateRow>(
      'SELECT * FROM confluence_templates WHERE space_id IS ? AND name = ?',
    ).get(spaceId ?? null, name);
    return row ? toTemplate(row) : undefined;
  }

  deleteTemplate(id: number): void {
    this.sql('DELETE FROM confluence_templates WHERE template_id = ?').run(id);
  }

  /**
   * Label ids are stable per (prefix, name) across templates, as Confluence's labels are
   * site-wide objects; derived from the text so no extra table is needed.
   */
  private labelsWithIds(labels: readonly { prefix: string; name: string }[]): TemplateLabel[] {
    return labels.map((label) => {
      let hash = 7;
      for (const char of `${label.prefix}:${label.name}`) {
        hash = (hash * 31 + (char.codePointAt(0) ?? 0)) % 2_147_483_647;
      }
      return { id: String(hash), prefix: label.prefix, name: label.name };
    });
  }
}

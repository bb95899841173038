/**
 * Confluence v1 content templates: create, update in place, list (a space's or the global ones)
 * read and delete. Space templates need space admin rights, global ones Confluence admin; "no
 * such template" and "not allowed" answer the same 403, as documented.
 */
import { z } from 'zod';
import { jsonResponse, listParam, type ProductRouter, type RouteRequest } from '../http';
import type { JsonObject } from '../json';
import { DEFAULT_LIMIT, V1, idValue, numericId, parseJson, type ConfluenceAccess } from './access';
import { templateJson, v1Error } from './representation';
import { confluenceParseMessage, findStorageFormatError } from './storage-format';
import type { ConfluenceSpace, ConfluenceTemplate, ConfluenceUser, TemplateFields } from './store';

/** v1 template lists: "may be restricted by fixed system limits"; this emulator's limit. */
const MAX_TEMPLATE_LIMIT = 100;
/** `ContentTemplateCreate.description` and `ContentTemplateUpdate.description` maxLength. */
const MAX_TEMPLATE_DESCRIPTION_CREATE = 255;
const MAX_TEMPLATE_DESCRIPTION_UPDATE = 100;

const templateLabel = z.object({ prefix: z.string().nullish(), name: z.string() });
const templateBody = z.object({
  storage: z.object({ value: z.string(), representation: z.string() }).nullish(),
});
const templateFields = {
  name: z.string().nullish(),
  templateType: z.string().nullish(),
  body: templateBody.nullish(),
  description: z.string().nullish(),
  labels: z.array(templateLabel).nullish(),
  space: z.object({ key: z.string() }).nullish(),
};
const createTemplateRequest = z.object(templateFields);
const updateTemplateRequest = z.object({ ...templateFields, templateId: idValue.nullish() });
type TemplateRequest = z.infer<typeof createTemplateRequest>;

/** Validates the fields shared by create and update; answers the stored form or a 400. */
function validFields(input: TemplateRequest, maxDescription: number): TemplateFields | Response {
  const name = input.name?.trim() ?? '';
  if (name === '') return v1Error(400, 'Template name cannot be null or empty.');
  if (input.templateType !== 'page') {
    return v1Error(
      400,
      "The template type must be 'page'; blueprint templates cannot be created through the REST API.",
    );
  }
  const storage = input.body?.storage;
  if (storage?.representation !== 'storage') {
    return v1Error(400, "The template body must be given in 'storage' format.");
  }
  const error = findStorageFormatError(storage.value);
  if (error) return v1Error(400, confluenceParseMessage(error));
  const description = input.description ?? '';
  if (description.length > maxDescription) {
    return v1Error(
      400,
      `The template description cannot be longer than ${maxDescription} characters.`,
    );
  }
  const labels = (input.labels ?? []).map((label) => ({
    prefix: label.prefix ?? 'global',
    name: label.name.trim().toLowerCase(),
  }));
  if (labels.some((label) => label.name === '' || /\s/.test(label.name))) {
    return v1Error(400, 'A label name cannot be empty or contain spaces.');
  }
  return { name, description, templateType: 'page', body: storage.value, labels };
}

function offsetParam(query: URLSearchParams, name: string, fallback: number): number | undefined {
  const raw = query.get(name)?.trim();
  if (raw === undefined || raw === '') return fallback;
  return /^\d{1,9}$/.test(raw) ? Number(raw) : undefined;
}

export function addTemplateRoutes(router: ProductRouter, access: ConfluenceAccess): void {
  const { store, base } = access;

  /** May `me` create, change or delete templates of this space (or global ones)? */
  const mayAdminister = (me: ConfluenceUser, space: ConfluenceSpace | undefined): boolean =>
    space
      ? store.spaces.spacePermissionsOf(me.accountId, space.id).has('admin')
      : store.users.isConfluenceAdmin(me.accountId);

  const mayView = (me: ConfluenceUser, template: ConfluenceTemplate): boolean =>
    template.spaceId === undefined || access.canView(me, template.spaceId);

  const answerOf = (template: ConfluenceTemplate, withBody: boolean): JsonObject =>
    templateJson(template, {
      space: template.spaceId === undefined ? undefined : store.spaces.getSpace(template.spaceId),
      withBody,
      base,
    });

  const duplicate = (
    space: ConfluenceSpace | undefined,
    name: string,
    except?: number,
  ): Response | undefined => {
    const existing = store.templates.findTemplateByName(space?.id, name);
    if (!existing || existing.id === except) return undefined;
    return v1Error(
      400,
      `A template with the name '${name}' already exists ${space ? 'in this space' : 'globally'}.`,
    );
  };

  /** The template `{contentTemplateId}` if the caller may see it; otherwise the documented 403. */
  const visibleTemplate = (
    request: RouteRequest,
    action: string,
  ): { me: ConfluenceUser; template: ConfluenceTemplate } | Response => {
    const me = access.callerOf(request.actor);
    const raw = request.params.contentTemplateId ?? '';
    const id = numericId(raw);
    const template = id === undefined ? undefined : store.templates.getTemplate(id);
    if (!me || !template || !mayView(me, template)) {
      return v1Error(
        403,
        `Could not ${action} content template ${raw}: not found or not permitted.`,
      );
    }
    return { me, template };
  };

  // Operation createContentTemplate: with `space` a space template (space admins), without it a
  // global one (Confluence administrators).
  router.add('POST', `${V1}/template`, ({ actor, body }) => {
    const me = access.callerOf(actor);
    if (!me) return v1Error(403, 'Could not create content template: not permitted.');
    const parsed = parseJson(body, createTemplateRequest);
    if (!parsed.ok) return v1Error(400, parsed.message);
    const input = parsed.value;
    let space: ConfluenceSpace | undefined;
    if (input.space) {
      space = store.spaces.getSpaceByKey(input.space.key);
      if (!space || !access.canView(me, space.id)) {
        return v1Error(
          403,
          `Could not create content template: no space '${input.space.key}' you may administer.`,
        );
      }
    }
    if (!mayAdminister(me, space)) {
      return v1Error(
        403,
        space
          ? `Could not create content template: you are not an administrator of space '${space.key}'.`
          : 'Could not create content template: global templates need the Confluence Administrator permission.',
      );
    }
    const fields = validFields(input, MAX_TEMPLATE_DESCRIPTION_CREATE);
    if (fields instanceof Response) return fields;
    const taken = duplicate(space, fields.name);
    if (taken) return taken;
    const template = store.templates.createTemplate(space?.id, fields);
    return jsonResponse(200, answerOf(template, true));
  });

  // Operation updateContentTemplate: by `templateId`, in place (no copy); the space cannot change.
  router.add('PUT', `${V1}/template`, ({ actor, body }) => {
    const me = access.callerOf(actor);
    if (!me) return v1Error(403, 'Could not update content template: not permitted.');
    const parsed = parseJson(body, updateTemplateRequest);
    if (!parsed.ok) return v1Error(400, parsed.message);
    const input = parsed.value;
    const id = numericId(input.templateId);
    if (id === undefined)
      return v1Error(400, 'The templateId of the template to update is required.');
    const template = store.templates.getTemplate(id);
    const space =
      template?.spaceId === undefined ? undefined : store.spaces.getSpace(template.spaceId);
    if (!template || !mayView(me, template) || !mayAdminister(me, space)) {
      return v1Error(403, `Could not update content template ${id}: not found or not permitted.`);
    }
    const askedKey = input.space?.key;
    if ((askedKey ?? undefined) !== space?.key) {
      return v1Error(
        400,
        space
          ? `The space of a space template cannot change; set space.key to '${space.key}'.`
          : 'A global template cannot be moved into a space.',
      );
    }
    const fields = validFields(input, MAX_TEMPLATE_DESCRIPTION_UPDATE);
    if (fields instanceof Response) return fields;
    const taken = duplicate(space, fields.name, template.id);
    if (taken) return taken;
    const updated = store.templates.updateTemplate(template.id, fields);
    return jsonResponse(200, answerOf(updated, true));
  });

  // Operation getContentTemplates: a space's templates (viewers of the space) or the global
  // ones (any user of the site), offset-paged; bodies only with `expand=body`.
  router.add('GET', `${V1}/template/page`, ({ actor, query, pathname }) => {
    const me = access.callerOf(actor);
    if (!me) return v1Error(403, 'Could not read content templates: not permitted.');
    const spaceKey = query.get('spaceKey');
    let space: ConfluenceSpace | undefined;
    if (spaceKey !== null && spaceKey !== '') {
      space = store.spaces.getSpaceByKey(spaceKey);
      if (!space || !access.canView(me, space.id)) {
        return v1Error(403, `Could not read the templates of space '${spaceKey}': not permitted.`);
      }
    }
    const start = offsetParam(query, 'start', 0);
    const limit = offsetParam(query, 'limit', DEFAULT_LIMIT);
    if (start === undefined || limit === undefined) {
      return v1Error(400, "The 'start' and 'limit' parameters must be non-negative integers.");
    }
    const cappedLimit = Math.min(limit, MAX_TEMPLATE_LIMIT);
    const withBody = listParam(query, 'expand').includes('body');
    const { templates, total } = store.templates.listTemplates(space?.id, {
      start,
      limit: cappedLimit,
    });
    const selfParams = new URLSearchParams(query);
    const links: JsonObject = {
      self: `${base}${pathname.replace(/^\/wiki/, '')}${selfParams.size > 0 ? `?${selfParams.toString()}` : ''}`,
      base,
      context: '/wiki',
    };
    if (start + templates.length < total) {
      const nextParams = new URLSearchParams(query);
      nextParams.set('start', String(start + templates.length));
      nextParams.set('limit', String(cappedLimit));
      links.next = `${pathname.replace(/^\/wiki/, '')}?${nextParams.toString()}`;
    }
    return jsonResponse(200, {
      results: templates.map((template) => answerOf(template, withBody)),
      start,
      limit: cappedLimit,
      size: templates.length,
      _links: links,
    });
  });

  // Operation getContentTemplate (body included).
  router.add('GET', `${V1}/template/{contentTemplateId}`, (request) => {
    const found = visibleTemplate(request, 'read');
    if (found instanceof Response) return found;
    return jsonResponse(200, answerOf(found.template, true));
  });

  // Operation removeTemplate: the same rights as creating one.
  router.add('DELETE', `${V1}/template/{contentTemplateId}`, (request) => {
    const found = visibleTemplate(request, 'delete');
    if (found instanceof Response) return found;
    const { me, template } = found;
    const space =
      template.spaceId === undefined ? undefined : store.spaces.getSpace(template.spaceId);
    if (!mayAdminister(me, space)) {
      return v1Error(403, `Could not delete content template ${template.id}: not permitted.`);
    }
    store.templates.deleteTemplate(template.id);
    return new Response(null, { status: 204 });
  });
}

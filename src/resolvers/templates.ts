/**
 * The native "Rollout strategy" template (Confluence has no Forge module for templates): its
 * status and its registration through the REST API, for a space (its admins) or for the whole
 * site (Confluence admins), in English or French. Re-registering finds the app's template (by
 * its label, or by one of its names) and updates it in place; it never adds a copy.
 */
import { AppFailure, appError, type TemplateStatus } from '../contract';
import type { SpaceAccess, TemplateInput, TemplateRef } from '../atlassian/confluence';
import { TEMPLATE_LABEL, TEMPLATE_NAMES, strategyTemplate } from '../templates/strategy';
import { WORDS } from '../templates/words';
import type { CallContext, Handler } from './edge';
import type { Ports } from './ports';
import { contextSpaceAccess, spaceNotFound } from './strategy-context';
import { MACRO_KEY } from './strategy-page';

type Scope = 'space' | 'global';

interface ScopeAccess {
  space: SpaceAccess | undefined;
  canRegister: boolean;
}

async function scopeAccess(ports: Ports, call: CallContext, scope: Scope): Promise<ScopeAccess> {
  if (scope === 'global') {
    return { space: undefined, canRegister: await ports.confluence.isConfluenceAdmin() };
  }
  const space = await contextSpaceAccess(ports, call);
  if (!space) throw spaceNotFound();
  return { space, canRegister: space.isAdmin };
}

function ours(templates: readonly TemplateRef[]): TemplateRef | undefined {
  return (
    templates.find((template) => template.labels.includes(TEMPLATE_LABEL)) ??
    templates.find((template) => TEMPLATE_NAMES.includes(template.name))
  );
}

/** Which language the registered template is in: its name says it (one name per language). */
function languageOf(template: TemplateRef): 'en' | 'fr' | null {
  if (template.name === WORDS.fr.templateName) return 'fr';
  if (template.name === WORDS.en.templateName) return 'en';
  return null;
}

function status(
  scope: Scope,
  access: ScopeAccess,
  template: TemplateRef | undefined,
): TemplateStatus {
  return {
    scope,
    space: access.space
      ? { id: access.space.id, key: access.space.key, name: access.space.name }
      : null,
    templateId: template?.id ?? null,
    canRegister: access.canRegister,
    language: template ? languageOf(template) : null,
  };
}

export const templateStatus: Handler<'templates/status', Ports> = async (payload, call, ports) => {
  const access = await scopeAccess(ports, call, payload.scope);
  const templates = await ports.confluence.templates(access.space?.key);
  return status(payload.scope, access, ours(templates));
};

export const registerTemplate: Handler<'templates/register', Ports> = async (
  payload,
  call,
  ports,
) => {
  const access = await scopeAccess(ports, call, payload.scope);
  if (!access.canRegister) {
    throw new AppFailure(
      payload.scope === 'space'
        ? appError(
            'FORBIDDEN',
            'errors.template.spaceAdminOnly',
            'Only administrators of this space can register its template.',
          )
        : appError(
            'FORBIDDEN',
            'errors.template.adminOnly',
            'Only Confluence administrators can register a template for the whole site.',
          ),
    );
  }
  const { appId, environmentId, environmentType } = ports.appIdentity();
  const template = strategyTemplate(payload.language, {
    appId,
    environmentId,
    environmentType,
    macroKey: MACRO_KEY,
    localId: ports.newId(),
    title: WORDS[payload.language].macroTitle,
  });
  const input: TemplateInput = {
    name: template.name,
    description: template.description,
    body: template.body,
    labels: [TEMPLATE_LABEL],
    ...(access.space ? { spaceKey: access.space.key } : {}),
  };
  const spaceKey = access.space?.key;
  const existing = ours(await ports.confluence.templates(spaceKey));
  if (existing) {
    return status(payload.scope, access, await ports.confluence.updateTemplate(existing.id, input));
  }
  const created = await ports.confluence.createTemplate(input);
  if (created !== 'duplicate') return status(payload.scope, access, created);
  // Registered meanwhile (a second click): update that one instead of failing.
  const raced = ours(await ports.confluence.templates(spaceKey));
  if (!raced) {
    throw new AppFailure(
      appError(
        'CONFLICT',
        'errors.template.nameTaken',
        `A template named "${template.name}" already exists here.`,
        { params: { name: template.name } },
      ),
    );
  }
  return status(payload.scope, access, await ports.confluence.updateTemplate(raced.id, input));
};

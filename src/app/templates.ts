/**
 * The native "Rollout strategy" template (Confluence has no Forge module for templates): its
 * status and its registration through the REST API, for a space (its admins) or for the whole
 * site (Confluence admins), in English or French. Re-registering finds the app's template (by
 * its label, or by one of its names) and updates it in place; it never adds a copy.
 *
 * A Forge macro's key names the app environment it was made in (`<app>/<environment>/static/
 * <macro>`): a template, or a strategy page, written by another environment (development vs
 * production) shows no macro where only this one is installed. The status says so; registering
 * again writes the template with this environment's key and re-keys the space's strategy pages.
 */
import { STALE_PAGES_PER_CALL, type TemplateStatus } from '../contract';
import type {
  PageWithBody,
  SpaceAccess,
  TemplateInput,
  TemplateRef,
} from '../atlassian/confluence';
import { forgeMacroKeys, macroExtensionKey, rekeyForgeMacros, text } from '../templates/storage';
import { TEMPLATE_LABEL, templateNames, strategyTemplate } from '../templates/strategy';
import { defaultLanguage, isLanguage, languages, message, type Language } from '../i18n';
import type { Caller, Ports, UseCase } from './ports';
import { spaceAccess, spaceNotFound } from './access';
import { invalidPayload, refuse } from './failures';
import { MACRO_KEY } from './strategy/page';

type Scope = 'space' | 'global';

type TemplatePorts = Pick<Ports, 'confluence' | 'rollouts' | 'appIdentity' | 'newId'>;

interface ScopeAccess {
  space: SpaceAccess | undefined;
  canRegister: boolean;
}

async function scopeAccess(ports: TemplatePorts, call: Caller, scope: Scope): Promise<ScopeAccess> {
  if (scope === 'global') {
    return { space: undefined, canRegister: await ports.confluence.isConfluenceAdmin() };
  }
  const space = await spaceAccess(ports, call);
  if (!space) throw spaceNotFound();
  return { space, canRegister: space.isAdmin };
}

function ours(templates: readonly TemplateRef[]): TemplateRef | undefined {
  return (
    templates.find((template) => template.labels.includes(TEMPLATE_LABEL)) ??
    templates.find((template) => templateNames().includes(template.name))
  );
}

/** Which language the registered template is in: its name says it (one name per language). */
function languageOf(template: TemplateRef): Language | null {
  return (
    languages().find(
      (language) => message(language, 'strategyPage.templateName') === template.name,
    ) ?? null
  );
}

/** This environment's key for the macro, as it reads in storage format. */
function currentKey(ports: Pick<Ports, 'appIdentity'>): string {
  return text(macroExtensionKey({ ...ports.appIdentity(), macroKey: MACRO_KEY }));
}

function macroIn(body: string, current: string): NonNullable<TemplateStatus['macro']> {
  const keys = forgeMacroKeys(body, MACRO_KEY);
  if (keys.length === 0) return 'missing';
  return keys.every((key) => key === current) ? 'current' : 'other-environment';
}

async function templateMacro(
  ports: TemplatePorts,
  template: TemplateRef | undefined,
  current: string,
): Promise<TemplateStatus['macro']> {
  if (!template) return null;
  const found = await ports.confluence.template(template.id);
  return found ? macroIn(found.body, current) : null;
}

interface StalePage {
  page: PageWithBody;
  language: Language;
}

/**
 * The space's strategy pages (of its 100 most recently changed rollouts) whose macro names
 * another environment: one storage query and one Confluence call, whatever their number.
 */
async function stalePages(
  ports: TemplatePorts,
  space: SpaceAccess | undefined,
  current: string,
): Promise<StalePage[]> {
  if (!space) return [];
  const rollouts = await ports.rollouts.listBySpace(space.id);
  const pageLanguages = new Map<string, Language>();
  for (const rollout of rollouts) {
    if (rollout.strategyPageId !== '') {
      pageLanguages.set(rollout.strategyPageId, rollout.language);
    }
  }
  const pages = await ports.confluence.pagesWithBody([...pageLanguages.keys()]);
  return pages
    .filter((page) => macroIn(page.body, current) === 'other-environment')
    .map((page) => ({ page, language: pageLanguages.get(page.id) ?? defaultLanguage() }));
}

function status(
  scope: Scope,
  access: ScopeAccess,
  template: TemplateRef | undefined,
  macro: TemplateStatus['macro'],
  stale: readonly StalePage[],
): TemplateStatus {
  return {
    scope,
    space: access.space
      ? { id: access.space.id, key: access.space.key, name: access.space.name }
      : null,
    templateId: template?.id ?? null,
    canRegister: access.canRegister,
    language: template ? languageOf(template) : null,
    macro: template ? macro : null,
    stalePages: stale.map(({ page }) => ({ id: page.id, title: page.title, url: page.url })),
  };
}

export const templateStatus: UseCase<'templates/status', TemplatePorts> = async (
  payload,
  call,
  ports,
) => {
  const access = await scopeAccess(ports, call, payload.scope);
  const current = currentKey(ports);
  const [template, stale] = await Promise.all([
    ports.confluence.templates(access.space?.key).then(ours),
    stalePages(ports, access.space, current),
  ]);
  return status(
    payload.scope,
    access,
    template,
    await templateMacro(ports, template, current),
    stale,
  );
};

/**
 * Re-keys up to STALE_PAGES_PER_CALL stale pages to this environment (as the app, which writes
 * these pages whenever their rollout changes); answers the pages still stale. A page changed
 * meanwhile is left for the next attempt.
 */
async function rekeyPages(ports: TemplatePorts, stale: readonly StalePage[]): Promise<StalePage[]> {
  const identity = ports.appIdentity();
  const left: StalePage[] = [...stale.slice(STALE_PAGES_PER_CALL)];
  for (const entry of stale.slice(0, STALE_PAGES_PER_CALL)) {
    const { page, language } = entry;
    const body = rekeyForgeMacros(page.body, {
      ...identity,
      macroKey: MACRO_KEY,
      localId: '',
      title: message(language, 'strategyPage.macroTitle'),
    });
    const write = await ports.confluence.updatePage({
      id: page.id,
      title: page.title,
      body,
      version: page.version + 1,
      message: message(language, 'strategyPage.versionMessage.macroMoved'),
    });
    if (!write.ok) left.push(entry);
  }
  return left;
}

export const registerTemplate: UseCase<'templates/register', TemplatePorts> = async (
  payload,
  call,
  ports,
) => {
  if (!isLanguage(payload.language)) {
    // What the edge answers for a payload its schema refuses: the language is a locale file's.
    throw invalidPayload([{ path: 'language', messageKey: 'errors.field.invalid' }]);
  }
  const access = await scopeAccess(ports, call, payload.scope);
  if (!access.canRegister) {
    throw refuse(
      payload.scope === 'space' ? 'errors.template.spaceAdminOnly' : 'errors.template.adminOnly',
    );
  }
  const template = strategyTemplate(payload.language, {
    ...ports.appIdentity(),
    macroKey: MACRO_KEY,
    localId: ports.newId(),
    title: message(payload.language, 'strategyPage.macroTitle'),
  });
  const input: TemplateInput = {
    name: template.name,
    description: template.description,
    body: template.body,
    labels: [TEMPLATE_LABEL],
    ...(access.space ? { spaceKey: access.space.key } : {}),
  };
  const spaceKey = access.space?.key;
  // Written just now with this environment's key: the template's macro is current.
  const done = async (registered: TemplateRef): Promise<TemplateStatus> => {
    const left = await rekeyPages(ports, await stalePages(ports, access.space, currentKey(ports)));
    return status(payload.scope, access, registered, 'current', left);
  };
  const existing = ours(await ports.confluence.templates(spaceKey));
  if (existing) return done(await ports.confluence.updateTemplate(existing.id, input));
  const created = await ports.confluence.createTemplate(input);
  if (created !== 'duplicate') return done(created);
  // Registered meanwhile (a second click): update that one instead of failing.
  const raced = ours(await ports.confluence.templates(spaceKey));
  if (!raced) {
    throw refuse('errors.template.nameTaken', { params: { name: template.name } });
  }
  return done(await ports.confluence.updateTemplate(raced.id, input));
};

/**
 * The app's static resources, as Forge serves Custom UI: `/app/<resource key>/<file>` from the
 * manifest's `resources`, HTML under Forge's strict CSP with the bridge injected before the
 * app's bundle, and the translation files Forge serves next to a resource (`__LOCALES__/`).
 */
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import type { LocalHost } from '../host';
import { CONTENT_TYPES, HttpError, send, sendJson, type HostRouter } from './respond';

export function addResourceRoutes(router: HostRouter, host: LocalHost): void {
  const staticRoot = (resourceKey: string): string | undefined => {
    const resource = host.app.manifest.resources.find((r) => r.key === resourceKey);
    return resource ? join(host.app.root, resource.path) : undefined;
  };

  const permissions = host.app.manifest.permissions as { content?: { styles?: unknown } };
  const contentStyles = Array.isArray(permissions.content?.styles)
    ? permissions.content.styles.map(String)
    : [];

  const locales = async (name: string): Promise<Response> => {
    const translations = host.app.manifest.translations;
    if (!translations) throw new HttpError(404, 'manifest.yml has no translations');
    if (name === 'i18n-info.json') {
      return sendJson(200, {
        translations: {},
        config: {
          locales: translations.resources.map((r) => r.key),
          fallback: translations.fallback,
        },
      });
    }
    const resource = translations.resources.find((r) => `${r.key}.json` === name);
    if (!resource) throw new HttpError(404, `No translations for ${name}`);
    return send(
      200,
      await readFile(join(host.app.root, resource.path)),
      CONTENT_TYPES['.json'] ?? '',
    );
  };

  router.add('GET', '/app/{resourceKey}/{file*}', async ({ params }) => {
    const resourceKey = params.resourceKey ?? '';
    const rest = decodeURIComponent(params.file ?? '');
    const root = staticRoot(resourceKey);
    if (!root) throw new HttpError(404, `No resource "${resourceKey}" in manifest.yml`);
    if (rest.startsWith('__LOCALES__/')) return locales(rest.slice('__LOCALES__/'.length));
    const file = normalize(join(root, rest === '' ? 'index.html' : rest));
    if (!file.startsWith(root + sep) && file !== root)
      throw new HttpError(403, 'Outside the resource');
    let content: Buffer;
    try {
      content = await readFile(file);
    } catch {
      if (rest === '' || rest === 'index.html') {
        throw new HttpError(
          503,
          'The UI is not built yet: run `npm run build` (npm start does it for you).',
        );
      }
      throw new HttpError(404, `Not found: ${rest}`);
    }
    const type = CONTENT_TYPES[extname(file)] ?? 'application/octet-stream';
    if (extname(file) === '.html') {
      // Forge serves Custom UI under a strict CSP; the host does too, so a violation shows here
      // first. Inline styles only when the manifest asks for them (permissions.content.styles).
      const styles = contentStyles.includes('unsafe-inline') ? " 'unsafe-inline'" : '';
      const csp = `default-src 'none'; script-src 'self'; style-src 'self'${styles}; img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; frame-ancestors 'self'`;
      // The bridge must exist before the app's bundle runs, as on Forge.
      const html = content
        .toString('utf8')
        .replace('<head>', '<head>\n    <script src="/__forge/bridge-client.js"></script>');
      return send(200, html, type, { 'content-security-policy': csp });
    }
    return send(200, content, type);
  });
}

/** The slice of the Forge Custom UI context the surfaces use. */
export interface AppContext {
  accountId: string | undefined;
  locale: string;
  moduleKey: string;
  /** The site's address (Jira and Confluence share it): links into the other product start here. */
  siteUrl: string;
  extension: { type: string } & Record<string, unknown>;
}

export function readContext(raw: unknown): AppContext {
  const context = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const extension = (
    typeof context.extension === 'object' && context.extension !== null ? context.extension : {}
  ) as Record<string, unknown>;
  return {
    accountId: typeof context.accountId === 'string' ? context.accountId : undefined,
    locale: typeof context.locale === 'string' ? context.locale : 'en-US',
    moduleKey: typeof context.moduleKey === 'string' ? context.moduleKey : '',
    siteUrl: typeof context.siteUrl === 'string' ? context.siteUrl.replace(/\/+$/u, '') : '',
    extension: { ...extension, type: typeof extension.type === 'string' ? extension.type : '' },
  };
}

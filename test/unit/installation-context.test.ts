/**
 * Reading which Atlassian apps the installation reaches from what the platform sends, in each
 * form Forge documents, and the resolver edge's answer when Jira is not among them.
 */
import { RequestProductNotAllowedError } from '@forge/api';
import { installedApps, jiraNotConnected } from '../../src/resolvers/installation';
import { runCall } from '../../src/resolvers/edge';

const ari = (product: string) => `ari:cloud:${product}::site/0c3130ff-0000-4000-8000-000000000001`;
const contextAri = (product: string) => ({
  cloudId: '0c3130ff-0000-4000-8000-000000000001',
  toString: () => ari(product),
});

describe('installedApps', () => {
  it('reads contexts given as ARI objects (@forge/api ContextAri), strings or named objects', () => {
    expect(
      installedApps({ ari: {}, contexts: [contextAri('jira'), contextAri('confluence')] }),
    ).toEqual(new Set(['jira', 'confluence']));
    expect(installedApps({ contexts: [ari('confluence')] })).toEqual(new Set(['confluence']));
    expect(installedApps({ contexts: [{ name: 'Jira', cloudId: 'x' }] })).toEqual(
      new Set(['jira']),
    );
  });

  it('knows nothing from a missing, empty or unreadable summary', () => {
    expect(installedApps(undefined)).toBeUndefined();
    expect(installedApps({ contexts: [] })).toBeUndefined();
    expect(installedApps({ contexts: [{ cloudId: 'x' }, 42, null] })).toBeUndefined();
    expect(installedApps({ contexts: 'ari:cloud:jira::site/x' })).toBeUndefined();
  });
});

describe('jiraNotConnected', () => {
  it('is true only when the platform listed the contexts and Jira is not one of them', () => {
    expect(jiraNotConnected({ installation: { contexts: [contextAri('confluence')] } })).toBe(true);
    expect(
      jiraNotConnected({
        installation: { contexts: [contextAri('jira'), contextAri('confluence')] },
      }),
    ).toBe(false);
    expect(jiraNotConnected({})).toBe(false);
  });
});

describe('the resolver edge without Jira', () => {
  afterEach(() => {
    jest.restoreAllMocks();
  });

  const notConnected = {
    ok: false,
    error: expect.objectContaining({
      code: 'UPSTREAM',
      messageKey: 'errors.jira.notConnected',
    }) as unknown,
  };

  it('answers "not connected" before validating or running anything', async () => {
    const ran: unknown[] = [];
    const answer = await runCall(
      'users/search',
      (payload) => {
        ran.push(payload);
        return Promise.resolve({ users: [] });
      },
      {
        payload: { query: '' },
        context: { accountId: 'someone', installation: { contexts: [contextAri('confluence')] } },
      },
      () => ({}),
    );
    expect(answer).toEqual(notConnected);
    expect(ran).toEqual([]);
  });

  it('turns the SDK refusing a Jira call into the same answer, and only a Jira one', async () => {
    const refusedJira = await runCall(
      'users/search',
      () => Promise.reject(new RequestProductNotAllowedError('jira', 'confluence')),
      { payload: { query: 'sophie' }, context: { accountId: 'someone' } },
      () => ({}),
    );
    expect(refusedJira).toEqual(notConnected);
    jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const refusedConfluence = await runCall(
      'users/search',
      () => Promise.reject(new RequestProductNotAllowedError('confluence', 'jira')),
      { payload: { query: 'sophie' }, context: { accountId: 'someone' } },
      () => ({}),
    );
    expect(refusedConfluence).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
  });
});

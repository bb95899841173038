/**
 * The resolver edge on its own: validation before the handler, identity from the platform, coded
 * errors as envelopes, unexpected errors as INTERNAL without leaking the payload into logs.
 */
import { AppFailure } from '../../src/contract';
import { runCall } from '../../src/resolvers/edge';

const valid = { query: 'sophie' };

describe('runCall', () => {
  it('answers VALIDATION with field keys and never runs the handler on a bad payload', async () => {
    const calls: unknown[] = [];
    const answer = await runCall(
      'users/search',
      (payload) => {
        calls.push(payload);
        return Promise.resolve({ users: [] });
      },
      { payload: { query: '' }, context: { accountId: 'someone' } },
      () => ({}),
    );
    expect(answer).toEqual({
      ok: false,
      error: expect.objectContaining({
        code: 'VALIDATION',
        details: { fields: [{ path: 'query', messageKey: 'errors.users.queryRequired' }] },
      }) as unknown,
    });
    expect(calls).toEqual([]);
  });

  it('refuses a call without a platform account before validating anything', async () => {
    const answer = await runCall(
      'users/search',
      () => Promise.resolve({ users: [] }),
      { payload: valid, context: {} },
      () => ({}),
    );
    expect(answer).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN', messageKey: 'errors.signedOut' },
    });
  });

  it('passes the validated payload and the platform account to the handler', async () => {
    const answer = await runCall(
      'users/search',
      (payload, call) =>
        Promise.resolve({
          users: [
            {
              accountId: call.accountId,
              displayName: payload.query,
              avatarUrl: null,
              active: true,
            },
          ],
        }),
      {
        payload: { query: '  sophie ' },
        context: { accountId: 'acc-1', moduleKey: 'rollout-admin' },
      },
      () => ({}),
    );
    expect(answer).toEqual({
      ok: true,
      data: {
        users: [{ accountId: 'acc-1', displayName: 'sophie', avatarUrl: null, active: true }],
      },
    });
  });

  it('turns an AppFailure into its envelope and anything else into INTERNAL', async () => {
    const coded = await runCall(
      'users/search',
      () =>
        Promise.reject(new AppFailure({ code: 'CONFLICT', messageKey: 'errors.x', message: 'x' })),
      { payload: valid, context: { accountId: 'a' } },
      () => ({}),
    );
    expect(coded).toEqual({
      ok: false,
      error: { code: 'CONFLICT', messageKey: 'errors.x', message: 'x' },
    });

    const logged: string[] = [];
    const original = console.error;
    console.error = (line: string) => logged.push(line);
    try {
      const crashed = await runCall(
        'users/search',
        () => Promise.reject(new Error('boom')),
        { payload: { query: 'secret name' }, context: { accountId: 'a' } },
        () => ({}),
      );
      expect(crashed).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    } finally {
      console.error = original;
    }
    expect(logged).toEqual(['[rollout-coordinator] users/search failed: Error: boom']);
    expect(logged.join(' ')).not.toContain('secret name');
  });
});

/**
 * The storage client's retry policy on its own (src/storage/client.ts): which storage errors are
 * retried, how long it waits, and when it gives up: with its own error, which the edges answer
 * as UPSTREAM.
 */
import { ForgeKvsAPIError } from '@forge/kvs';
import { appErrorOf } from '../../src/app/failures';
import { withStorageRetry, type StorageRetryPolicy } from '../../src/storage/client';
import { StorageBusyError } from '../../src/storage/errors';

function storageError(status: number, code: string): ForgeKvsAPIError {
  return new ForgeKvsAPIError(
    {
      status,
      statusText: '',
      traceId: null,
      httpMethod: 'POST',
      httpPath: '/api/v1/get',
      responseBodyLength: 0,
    },
    { code, message: code },
  );
}

function policy(waits: number[], remainingMs = Number.POSITIVE_INFINITY): StorageRetryPolicy {
  return {
    maxAttempts: 4,
    baseDelayMs: 200,
    maxDelayMs: 2_000,
    sleep: (ms) => {
      waits.push(ms);
      return Promise.resolve();
    },
    remainingMs: () => remainingMs,
  };
}

/** An attempt that fails with `errors` in turn, then answers 'done'. */
function attempts(errors: Error[]): { run: () => Promise<string>; count: () => number } {
  let calls = 0;
  return {
    run: () => {
      const error = errors[calls];
      calls += 1;
      return error ? Promise.reject(error) : Promise.resolve('done');
    },
    count: () => calls,
  };
}

beforeEach(() => {
  jest.spyOn(console, 'warn').mockImplementation(() => undefined);
});
afterEach(() => {
  jest.restoreAllMocks();
});

describe('withStorageRetry', () => {
  it('retries 429 and 5xx on doubling waits, and answers once storage recovers', async () => {
    const waits: number[] = [];
    const call = attempts([
      storageError(429, 'RATE_LIMIT_EXCEEDED'),
      storageError(500, 'INTERNAL_SERVER_ERROR'),
      storageError(503, 'SERVICE_UNAVAILABLE'),
    ]);
    await expect(withStorageRetry(call.run(), call.run, policy(waits), () => 1)).resolves.toBe(
      'done',
    );
    expect(call.count()).toBe(4);
    expect(waits).toEqual([200, 400, 800]);
  });

  it('waits between half and all of each step (jitter)', async () => {
    const waits: number[] = [];
    const call = attempts([storageError(429, 'RATE_LIMIT_EXCEEDED')]);
    await withStorageRetry(call.run(), call.run, policy(waits), () => 0);
    expect(waits).toEqual([100]);
  });

  it('gives up after the last attempt with UPSTREAM', async () => {
    const waits: number[] = [];
    const call = attempts(
      Array.from({ length: 10 }, () => storageError(429, 'RATE_LIMIT_EXCEEDED')),
    );
    const failure = await withStorageRetry(call.run(), call.run, policy(waits), () => 1).catch(
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(StorageBusyError);
    expect(appErrorOf(failure)).toMatchObject({
      code: 'UPSTREAM',
      messageKey: 'errors.storageBusy',
      params: { status: 429 },
    });
    expect(call.count()).toBe(4);
  });

  it('does not wait past the invocation: with little time left it gives up at once', async () => {
    const waits: number[] = [];
    const call = attempts([storageError(500, 'INTERNAL_SERVER_ERROR')]);
    await expect(
      withStorageRetry(call.run(), call.run, policy(waits, 1_100), () => 1),
    ).rejects.toBeInstanceOf(StorageBusyError);
    expect(waits).toEqual([]);
    expect(call.count()).toBe(1);
  });

  it('throws anything else as it came, without retrying: bad keys, conditions, limits, bugs', async () => {
    for (const error of [
      storageError(400, 'INVALID_KEY'),
      storageError(409, 'CONDITION_FAILED'),
      storageError(413, 'MAX_SIZE'),
      new TypeError('not storage'),
    ]) {
      const call = attempts([error]);
      await expect(withStorageRetry(call.run(), call.run, policy([]))).rejects.toBe(error);
      expect(call.count()).toBe(1);
    }
  });
});

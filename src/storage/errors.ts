/**
 * What the storage client throws when Forge storage stays throttled or failing after the retries
 * it was worth: the last status and the storage error code. The storage layer knows nothing of
 * the UI's envelope; the edges map this to UPSTREAM (src/app/failures.ts).
 */
export class StorageBusyError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly attempts: number,
  ) {
    super(`Forge storage answered ${String(status)} ${code} after ${String(attempts)} attempt(s).`);
    this.name = 'StorageBusyError';
  }
}

/**
 * What the REST clients throw when Jira or Confluence fails a call (after the retries it was
 * worth): the product, its status and what was asked. The clients know nothing of the UI's
 * envelope; the edges map this to UPSTREAM (src/app/failures.ts).
 */
export class UpstreamError extends Error {
  constructor(
    readonly product: 'Jira' | 'Confluence',
    readonly status: number,
    readonly what: string,
  ) {
    super(`${product} answered ${String(status)} to ${what}.`);
    this.name = 'UpstreamError';
  }
}

import { AppFailure, appError } from '../contract/envelope';

/** A product call that failed after retries: the edge reports UPSTREAM with the status. */
export function upstreamFailure(
  product: 'Jira' | 'Confluence',
  status: number,
  what: string,
): AppFailure {
  return new AppFailure(
    appError('UPSTREAM', 'errors.upstream', `${product} answered ${status} to ${what}.`, {
      params: { product, status },
    }),
  );
}

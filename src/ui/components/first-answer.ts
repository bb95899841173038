/**
 * A panel section's first state: the answer its panel's load already carries (one invoke per
 * panel load), or loading when it carries none and the section asks for itself.
 */
import type { AppError, Envelope } from '../../contract';

export type SectionState<T> =
  { status: 'loading' } | { status: 'failed'; error: AppError } | { status: 'ready'; view: T };

export function firstState<T>(answer: Envelope<T> | undefined): SectionState<T> {
  if (!answer) return { status: 'loading' };
  return answer.ok
    ? { status: 'ready', view: answer.data }
    : { status: 'failed', error: answer.error };
}

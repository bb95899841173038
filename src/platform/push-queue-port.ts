/**
 * The push queue as use cases see it: what an event carries, and the error the adapter
 * (./push-queue.ts) throws when the platform does not take one.
 */
/** The manifest's `consumer.queue`. */
export const PUSH_QUEUE = 'push-plan';

export type PushEventBody = {
  jobId: string;
  rolloutId: string;
};

/** The platform refused the event: its quota is spent for now ('busy'), or it failed. */
export class EnqueueError extends Error {
  constructor(readonly reason: 'busy' | 'failed') {
    super(reason === 'busy' ? 'the event quota is spent' : 'the event was not queued');
    this.name = 'EnqueueError';
  }
}

export interface PushQueue {
  /** Queues the job's event; throws `EnqueueError` when the platform does not take it. */
  enqueue(body: PushEventBody): Promise<void>;
}

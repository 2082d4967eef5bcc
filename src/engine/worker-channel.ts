import { SegmentError, abortedError } from '../protocol/errors';
import type { SegmentEvent } from '../protocol/types';
import type { WorkerReply, WorkerRequest } from './worker-protocol';

/** One engine worker seen from the caller's side: a Web Worker or a Node worker thread. */
export interface WorkerChannel {
  post(message: WorkerRequest, transfer?: Transferable[]): void;
  /** Listens for the replies to one request; returns the unsubscribe. */
  listen(id: number, listener: (reply: WorkerReply) => void): () => void;
}

/** Routes each reply to the listener of its request id. */
export function createReplyRouter(): {
  listen: WorkerChannel['listen'];
  deliver(reply: WorkerReply): void;
  failAll(message: string): void;
} {
  const listeners = new Map<number, (reply: WorkerReply) => void>();
  return {
    listen(id, listener) {
      listeners.set(id, listener);
      return () => listeners.delete(id);
    },
    deliver: (reply) => listeners.get(reply.id)?.(reply),
    failAll(message) {
      for (const [id, listener] of listeners) listener({ kind: 'error', id, code: 'server_error', message });
    },
  };
}

/**
 * Sends one segment request and yields its events as the worker posts them. Aborting the
 * signal, or leaving the loop early (a newer prompt won), tells the worker to stop.
 */
export async function* streamOverChannel(
  channel: WorkerChannel,
  message: Extract<WorkerRequest, { kind: 'segment' }>,
  transfer: Transferable[],
  signal: AbortSignal | undefined,
): AsyncGenerator<SegmentEvent, void, undefined> {
  const { id } = message;
  const queue: WorkerReply[] = [];
  let wake: (() => void) | undefined;
  const stop = channel.listen(id, (reply) => {
    queue.push(reply);
    wake?.();
  });
  const onAbort = () => {
    queue.push({ kind: 'error', id, code: 'aborted', message: 'The request was cancelled.' });
    wake?.();
  };
  signal?.addEventListener('abort', onAbort, { once: true });
  let finished = false;
  try {
    if (signal?.aborted) throw abortedError(signal.reason);
    channel.post(message, transfer);
    for (;;) {
      if (queue.length === 0) await new Promise<void>((resolve) => (wake = resolve));
      const reply = queue.shift()!;
      if (reply.kind === 'event') {
        if (reply.event.type === 'final') finished = true; // nothing left to cancel
        yield reply.event;
      } else if (reply.kind === 'done') {
        finished = true;
        return;
      } else if (reply.code === 'aborted') throw abortedError(signal?.reason);
      else {
        finished = true;
        throw new SegmentError(reply.code, reply.message, { param: reply.param });
      }
    }
  } finally {
    signal?.removeEventListener('abort', onAbort);
    stop();
    if (!finished) channel.post({ kind: 'cancel', id });
  }
}

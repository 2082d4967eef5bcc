import { SegmentError, abortedError, type SegmentErrorCode } from '../../../protocol/errors';
import type { SegmentEvent } from '../../../protocol/types';
import type { EngineRequest, WorkerReply, WorkerRequest } from './worker-protocol';

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
  /** Ends every open request with this error (the worker failed, or was ended). */
  failAll(code: SegmentErrorCode, message: string): void;
} {
  const listeners = new Map<number, (reply: WorkerReply) => void>();
  return {
    listen(id, listener) {
      listeners.set(id, listener);
      return () => listeners.delete(id);
    },
    deliver: (reply) => listeners.get(reply.id)?.(reply),
    failAll(code, message) {
      for (const [id, listener] of listeners) listener({ kind: 'error', id, code, message });
    },
  };
}

/**
 * Sends one request and yields its events as the worker posts them. Aborting the signal, or
 * leaving the loop early (a newer prompt won), tells the worker to stop.
 */
export async function* streamOverChannel(
  channel: WorkerChannel,
  id: number,
  request: EngineRequest,
  transfer: Transferable[],
  signal: AbortSignal | undefined,
): AsyncGenerator<SegmentEvent, void, undefined> {
  const queue: WorkerReply[] = [];
  let wake: (() => void) | undefined;
  let aborted = false;
  const stop = channel.listen(id, (reply) => {
    queue.push(reply);
    wake?.();
  });
  const onAbort = () => {
    aborted = true;
    wake?.();
  };
  signal?.addEventListener('abort', onAbort, { once: true });
  let finished = false;
  try {
    if (signal?.aborted) throw abortedError(signal.reason);
    channel.post({ kind: 'segment', id, request }, transfer);
    for (;;) {
      if (queue.length === 0 && !aborted) await new Promise<void>((resolve) => (wake = resolve));
      if (aborted) throw abortedError(signal?.reason);
      const reply = queue.shift()!;
      if (reply.kind === 'event') {
        if (reply.event.type === 'final') finished = true; // nothing left to cancel
        yield reply.event;
      } else if (reply.kind === 'done') {
        finished = true;
        return;
      } else if (reply.kind === 'error') {
        finished = true;
        if (reply.code === 'aborted')
          throw new SegmentError('aborted', reply.message, { cause: signal?.reason });
        throw new SegmentError(reply.code, reply.message, { param: reply.param });
      }
    }
  } finally {
    signal?.removeEventListener('abort', onAbort);
    stop();
    if (!finished) channel.post({ kind: 'cancel', id });
  }
}

/**
 * Sends a request that answers once (`prepare`: `done`; `capabilities`: its reply) and resolves
 * with that reply. Aborting the signal cancels it in the worker.
 */
export async function requestOverChannel(
  channel: WorkerChannel,
  message: Extract<WorkerRequest, { kind: 'prepare' | 'capabilities' }>,
  transfer: Transferable[],
  signal: AbortSignal | undefined,
): Promise<Exclude<WorkerReply, { kind: 'event' | 'error' }>> {
  const { id } = message;
  if (signal?.aborted) throw abortedError(signal.reason);
  let stop = () => {};
  let onAbort = () => {};
  try {
    return await new Promise((resolve, reject) => {
      stop = channel.listen(id, (reply) => {
        if (reply.kind === 'event') return;
        if (reply.kind !== 'error') return resolve(reply);
        reject(new SegmentError(reply.code, reply.message, { param: reply.param }));
      });
      onAbort = () => {
        channel.post({ kind: 'cancel', id });
        reject(abortedError(signal?.reason));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      channel.post(message, transfer);
    });
  } finally {
    signal?.removeEventListener('abort', onAbort);
    stop();
  }
}

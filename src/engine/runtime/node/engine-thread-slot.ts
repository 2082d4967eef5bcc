import type { Worker } from 'node:worker_threads';
import { SegmentError } from '../../../protocol/errors';
import { createReplyRouter, type WorkerChannel } from '../channel/worker-channel';
import type { WorkerReply } from '../channel/worker-protocol';
import type { EngineOptions } from '../engine-options';
import type { BodyLimits } from '../../wire-body/body-limits';
import type { BodyShape, ParsedSegmentBody } from '../../wire-body/engine-request-from-body';
import { fromParseBodyReply, type ParseBodyReply, type ParseBodyRequest } from './parse-body-on-thread';
import { spawnEngineThread } from './spawn-engine-thread';

/** One thread of the pool with its channel; `busy` while a request runs on it. */
export interface EngineThreadSlot {
  worker: Worker;
  channel: WorkerChannel;
  busy: boolean;
  /** Bodies sent to this thread to parse and not yet answered. */
  parsing: number;
  /**
   * Resolves once the thread has let go of request `id`: its `done` or `error` reply (a cancel
   * brings one at the engine's next stage), or the thread's end. At once for an id it never got.
   */
  settled(id: number): Promise<void>;
  /** Parses a raw `/segment` or `/prepare` body on this thread (between the turns of what it runs). */
  parseBody(id: number, body: Uint8Array, limits: BodyLimits, shape?: BodyShape): Promise<ParsedSegmentBody>;
  /** Ends the thread; requests running on it end with `aborted`. */
  end(): Promise<void>;
}

/** The bytes alone in a buffer of their own, so the buffer can move to the thread. */
function ownBuffer(bytes: Uint8Array): Uint8Array {
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : bytes.slice();
}

/**
 * Starts a thread and sends it the engine's options (once). `onCancel` counts cancels for the
 * pool's stats; `onExit` runs when the thread is gone, however it ended.
 */
export function startEngineThread(
  options: EngineOptions,
  hooks: { onCancel(): void; onExit(slot: EngineThreadSlot): void },
): EngineThreadSlot {
  const worker = spawnEngineThread();
  const router = createReplyRouter();
  const parses = new Map<number, { resolve(reply: ParseBodyReply): void; reject(error: Error): void }>();
  // Requests posted to the thread and not yet let go of, with what resolves their `settled`.
  const open = new Map<number, { settled: Promise<void>; resolve(): void }>();
  const settle = (id: number) => {
    open.get(id)?.resolve();
    open.delete(id);
  };
  const settleAll = () => {
    for (const id of [...open.keys()]) settle(id);
  };
  const failParses = (error: SegmentError) => {
    for (const pending of parses.values()) pending.reject(error);
    parses.clear();
  };
  worker.on('message', (reply: WorkerReply | ParseBodyReply) => {
    if (reply.kind !== 'body_parsed' && reply.kind !== 'body_refused') {
      router.deliver(reply);
      if (reply.kind === 'done' || reply.kind === 'error') settle(reply.id);
      return;
    }
    parses.get(reply.id)?.resolve(reply);
    parses.delete(reply.id);
  });
  worker.on('error', (error) => {
    router.failAll('server_error', `An engine thread failed: ${error.message}`);
    failParses(new SegmentError('server_error', `An engine thread failed: ${error.message}`));
  });
  worker.unref(); // an idle thread never keeps the process alive; the pool refs it while busy
  const slot: EngineThreadSlot = {
    worker,
    busy: false,
    parsing: 0,
    channel: {
      post: (message, transfer) => {
        if (message.kind === 'cancel') hooks.onCancel();
        if (message.kind === 'segment' || message.kind === 'prepare') {
          let resolve = () => {};
          const settled = new Promise<void>((r) => (resolve = r));
          open.set(message.id, { settled, resolve });
        }
        worker.postMessage(message, transfer as ArrayBuffer[] | undefined);
      },
      listen: router.listen,
    },
    settled: (id) => open.get(id)?.settled ?? Promise.resolve(),
    async parseBody(id, body, limits, shape) {
      const owned = ownBuffer(body);
      const message: ParseBodyRequest = { kind: 'parse_body', id, body: owned, limits, shape };
      slot.parsing++;
      worker.ref(); // an answer is due: keep the process alive for it
      try {
        const reply = await new Promise<ParseBodyReply>((resolve, reject) => {
          parses.set(id, { resolve, reject });
          worker.postMessage(message, [owned.buffer as ArrayBuffer]);
        });
        return fromParseBodyReply(reply);
      } finally {
        if (--slot.parsing === 0 && !slot.busy) worker.unref();
      }
    },
    async end() {
      router.failAll('aborted', 'The engine was disposed while this request ran.');
      failParses(new SegmentError('aborted', 'The engine was disposed while this body was parsed.'));
      settleAll();
      await worker.terminate();
    },
  };
  worker.on('exit', () => {
    router.failAll('server_error', 'An engine thread stopped while this request ran.');
    failParses(new SegmentError('server_error', 'An engine thread stopped while this body was parsed.'));
    settleAll();
    hooks.onExit(slot);
  });
  slot.channel.post({ kind: 'init', options });
  return slot;
}

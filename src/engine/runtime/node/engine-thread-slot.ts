import type { Worker } from 'node:worker_threads';
import { createReplyRouter, type WorkerChannel } from '../channel/worker-channel';
import type { WorkerReply } from '../channel/worker-protocol';
import type { EngineOptions } from '../engine-options';
import { spawnEngineThread } from './spawn-engine-thread';

/** One thread of the pool with its channel; `busy` while a request runs on it. */
export interface EngineThreadSlot {
  worker: Worker;
  channel: WorkerChannel;
  busy: boolean;
  /** Ends the thread; requests running on it end with `aborted`. */
  end(): Promise<void>;
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
  worker.on('message', (reply: WorkerReply) => router.deliver(reply));
  worker.on('error', (error) => router.failAll('server_error', `An engine thread failed: ${error.message}`));
  worker.unref(); // an idle thread never keeps the process alive; the pool refs it while busy
  const slot: EngineThreadSlot = {
    worker,
    busy: false,
    channel: {
      post: (message) => {
        if (message.kind === 'cancel') hooks.onCancel();
        worker.postMessage(message);
      },
      listen: router.listen,
    },
    async end() {
      router.failAll('aborted', 'The engine was disposed while this request ran.');
      await worker.terminate();
    },
  };
  worker.on('exit', () => {
    router.failAll('server_error', 'An engine thread stopped while this request ran.');
    hooks.onExit(slot);
  });
  slot.channel.post({ kind: 'init', options });
  return slot;
}

import { SegmentError } from '../../../protocol/errors';
import { defineSegmenter } from '../../../protocol/define-segmenter';
import type { SegmentRequest, Segmenter } from '../../../protocol/types';
import { createIdMaker } from '../../../util/id-maker';
import { createReplyRouter, streamOverChannel, type WorkerChannel } from '../channel/worker-channel';
import type { WorkerReply } from '../channel/worker-protocol';
import type { EngineOptions } from '../engine-options';
import { spawnEngineWorker } from './spawn-engine-worker';
import { transferableImage } from './transferable-image';

/**
 * The engine in a Web Worker; events stream back as they are made. The options go to the worker
 * once, when it starts. `dispose()` terminates the worker: requests running then end with
 * `aborted`, later ones are refused (`createLocalSegmenter` starts a new worker instead).
 */
export function createWorkerSegmenter(
  options: EngineOptions,
  spawn: () => Worker = spawnEngineWorker,
): Segmenter {
  const worker = spawn();
  const router = createReplyRouter();
  worker.onmessage = (message: MessageEvent<WorkerReply>) => router.deliver(message.data);
  worker.onerror = (event) =>
    router.failAll('server_error', `The engine worker failed to start: ${event.message}`);
  const channel: WorkerChannel = {
    post: (message, transfer = []) => worker.postMessage(message, transfer),
    listen: router.listen,
  };
  channel.post({ kind: 'init', options });
  const nextId = createIdMaker();
  let disposed = false;

  async function* stream({ signal, ...request }: SegmentRequest) {
    if (disposed) throw new SegmentError('aborted', 'The engine worker was disposed.');
    const image = await transferableImage(request.image);
    const transfer = typeof ImageBitmap === 'function' && image instanceof ImageBitmap ? [image] : [];
    yield* streamOverChannel(channel, nextId(), { ...request, image }, transfer, signal);
  }

  return defineSegmenter({
    stream,
    dispose() {
      if (disposed) return;
      disposed = true;
      router.failAll('aborted', 'The engine worker was disposed while this request ran.');
      worker.terminate();
    },
  });
}

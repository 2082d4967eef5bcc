import { SegmentError } from '../../../protocol/errors';
import { defineSegmenter } from '../../../protocol/define-segmenter';
import type {
  ImageSource,
  PrepareOptions,
  SegmentRequest,
  Segmenter,
  SegmenterCapabilities,
} from '../../../protocol/types';
import { untilAborted } from '../../../util/until-aborted';
import { ENGINE_CAPABILITIES } from '../engine-options';
import { createIdMaker } from '../../../util/id-maker';
import {
  createReplyRouter,
  requestOverChannel,
  streamOverChannel,
  type WorkerChannel,
} from '../channel/worker-channel';
import type { WorkerReply } from '../channel/worker-protocol';
import type { EngineOptions } from '../engine-options';
import { spawnEngineWorker } from './spawn-engine-worker';
import { transferableImage, transferListOf } from './transferable-image';
import { workerEngineOptions } from './worker-options';

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
  channel.post({ kind: 'init', options: workerEngineOptions(options) });
  const nextId = createIdMaker();
  let disposed = false;

  async function* stream({ signal, ...request }: SegmentRequest) {
    if (disposed) throw new SegmentError('aborted', 'The engine worker was disposed.');
    const image = await transferableImage(request.image);
    const transfer = transferListOf(image);
    yield* streamOverChannel(channel, nextId(), { ...request, image }, transfer, signal);
  }

  async function prepare(source: ImageSource, { signal }: PrepareOptions = {}): Promise<void> {
    if (disposed) throw new SegmentError('aborted', 'The engine worker was disposed.');
    const image = await transferableImage(source);
    const transfer = transferListOf(image);
    await requestOverChannel(channel, { kind: 'prepare', id: nextId(), image }, transfer, signal);
  }

  let known: Promise<SegmenterCapabilities> | undefined;
  async function capabilities({ signal }: { signal?: AbortSignal } = {}): Promise<SegmenterCapabilities> {
    known ??= requestOverChannel(channel, { kind: 'capabilities', id: nextId() }, [], undefined).then(
      (reply) => (reply.kind === 'capabilities' ? reply.capabilities : ENGINE_CAPABILITIES),
    );
    return untilAborted(known, signal);
  }

  return defineSegmenter({
    stream,
    prepare,
    capabilities,
    dispose() {
      if (disposed) return;
      disposed = true;
      router.failAll('aborted', 'The engine worker was disposed while this request ran.');
      worker.terminate();
    },
  });
}

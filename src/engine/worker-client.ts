import type { ImageSource, SegmentRequest, Segmenter } from '../protocol/types';
import { validateObject, validateSpatialRefs } from '../protocol/validate';
import { collectResult } from '../transport/collect';
import type { LocalSegmenterOptions } from './local-segmenter';
import { spawnEngineWorker } from './spawn-engine-worker';
import { createReplyRouter, streamOverChannel, type WorkerChannel } from './worker-channel';
import type { WorkerReply } from './worker-protocol';

/** What can cross to a worker as is; DOM images become ImageBitmaps first (transferable). */
async function transferable(image: ImageSource): Promise<ImageSource> {
  const isDom = (name: string) =>
    typeof (globalThis as Record<string, unknown>)[name] === 'function' &&
    image instanceof ((globalThis as Record<string, unknown>)[name] as new () => object);
  if (isDom('HTMLImageElement') || isDom('HTMLCanvasElement')) {
    if (isDom('HTMLImageElement') && !(image as HTMLImageElement).complete)
      await (image as HTMLImageElement).decode();
    return createImageBitmap(image as HTMLImageElement | HTMLCanvasElement);
  }
  if (typeof image === 'string' && !image.startsWith('data:')) {
    // Resolve relative URLs against the page, which the worker does not know.
    return new URL(image, globalThis.location?.href).href;
  }
  return image;
}

/** A segmenter whose work runs in a Web Worker; events stream back as they are made. */
export function createWorkerSegmenter(
  factory: (() => Worker) | undefined,
  options: LocalSegmenterOptions,
): Segmenter {
  const worker = factory ? factory() : spawnEngineWorker();
  const router = createReplyRouter();
  worker.onmessage = (message: MessageEvent<WorkerReply>) => router.deliver(message.data);
  worker.onerror = (event) => router.failAll(`The engine worker failed to start: ${event.message}`);
  const channel: WorkerChannel = {
    post: (message, transfer = []) => worker.postMessage(message, transfer),
    listen: router.listen,
  };
  const { worker: _w, ...plainOptions } = options;
  let nextId = 1;

  async function* stream(request: SegmentRequest) {
    validateObject(request.object);
    validateSpatialRefs(request.spatialRefs);
    const image = await transferable(request.image);
    yield* streamOverChannel(
      channel,
      {
        kind: 'segment',
        id: nextId++,
        image,
        object: request.object,
        spatialRefs: [...(request.spatialRefs ?? [])],
        options: plainOptions,
      },
      image instanceof ImageBitmap ? [image] : [],
      request.signal,
    );
  }
  return { stream, segment: (request) => collectResult(stream(request)) };
}

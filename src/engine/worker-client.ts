import { SegmentError, abortedError } from '../protocol/errors';
import type { ImageSource, SegmentEvent, SegmentRequest, Segmenter } from '../protocol/types';
import { validateObject, validateSpatialRefs } from '../protocol/validate';
import { collectResult } from '../transport/collect';
import type { LocalSegmenterOptions } from './local-segmenter';
import type { WorkerReply, WorkerRequest } from './worker-protocol';

/** What can cross to a worker as is; DOM images become ImageBitmaps first (transferable). */
async function transferable(image: ImageSource): Promise<ImageSource> {
  const isDom = (name: string) => typeof (globalThis as Record<string, unknown>)[name] === 'function' && image instanceof ((globalThis as Record<string, unknown>)[name] as new () => object);
  if (isDom('HTMLImageElement') || isDom('HTMLCanvasElement')) {
    if (isDom('HTMLImageElement') && !(image as HTMLImageElement).complete) await (image as HTMLImageElement).decode();
    return createImageBitmap(image as HTMLImageElement | HTMLCanvasElement);
  }
  if (typeof image === 'string' && !image.startsWith('data:')) {
    // Resolve relative URLs against the page, which the worker does not know.
    return new URL(image, globalThis.location?.href).href;
  }
  return image;
}

/** A segmenter whose work runs in a Web Worker; events stream back as they are made. */
export function createWorkerSegmenter(factory: (() => Worker) | undefined, options: LocalSegmenterOptions): Segmenter {
  const worker = factory ? factory() : new Worker(new URL('./engine.worker.ts', import.meta.url), { type: 'module' });
  let nextId = 1;
  const listeners = new Map<number, (reply: WorkerReply) => void>();
  worker.onmessage = (message: MessageEvent<WorkerReply>) => listeners.get(message.data.id)?.(message.data);
  worker.onerror = (event) => {
    for (const [id, listener] of listeners) listener({ kind: 'error', id, code: 'server_error', message: `The engine worker failed to start: ${event.message}` });
  };
  const { worker: _w, ...plainOptions } = options;

  async function* stream(request: SegmentRequest): AsyncGenerator<SegmentEvent, void, undefined> {
    validateObject(request.object);
    validateSpatialRefs(request.spatialRefs);
    const { signal } = request;
    if (signal?.aborted) throw abortedError(signal.reason);
    const id = nextId++;
    const queue: WorkerReply[] = [];
    let wake: (() => void) | undefined;
    listeners.set(id, (reply) => {
      queue.push(reply);
      wake?.();
    });
    const onAbort = () => {
      worker.postMessage({ kind: 'cancel', id } satisfies WorkerRequest);
      queue.push({ kind: 'error', id, code: 'aborted', message: 'The request was cancelled.' });
      wake?.();
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const image = await transferable(request.image);
      const message: WorkerRequest = { kind: 'segment', id, image, object: request.object, spatialRefs: [...(request.spatialRefs ?? [])], options: plainOptions };
      worker.postMessage(message, image instanceof ImageBitmap ? [image] : []);
      for (;;) {
        if (queue.length === 0) await new Promise<void>((resolve) => (wake = resolve));
        const reply = queue.shift()!;
        if (reply.kind === 'event') yield reply.event;
        else if (reply.kind === 'done') return;
        else if (reply.code === 'aborted') throw abortedError();
        else throw new SegmentError(reply.code, reply.message, { param: reply.param });
      }
    } finally {
      signal?.removeEventListener('abort', onAbort);
      listeners.delete(id);
      // Leaving early (a newer prompt won) stops the work too.
      worker.postMessage({ kind: 'cancel', id } satisfies WorkerRequest);
    }
  }
  return { stream, segment: (request) => collectResult(stream(request)) };
}

import { SegmentError } from '../protocol/errors';
import { createInProcessSegmenter } from './in-process-segmenter';
import type { WorkerReply, WorkerRequest } from './worker-protocol';

/**
 * The engine's side of a worker (a browser Web Worker or a Node worker thread): runs each
 * request in-process and posts every event as it comes; a cancel aborts the request, which
 * stops at the engine's next stage.
 */
export function createEngineHost(
  post: (reply: WorkerReply) => void,
): (request: WorkerRequest) => Promise<void> {
  const running = new Map<number, AbortController>();
  return async (request) => {
    if (request.kind === 'cancel') {
      running.get(request.id)?.abort();
      return;
    }
    const controller = new AbortController();
    running.set(request.id, controller);
    try {
      const segmenter = createInProcessSegmenter(request.options);
      for await (const event of segmenter.stream({
        image: request.image,
        object: request.object,
        spatialRefs: request.spatialRefs,
        signal: controller.signal,
      })) {
        post({ kind: 'event', id: request.id, event });
      }
      post({ kind: 'done', id: request.id });
    } catch (error) {
      const e =
        error instanceof SegmentError
          ? error
          : new SegmentError('server_error', `The engine failed: ${String(error)}`);
      post({ kind: 'error', id: request.id, code: e.code, message: e.message, param: e.param });
    } finally {
      running.delete(request.id);
    }
  };
}

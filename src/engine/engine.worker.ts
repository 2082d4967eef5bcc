/// <reference lib="webworker" />
import { SegmentError } from '../protocol/errors';
import { createLocalSegmenter } from './local-segmenter';
import type { WorkerReply, WorkerRequest } from './worker-protocol';

// The engine's Web Worker: runs requests in-process here, posting each event as it comes.
const scope = self as unknown as DedicatedWorkerGlobalScope;
const running = new Map<number, AbortController>();
const post = (reply: WorkerReply) => scope.postMessage(reply);

scope.onmessage = async (message: MessageEvent<WorkerRequest>) => {
  const request = message.data;
  if (request.kind === 'cancel') {
    running.get(request.id)?.abort();
    return;
  }
  const controller = new AbortController();
  running.set(request.id, controller);
  try {
    const segmenter = createLocalSegmenter({ ...request.options, worker: false });
    for await (const event of segmenter.stream({ image: request.image, object: request.object, spatialRefs: request.spatialRefs, signal: controller.signal })) {
      post({ kind: 'event', id: request.id, event });
    }
    post({ kind: 'done', id: request.id });
  } catch (error) {
    const e = error instanceof SegmentError ? error : new SegmentError('server_error', `The engine failed: ${String(error)}`);
    post({ kind: 'error', id: request.id, code: e.code, message: e.message, param: e.param });
  } finally {
    running.delete(request.id);
  }
};

import { parentPort } from 'node:worker_threads';
import { SegmentError } from '../protocol/errors';
import { createLocalSegmenter } from '../engine/local-segmenter';
import type { WorkerReply, WorkerRequest } from '../engine/worker-protocol';

// One engine thread of the Node pool: the same messages as the browser's Web Worker.
// The engine yields to the event loop between stages, so a cancel lands at the next stage.
const port = parentPort;
if (!port) throw new Error('segmask engine-thread must run in a worker thread.');
const running = new Map<number, AbortController>();
const post = (reply: WorkerReply) => port.postMessage(reply);

port.on('message', async (request: WorkerRequest) => {
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
});

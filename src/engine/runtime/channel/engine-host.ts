import { SegmentError } from '../../../protocol/errors';
import type { Segmenter } from '../../../protocol/types';
import { createInProcessSegmenter } from '../in-process-segmenter';
import type { WorkerReply, WorkerRequest } from './worker-protocol';

/**
 * The engine's side of a worker (a browser Web Worker or a Node worker thread): `init` makes the
 * engine from the options (its model starts loading then); each request then runs in-process and
 * posts every event as it comes; a cancel aborts the request (or a prepare still queued), which
 * stops at the engine's next stage.
 */
export function createEngineHost(post: (reply: WorkerReply) => void): (message: WorkerRequest) => void {
  let engine: Segmenter | undefined;
  const running = new Map<number, AbortController>();

  async function run(
    id: number,
    message: Exclude<WorkerRequest, { kind: 'init' | 'cancel' }>,
  ): Promise<void> {
    const controller = new AbortController();
    running.set(id, controller);
    const { signal } = controller;
    try {
      if (!engine)
        throw new SegmentError('server_error', 'The engine worker got a request before its options.');
      if (message.kind === 'capabilities')
        return post({ kind: 'capabilities', id, capabilities: await engine.capabilities!() });
      if (message.kind === 'prepare') await engine.prepare!(message.image, { signal });
      else
        for await (const event of engine.stream({ ...message.request, signal }))
          post({ kind: 'event', id, event });
      post({ kind: 'done', id });
    } catch (error) {
      const e =
        error instanceof SegmentError
          ? error
          : new SegmentError('server_error', `The engine failed: ${String(error)}`);
      post({ kind: 'error', id, code: e.code, message: e.message, param: e.param });
    } finally {
      running.delete(id);
    }
  }

  return (message) => {
    if (message.kind === 'init') engine = createInProcessSegmenter(message.options);
    else if (message.kind === 'cancel') running.get(message.id)?.abort();
    else void run(message.id, message);
  };
}

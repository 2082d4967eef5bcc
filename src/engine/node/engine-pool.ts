import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import { SegmentError } from '../../protocol/errors';
import type { SegmentEvent, SegmentRequest, Segmenter } from '../../protocol/types';
import { validateObject, validateSpatialRefs } from '../../protocol/validate';
import { collectResult } from '../../transport/collect';
import { loadImage } from '../../image/load';
import { createReplyRouter, streamOverChannel, type WorkerChannel } from '../worker-channel';
import type { LocalSegmenterOptions } from '../local-segmenter';
import type { WorkerReply } from '../worker-protocol';

export interface EnginePoolOptions extends Omit<LocalSegmenterOptions, 'worker' | 'threads'> {
  /** Worker threads. Default: the machine's available parallelism. */
  size?: number;
}

export interface EnginePool extends Segmenter {
  /** Starts every thread and runs a small segmentation and detection on each, so the first request is warm. */
  warmUp(): Promise<void>;
  /** Requests running and waiting for a thread. */
  stats(): { size: number; running: number; waiting: number; cancelled: number };
  destroy(): Promise<void>;
}

interface Slot {
  worker: Worker;
  channel: WorkerChannel;
  busy: boolean;
}

// In the package the thread is the built dist/engine-thread.js; from source (tests, tsx) it is
// the .ts file, loaded through tsx. The name is computed so bundlers leave it alone.
function spawn(): Worker {
  const fromSource = import.meta.url.endsWith('.ts');
  const file = `./engine-thread.${fromSource ? 'ts' : 'js'}`;
  const url = new URL(file, import.meta.url);
  if (!fromSource) return new Worker(url);
  const boot = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(url.href)}); });`;
  return new Worker(boot, { eval: true });
}

/**
 * The offline engine on a pool of Node worker threads: the event loop never runs a graph cut,
 * so a server stays responsive while every thread is busy. Requests beyond the pool wait in
 * order; a cancelled request stops its thread's work at the next stage.
 */
export function createEnginePool(options: EnginePoolOptions = {}): EnginePool {
  const { size: wanted, ...engineOptions } = options;
  const size = Math.max(1, wanted ?? availableParallelism());
  const slots: Slot[] = [];
  const waiting: ((slot: Slot) => void)[] = [];
  let nextId = 1;
  let cancelled = 0;
  let destroyed = false;

  function makeSlot(): Slot {
    const worker = spawn();
    const router = createReplyRouter();
    worker.on('message', (reply: WorkerReply) => router.deliver(reply));
    worker.on('error', (error) => router.failAll(`An engine thread failed: ${error.message}`));
    worker.unref(); // an idle pool never keeps the process alive; a busy one does (see take)
    const slot: Slot = {
      worker,
      busy: false,
      channel: {
        post: (message) => {
          if (message.kind === 'cancel') cancelled++;
          worker.postMessage(message);
        },
        listen: router.listen,
      },
    };
    worker.on('exit', () => {
      const at = slots.indexOf(slot);
      if (at >= 0) slots.splice(at, 1); // a crashed thread is replaced on the next request
    });
    return slot;
  }

  function take(slot: Slot): Slot {
    slot.busy = true;
    slot.worker.ref();
    return slot;
  }

  async function acquire(signal?: AbortSignal): Promise<Slot> {
    if (destroyed) throw new SegmentError('server_error', 'The engine pool was destroyed.');
    const free = slots.find((slot) => !slot.busy);
    if (free) return take(free);
    if (slots.length < size) {
      const slot = makeSlot();
      slots.push(slot);
      return take(slot);
    }
    return new Promise<Slot>((resolve, reject) => {
      const handOver = (slot: Slot) => {
        signal?.removeEventListener('abort', onAbort);
        resolve(slot);
      };
      const onAbort = () => {
        waiting.splice(waiting.indexOf(handOver), 1);
        reject(new SegmentError('aborted', 'The request was cancelled while waiting for the engine.'));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      waiting.push(handOver);
    });
  }

  function release(slot: Slot) {
    const next = waiting.shift();
    if (next && slots.includes(slot)) next(slot);
    else {
      slot.busy = false;
      slot.worker.unref();
    }
  }

  async function* stream(request: SegmentRequest): AsyncGenerator<SegmentEvent, void, undefined> {
    validateObject(request.object);
    validateSpatialRefs(request.spatialRefs);
    // Bytes cross to the thread, where decoding happens; DOM sources do not exist in Node.
    const loaded = await loadImage(request.image, request.signal);
    if (loaded.kind === 'drawable')
      throw new SegmentError(
        'invalid_input',
        'In Node, pass the image as bytes, a data URL, a URL or pixels.',
        { param: 'image' },
      );
    const image = loaded.kind === 'bytes' ? loaded.bytes : loaded.pixels;
    const slot = await acquire(request.signal);
    try {
      yield* streamOverChannel(
        slot.channel,
        {
          kind: 'segment',
          id: nextId++,
          image,
          object: request.object,
          spatialRefs: [...(request.spatialRefs ?? [])],
          options: engineOptions,
        },
        [],
        request.signal,
      );
    } finally {
      release(slot);
    }
  }

  return {
    stream,
    segment: (request) => collectResult(stream(request)),
    async warmUp() {
      // A 96×72 frame with a bright square: enough to compile every stage of the engine.
      const { maskToPng } = await import('../../export/png');
      const w = 96,
        h = 72,
        mask = new Uint8Array(w * h);
      for (let y = 20; y < 52; y++) for (let x = 30; x < 66; x++) mask[y * w + x] = 1;
      const png = await maskToPng(mask, w, h);
      await Promise.all(
        Array.from({ length: size }, async () => {
          await collectResult(
            stream({ image: png, object: 'square', spatialRefs: [[0.25, 0.2, 0.75, 0.8]] }),
          );
          // A name alone loads the detector (when installed); finding nothing is expected here.
          await collectResult(stream({ image: png, object: 'person' })).catch(() => {});
        }),
      );
    },
    stats: () => ({
      size,
      running: slots.filter((slot) => slot.busy).length,
      waiting: waiting.length,
      cancelled,
    }),
    async destroy() {
      destroyed = true;
      await Promise.all(slots.splice(0).map((slot) => slot.worker.terminate()));
    },
  };
}

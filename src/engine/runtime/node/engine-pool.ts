import { availableParallelism } from 'node:os';
import { SegmentError, abortedError } from '../../../protocol/errors';
import { defineSegmenter } from '../../../protocol/define-segmenter';
import type { SegmentEvent, SegmentRequest, Segmenter } from '../../../protocol/types';
import { loadImage } from '../../../image/load';
import { createAdmissionQueue } from '../../../util/admission-queue';
import { createIdMaker } from '../../../util/id-maker';
import { streamOverChannel } from '../channel/worker-channel';
import { ENGINE_CAPABILITIES, type EngineOptions } from '../engine-options';
import { startEngineThread, type EngineThreadSlot } from './engine-thread-slot';

export interface EnginePoolOptions extends EngineOptions {
  /** Worker threads. Default: the machine's available parallelism. */
  size?: number;
}

export interface EnginePool extends Segmenter {
  /** Starts every thread and runs a small segmentation and detection on each, so the first request is warm. */
  warmUp(): Promise<void>;
  /** Requests running and waiting for a thread. */
  stats(): { size: number; running: number; waiting: number; cancelled: number };
  /** Ends the threads (requests running or waiting end with `aborted`); a later request starts new ones. */
  dispose(): void;
  /** Ends the threads for good: later requests are refused. */
  destroy(): Promise<void>;
}

/** The bytes or pixels a thread can decode; DOM sources do not exist in Node. */
async function imageForThread(request: SegmentRequest) {
  const loaded = await loadImage(request.image, request.signal);
  if (loaded.kind === 'drawable')
    throw new SegmentError(
      'invalid_input',
      'In Node, pass the image as bytes, a data URL, a URL or pixels.',
      {
        param: 'image',
      },
    );
  return loaded.kind === 'bytes' ? loaded.bytes : loaded.pixels;
}

/** A 96×72 PNG with a bright square: enough to compile every stage of the engine. */
async function warmUpImage(): Promise<Uint8Array> {
  const { maskToPng } = await import('../../../export/png');
  const w = 96,
    h = 72,
    mask = new Uint8Array(w * h);
  for (let y = 20; y < 52; y++) for (let x = 30; x < 66; x++) mask[y * w + x] = 1;
  return maskToPng(mask, w, h);
}

/** Runs a small segmentation and detection on each of `threads` threads at once. */
async function warmUpThreads(segmenter: Segmenter, threads: number): Promise<void> {
  const png = await warmUpImage();
  await Promise.all(
    Array.from({ length: threads }, async () => {
      await segmenter.segment({ image: png, object: 'square', spatialRefs: [[0.25, 0.2, 0.75, 0.8]] });
      // A name alone loads the detector (when installed); finding nothing is expected here.
      await segmenter.segment({ image: png, object: 'person' }).catch(() => {});
    }),
  );
}

/**
 * The offline engine on a pool of Node worker threads: the event loop never runs a graph cut,
 * so a server stays responsive while every thread is busy. Threads start on demand, up to
 * `size`; requests beyond them wait in order; a cancelled request stops its thread's work at the
 * next stage, and a request that leaves while waiting never starts.
 */
// One closure of ~80 lines: acquire, release, stream and destroy share the slots, the queue and
// the destroyed flag, which change together (a split would pass them all around).
export function createEnginePool(options: EnginePoolOptions = {}): EnginePool {
  const { size: wanted, ...engineOptions } = options;
  const size = Math.max(1, wanted ?? availableParallelism());
  const slots: EngineThreadSlot[] = [];
  const queue = createAdmissionQueue<EngineThreadSlot>();
  const nextId = createIdMaker();
  let cancelled = 0;
  let destroyed = false;

  const hooks = {
    onCancel: () => cancelled++,
    onExit(slot: EngineThreadSlot) {
      const at = slots.indexOf(slot);
      if (at >= 0) slots.splice(at, 1); // a crashed thread is replaced on the next request
    },
  };

  function take(slot: EngineThreadSlot): EngineThreadSlot {
    slot.busy = true;
    slot.worker.ref(); // a busy pool keeps the process alive until its answers are out
    return slot;
  }

  function startSlot(): EngineThreadSlot {
    const slot = startEngineThread(engineOptions, hooks);
    slots.push(slot);
    return take(slot);
  }

  async function acquire(signal?: AbortSignal): Promise<EngineThreadSlot> {
    if (destroyed) throw new SegmentError('server_error', 'The engine pool was destroyed.');
    const free = slots.find((slot) => !slot.busy);
    if (free) return take(free);
    if (slots.length < size) return startSlot();
    return queue.wait(signal); // handed over busy by release()
  }

  function release(slot: EngineThreadSlot): void {
    if (slots.includes(slot)) {
      if (queue.admitNext(slot)) return;
      slot.busy = false;
      slot.worker.unref();
    } else if (queue.length > 0 && !destroyed) {
      queue.admitNext(startSlot()); // the thread died: the next in line gets a new one
    }
  }

  async function* stream(request: SegmentRequest): AsyncGenerator<SegmentEvent, void, undefined> {
    const { signal, ...rest } = request;
    const image = await imageForThread(request);
    const slot = await acquire(signal);
    try {
      yield* streamOverChannel(slot.channel, nextId(), { ...rest, image }, [], signal);
    } finally {
      release(slot);
    }
  }

  async function endThreads(): Promise<void> {
    queue.rejectAll(abortedError('The engine was disposed.'));
    await Promise.all(slots.splice(0).map((slot) => slot.end()));
  }
  const dispose = () => void endThreads();

  const segmenter = defineSegmenter({ stream, dispose, capabilities: async () => ENGINE_CAPABILITIES });
  return {
    ...segmenter,
    dispose,
    warmUp: () => warmUpThreads(segmenter, size),
    stats: () => ({
      size,
      running: slots.filter((slot) => slot.busy).length,
      waiting: queue.length,
      cancelled,
    }),
    async destroy() {
      destroyed = true;
      await endThreads();
    },
  };
}

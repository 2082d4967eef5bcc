import { availableParallelism } from 'node:os';
import { SegmentError } from '../../../protocol/errors';
import { defineSegmenter } from '../../../protocol/define-segmenter';
import type {
  Pixels,
  PrepareOptions,
  SegmentEvent,
  SegmentRequest,
  Segmenter,
  SegmenterCapabilities,
} from '../../../protocol/types';
import { hashKey } from '../../../util/hash';
import { untilAborted } from '../../../util/until-aborted';
import { loadImage } from '../../../image/load';
import { createIdMaker } from '../../../util/id-maker';
import { requestOverChannel, streamOverChannel } from '../channel/worker-channel';
import { ENGINE_CAPABILITIES, type EngineOptions } from '../engine-options';
import { createThreadSlots } from './thread-slots';
import { threadOptionsOf } from './thread-options';
import type { EngineThreadSlot } from './engine-thread-slot';
import type { SegmentBodyParser } from '../../wire-body/engine-request-from-body';

export interface EnginePoolOptions extends EngineOptions {
  /** Worker threads. Default: the machine's available parallelism. */
  size?: number;
}

/**
 * `parseBody` (SegmentBodyParser) parses a server's raw `/segment` body on the least loaded
 * thread, between the turns of what it runs, so JSON and base64 never hold the event loop.
 */
export interface EnginePool extends Segmenter, SegmentBodyParser {
  /** What the threads take, with the tier they loaded (asking starts a thread and waits for its model). */
  capabilities(options?: { signal?: AbortSignal }): Promise<SegmenterCapabilities>;
  /** Encodes the image on a thread and keeps its embedding there; its next requests go to that thread. */
  prepare(image: SegmentRequest['image'], options?: PrepareOptions): Promise<void>;
  /** Starts every thread and runs a small segmentation and detection on each, so the first request is warm. */
  warmUp(): Promise<void>;
  /** Requests running and waiting for a thread. */
  stats(): { size: number; running: number; waiting: number; cancelled: number };
  /** Ends the threads (requests running or waiting end with `aborted`); a later request starts new ones. */
  dispose(): void;
  /** Ends the threads for good: later requests are refused. */
  destroy(): Promise<void>;
}

/**
 * Which thread last had each image (by content), so its next click goes where its embedding is
 * cached when that thread is free; the last 64 images are remembered.
 */
function createImageAffinity() {
  const threadsByImage = new Map<string, EngineThreadSlot>();
  return {
    keyOf: (image: Uint8Array | Pixels) =>
      hashKey(
        image instanceof Uint8Array
          ? image
          : new Uint8Array(image.data.buffer, image.data.byteOffset, image.data.byteLength),
      ),
    threadOf: (key: string) => threadsByImage.get(key),
    remember(key: string, slot: EngineThreadSlot) {
      threadsByImage.delete(key);
      threadsByImage.set(key, slot);
      if (threadsByImage.size > 64) threadsByImage.delete(threadsByImage.keys().next().value!);
    },
  };
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
  const threads = createThreadSlots(threadOptionsOf(engineOptions, size), size);
  const nextId = createIdMaker();
  // Images this pool decoded from a body: their buffers are its own, so they move to the thread
  // that segments them instead of being copied. A caller's bytes are always copied.
  const ownImages = new WeakSet<Uint8Array>();

  const parseBody: EnginePool['parseBody'] = async (body, limits, shape) => {
    const parsed = await threads.leastLoaded().parseBody(nextId(), body, limits, shape);
    ownImages.add(parsed.request.image);
    return parsed;
  };
  const affinity = createImageAffinity();

  /** The image as the thread takes it, the buffers to move with it, and its affinity key. */
  async function imageMessage(source: SegmentRequest['image'], signal?: AbortSignal) {
    const image = await imageForThread({ image: source, object: '', signal });
    const own =
      image instanceof Uint8Array &&
      ownImages.delete(image) &&
      image.byteOffset === 0 &&
      image.byteLength === image.buffer.byteLength;
    const transfer = own ? [image.buffer as ArrayBuffer] : [];
    return { image, transfer, key: affinity.keyOf(image) };
  }

  async function* stream(request: SegmentRequest): AsyncGenerator<SegmentEvent, void, undefined> {
    const { signal, ...rest } = request;
    const { image, transfer, key } = await imageMessage(request.image, signal);
    const slot = await threads.acquire(signal, affinity.threadOf(key));
    affinity.remember(key, slot);
    const id = nextId();
    try {
      yield* streamOverChannel(slot.channel, id, { ...rest, image }, transfer, signal);
    } finally {
      // A cancelled request holds its thread until the thread lets go of it (at the engine's
      // next stage): released at once, the thread's leftover work hid behind an idle slot, and
      // its caller's turn, while the next request queued behind it unseen.
      await slot.settled(id);
      threads.release(slot);
    }
  }

  async function prepare(source: SegmentRequest['image'], { signal }: PrepareOptions = {}): Promise<void> {
    const { image, transfer, key } = await imageMessage(source, signal);
    const slot = await threads.acquire(signal, affinity.threadOf(key));
    affinity.remember(key, slot);
    const id = nextId();
    try {
      await requestOverChannel(slot.channel, { kind: 'prepare', id, image }, transfer, signal);
    } finally {
      await slot.settled(id); // as for a stream: an abandoned prepare holds its thread until it lets go
      threads.release(slot);
    }
  }

  // The tier is the threads' (each loads the model itself): asked of one thread, once it answers.
  let known: Promise<SegmenterCapabilities> | undefined;
  function capabilities({ signal }: { signal?: AbortSignal } = {}): Promise<SegmenterCapabilities> {
    if (!known) {
      const asking = (async () => {
        const slot = threads.leastLoaded();
        slot.worker.ref(); // an answer is due: keep the process alive for it
        try {
          const reply = await requestOverChannel(
            slot.channel,
            { kind: 'capabilities', id: nextId() },
            [],
            undefined,
          );
          return reply.kind === 'capabilities' ? reply.capabilities : ENGINE_CAPABILITIES;
        } finally {
          if (!slot.busy && slot.parsing === 0) slot.worker.unref();
        }
      })();
      known = asking;
      asking.catch(() => {
        if (known === asking) known = undefined;
      });
    }
    return untilAborted(known, signal);
  }

  const dispose = () => {
    known = undefined;
    void threads.endAll();
  };
  const segmenter = defineSegmenter({ stream, prepare, dispose, capabilities });
  return {
    ...segmenter,
    capabilities,
    prepare,
    dispose,
    parseBody,
    warmUp: () => warmUpThreads(segmenter, size),
    stats: () => ({ size, ...threads.stats() }),
    async destroy() {
      threads.close();
      await threads.endAll();
    },
  };
}

import type { Segmenter } from '../protocol/types';
import type { DetectorOptions } from './grounding/object-detector';
import type { EngineTuning } from './algorithm/run-segmentation';
import { createInProcessSegmenter } from './in-process-segmenter';

export interface LocalSegmenterOptions {
  /** Images are decoded at most this large (pixels). Default 1.5 MP. */
  maxPixels?: number;
  tuning?: EngineTuning;
  /**
   * Text grounding: a COCO detector finds the named object when no box is given (optional
   * packages; see the README). `false` turns it off. Browsers need `modelUrl`.
   */
  detector?: DetectorOptions | false;
  /**
   * Off the calling thread (default): in browsers a Web Worker, in Node a pool of worker
   * threads, so the page or server stays responsive. `false` runs in this thread. Browsers: pass
   * a factory to supply your own worker (e.g. `segmask/engine-worker?worker`).
   */
  worker?: boolean | (() => Worker);
  /** Node: worker threads in the pool. Default: the machine's available parallelism. */
  threads?: number;
}

/**
 * The offline engine: segments with no key and no network, streaming the same events as
 * Moondream's `/segment` (bbox, coarse path deltas, refined final). In browsers it runs in a
 * Web Worker, in Node on worker threads, each loaded lazily on first use.
 */
export function createLocalSegmenter(options: LocalSegmenterOptions = {}): Segmenter {
  if (options.worker === false) return createInProcessSegmenter(options);
  let pending: Promise<Segmenter> | undefined;
  let load: () => Promise<Segmenter>;
  if (typeof Worker === 'function') {
    load = () =>
      (pending ??= import('./worker-client').then(({ createWorkerSegmenter }) =>
        createWorkerSegmenter(typeof options.worker === 'function' ? options.worker : undefined, options),
      ));
  } else if (typeof process !== 'undefined' && process.versions?.node) {
    const { worker: _w, threads, ...engineOptions } = options;
    load = () =>
      (pending ??= importEnginePool().then(({ createEnginePool }) =>
        createEnginePool({ ...engineOptions, size: threads }),
      ));
  } else {
    return createInProcessSegmenter(options);
  }
  return {
    async *stream(request) {
      yield* (await load()).stream(request);
    },
    segment: async (request) => (await load()).segment(request),
    // The engine behind the worker is this same code: it takes both extensions.
    capabilities: async () => ({ negativeRefs: true, previous: true }),
  };
}

/**
 * The Node pool, loaded only in Node. The path is computed, so browser bundles never see
 * node:worker_threads; in the package it is dist/engine-pool.js beside this chunk.
 */
function importEnginePool(): Promise<typeof import('./node/engine-pool')> {
  const file = import.meta.url.endsWith('.ts') ? './node/engine-pool.ts' : './engine-pool.js';
  return import(/* @vite-ignore */ new URL(file, import.meta.url).href);
}

import type { Segmenter } from '../../protocol/types';
import { ENGINE_CAPABILITIES, type LocalSegmenterOptions } from './engine-options';
import { createInProcessSegmenter } from './in-process-segmenter';
import { createLazySegmenter } from './lazy-segmenter';

/**
 * The Node pool, loaded only in Node. The path is computed, so browser bundles never see
 * node:worker_threads; in the package it is dist/engine-pool.js beside this chunk.
 */
function importEnginePool(): Promise<typeof import('./node/engine-pool')> {
  const file = import.meta.url.endsWith('.ts') ? './node/engine-pool.ts' : './engine-pool.js';
  return import(/* @vite-ignore */ new URL(file, import.meta.url).href);
}

/**
 * The offline engine: segments with no key and no network, streaming the same events as
 * Moondream's `/segment` (bbox, coarse path deltas, refined final). In browsers it runs in a
 * Web Worker, in Node on worker threads, each started on the first request. `dispose()` ends
 * the worker or threads; a request after it starts them again.
 */
export function createLocalSegmenter(options: LocalSegmenterOptions = {}): Segmenter {
  const { worker, threads, ...engine } = options;
  if (worker === false) return createInProcessSegmenter(engine);
  if (typeof Worker === 'function') {
    const spawn = typeof worker === 'function' ? worker : undefined;
    return createLazySegmenter(
      () => import('./web-worker/worker-segmenter').then((m) => m.createWorkerSegmenter(engine, spawn)),
      ENGINE_CAPABILITIES,
    );
  }
  if (typeof process !== 'undefined' && process.versions?.node) {
    return createLazySegmenter(
      () => importEnginePool().then((m) => m.createEnginePool({ ...engine, size: threads })),
      ENGINE_CAPABILITIES,
    );
  }
  return createInProcessSegmenter(engine);
}

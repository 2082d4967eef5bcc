import { SegmentError } from '../../protocol/errors';
import { ortModuleOf, type OnnxRuntime, type OrtModule } from './onnx-runtime';

/** Where onnxruntime-web's glue (`.mjs`) and WebAssembly (`.wasm`) files are served from. */
export type OrtWasmPaths = string | { mjs: string; wasm: string };

export interface WebRuntimeOptions {
  /**
   * A URL prefix (ending in `/`) under which the app serves `ort-wasm-simd-threaded.mjs` and
   * `ort-wasm-simd-threaded.wasm` from onnxruntime-web's `dist` (and the `.asyncify.` pair for
   * WebGPU), or each file's URL (WebAssembly only).
   */
  wasmPaths?: OrtWasmPaths;
  /** WebAssembly threads; only a cross-origin-isolated page has them. */
  threads?: number;
  /**
   * `'auto'` (default): WebGPU when the browser offers a hardware adapter and `wasmPaths` is a
   * prefix (its files are beside the others), else WebAssembly. `true`: any adapter, a software
   * one too (slower than WebAssembly; for tests). `false`: WebAssembly.
   */
  webgpu?: boolean | 'auto';
}

interface WebOrtModule extends OrtModule {
  env: {
    wasm: { numThreads?: number; wasmPaths?: unknown; proxy?: boolean };
    webgpu?: { adapter?: unknown };
  };
}

/** The builds of onnxruntime-web, each a worker entry's literal import. */
export interface WebOrtImports {
  wasm: () => Promise<unknown>;
  /** Only in a worker that opted in (`segmask/learned-webgpu-worker`). */
  webgpu?: () => Promise<unknown>;
}

interface GpuAdapterLike {
  isFallbackAdapter?: boolean;
  info?: { architecture?: string; description?: string; vendor?: string };
}

/** A software adapter (SwiftShader, llvmpipe) runs the model slower than WebAssembly does. */
export const isSoftwareAdapter = (adapter: GpuAdapterLike): boolean =>
  adapter.isFallbackAdapter === true ||
  /swiftshader|llvmpipe|software|basic render/i.test(
    `${adapter.info?.architecture ?? ''} ${adapter.info?.description ?? ''}`,
  );

/** The WebGPU adapter to run the model on, or undefined for WebAssembly. */
async function webGpuAdapter(options: WebRuntimeOptions): Promise<GpuAdapterLike | undefined> {
  const choice = options.webgpu ?? 'auto';
  if (choice === false) return undefined;
  if (choice === 'auto' && typeof options.wasmPaths !== 'string') return undefined;
  const gpu = (globalThis.navigator as { gpu?: { requestAdapter(): Promise<GpuAdapterLike | null> } })?.gpu;
  const adapter = await gpu?.requestAdapter().catch(() => null);
  if (!adapter) return undefined;
  return choice === true || !isSoftwareAdapter(adapter) ? adapter : undefined;
}

/** The threads a page can use: several only when cross-origin isolated (SharedArrayBuffer). */
export function webThreads(requested: number | undefined): number {
  if (!globalThis.crossOriginIsolated) return 1;
  const cores = globalThis.navigator?.hardwareConcurrency || 1;
  return Math.max(1, Math.floor(requested ?? Math.min(4, cores)));
}

/**
 * onnxruntime-web on WebGPU where the browser has a GPU, else WebAssembly, set up to fetch its
 * files from the app's own origin (never the CDN it would otherwise use). The imports are the
 * worker entry's literal ones, so only an app that chose the learned tier bundles the package,
 * and a page loads the one build it runs. A model that WebGPU cannot load falls back to
 * WebAssembly (`fallback`).
 */
export async function loadWebRuntime(
  imports: WebOrtImports,
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
  const wasmRuntime = async (): Promise<OnnxRuntime> => ({
    name: 'onnxruntime-web',
    device: 'wasm',
    ort: await configured(imports.wasm, options),
    sessionOptions: { executionProviders: ['wasm'], graphOptimizationLevel: 'all' },
  });
  const webgpu = imports.webgpu;
  const adapter = webgpu && (await webGpuAdapter(options));
  if (!adapter) return wasmRuntime();
  const ort = await configured(webgpu, options);
  if (ort.env.webgpu) ort.env.webgpu.adapter = adapter; // the adapter chosen here, not another
  return {
    name: 'onnxruntime-web',
    device: 'webgpu',
    ort,
    // Nodes WebGPU lacks run on WebAssembly within the same session.
    sessionOptions: { executionProviders: ['webgpu', 'wasm'], graphOptimizationLevel: 'all' },
    fallback: wasmRuntime,
  };
}

async function configured(importOrt: () => Promise<unknown>, options: WebRuntimeOptions) {
  const ort = await ortModuleOf<WebOrtModule>('onnxruntime-web', importOrt);
  // Global to the runtime, read when its first session is made; this worker makes all of them.
  ort.env.wasm.wasmPaths = options.wasmPaths;
  ort.env.wasm.numThreads = webThreads(options.threads);
  ort.env.wasm.proxy = false; // already off the page's thread
  return ort;
}

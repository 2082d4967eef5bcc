import type { EngineOptions } from '../engine-options';

const onPage = (url: string) => new URL(url, globalThis.location?.href).href;

/**
 * The options as the worker needs them: the model's and the runtime's file URLs read against
 * the page (a worker would read `/models/x.onnx` against its own script's URL).
 */
export function workerEngineOptions(options: EngineOptions): EngineOptions {
  const { model, learned } = options;
  const out: EngineOptions = { ...options };
  if (model && typeof model === 'object') {
    const file = (f: string | Uint8Array) => (typeof f === 'string' ? onPage(f) : f);
    out.model = { ...model, encoder: file(model.encoder), decoder: file(model.decoder) };
  }
  if (learned?.wasmPaths) {
    const paths = learned.wasmPaths;
    out.learned = {
      ...learned,
      wasmPaths:
        typeof paths === 'string' ? onPage(paths) : { mjs: onPage(paths.mjs), wasm: onPage(paths.wasm) },
    };
  }
  return out;
}

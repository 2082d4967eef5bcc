/// <reference lib="webworker" />
import { loadWebRuntime } from '../../learned/onnx-web-runtime';
import { provideOnnxRuntime } from '../learned-model';
import './engine.worker';

// `segmask/learned-webgpu-worker`: `segmask/learned-worker` with onnxruntime-web's WebGPU build
// too, for browsers with a GPU (README, "WebGPU"). Its own entry: a bundler emits that build's
// WebAssembly (29 MB) for any worker that imports it, used or not, so only apps that choose it
// carry it. Each build is loaded only where it runs.
provideOnnxRuntime((options) =>
  loadWebRuntime(
    { wasm: () => import('onnxruntime-web/wasm'), webgpu: () => import('onnxruntime-web/webgpu') },
    options,
  ),
);

/// <reference lib="webworker" />
import { loadWebRuntime } from '../../learned/onnx-web-runtime';
import { provideOnnxRuntime } from '../learned-model';
import './engine.worker';

// `segmask/learned-worker`: the engine's Web Worker with the learned tier's runtime, for an app
// that installed onnxruntime-web to bundle as its own worker (README, "The learned tier in
// browsers"). This literal import is what puts the runtime into that bundle, loaded when the
// model starts loading; the default worker has none, so apps without it build.
provideOnnxRuntime((options) => loadWebRuntime({ wasm: () => import('onnxruntime-web/wasm') }, options));

/// <reference lib="webworker" />
import { provideDetectorPackages } from '../../grounding/detector-packages';
import './engine.worker';

// `segmask/engine-worker`: the engine's Web Worker with the optional detector, for an app that
// installed it to bundle as its own worker (README, "The detector is optional"). The literal
// imports below are what put the detector's packages into that bundle; the default worker
// (engine.worker.ts) has none, so apps without the detector build.
provideDetectorPackages({
  tf: () => import('@tensorflow/tfjs-core'),
  converter: () => import('@tensorflow/tfjs-converter'),
  wasm: () => import('@tensorflow/tfjs-backend-wasm'),
});

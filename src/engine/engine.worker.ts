/// <reference lib="webworker" />
import { provideDetectorPackages } from './grounding/detector-packages';
import './default.worker';

// `segmask/engine-worker`: the engine's Web Worker with the optional detector, for an app that
// installed it to bundle as its own worker (README, "The detector is optional"). The literal
// imports below are what put the detector's packages into that bundle.
provideDetectorPackages({
  tf: () => import('@tensorflow/tfjs-core'),
  converter: () => import('@tensorflow/tfjs-converter'),
  wasm: () => import('@tensorflow/tfjs-backend-wasm'),
});

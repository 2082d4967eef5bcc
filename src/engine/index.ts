/**
 * `segmask/engine`: the offline engine. Segments with no key and no network, speaking the same
 * event stream as Moondream's `/segment`.
 */
export { createLocalSegmenter } from './runtime/create-local-segmenter';
export type { LocalSegmenterOptions, EngineOptions, LearnedOptions } from './runtime/engine-options';
export type { SamModelFiles, ModelChoice } from './learned/model-files';
export type { OrtWasmPaths } from './learned/onnx-web-runtime';
export {
  runSegmentation,
  promptFromRefs,
  type EngineTuning,
  type EnginePrompt,
} from './algorithm/run-segmentation';
export { COCO_CLASSES, type CocoClass } from './grounding/coco-classes';
export { cocoClassOf } from './grounding/coco-class-of';
export { LOW_GROUNDING_SCORE } from '../protocol/metrics';
export type { DetectorOptions } from './grounding/object-detector';

/**
 * `segmask/engine`: the offline engine. Segments with no key and no network, speaking the same
 * event stream as Moondream's `/segment`.
 */
export { createLocalSegmenter, type LocalSegmenterOptions } from './local-segmenter';
export { runSegmentation, promptFromRefs, type EngineTuning, type EnginePrompt } from './run-segmentation';

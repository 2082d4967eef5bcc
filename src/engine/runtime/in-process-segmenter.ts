import { BOX_SHRINKS } from '../learned/box-hypotheses';
import { SegmentError } from '../../protocol/errors';
import { defineSegmenter } from '../../protocol/define-segmenter';
import type {
  ImageSource,
  Pixels,
  PrepareOptions,
  SegmentEvent,
  SegmentRequest,
  Segmenter,
  SegmenterCapabilities,
} from '../../protocol/types';
import { promptFromRefs, type EnginePrompt } from '../algorithm/run-segmentation';
import { createEmbeddingStore } from '../learned/embedding-store';
import { createLogitsCache } from '../learned/logits-cache';
import { learnedModel } from './learned-model';
import { graphCutEvents, throwIfAborted } from './graph-cut-stages';
import { learnedEvents, type LearnedTier } from './learned-stream';
import { cocoClassOf } from '../grounding/coco-class-of';
import { groundPrompt, wantsGrounding } from '../grounding/ground-prompt';
import { decodedPixels, imageKeyOf } from './decoded-image-cache';
import { loadDetector } from './detector-cache';
import { detectOnce } from './detections-cache';
import { DEFAULT_MAX_PIXELS } from '../../image/pixel-limit';
import { DEFAULT_EMBEDDING_CACHE_BYTES, ENGINE_CAPABILITIES, type EngineOptions } from './engine-options';

/** The prompt with the named object's box from the detector, when the request needs one. */
async function groundedPrompt(
  options: EngineOptions,
  object: string,
  prompt: EnginePrompt,
  pixels: Pixels,
): Promise<EnginePrompt> {
  if (prompt.previous) return prompt; // a correction starts from the previous answer: nothing to ground
  if (options.detector !== false && wantsGrounding(object, prompt)) {
    try {
      return await groundPrompt(pixels, object, prompt, async () =>
        detectOnce(await loadDetector(options.detector || {})),
      );
    } catch (error) {
      if (prompt.points.length === 0) throw error; // points can do without the detector; a name alone cannot
      return prompt;
    }
  }
  if (prompt.boxes.length === 0 && prompt.points.length === 0) {
    throw new SegmentError(
      'ungrounded',
      cocoClassOf(object)
        ? 'Text grounding is off here (detector: false): add a point or a box.'
        : `The offline engine cannot find "${object}" by name (it knows the 80 COCO classes, such as person, cat, cup or car): add a point or a box.`,
      { param: 'object' },
    );
  }
  return prompt;
}

/** The algorithm's prompt: include refs, exclude points, and the previous answer when refining. */
function promptOf(request: SegmentRequest): EnginePrompt {
  const prompt = promptFromRefs(request.spatialRefs ?? []);
  prompt.negatives = (request.negativeRefs ?? []).map(([x, y]) => [x, y]);
  if (request.previous) prompt.previous = request.previous;
  return prompt;
}

/** The learned tier's per-thread state for these options, or null for the graph cut alone. */
function learnedTierOf(options: EngineOptions): LearnedTier | null {
  const choice = options.model ?? 'auto';
  if (choice === false) return null;
  const model = learnedModel(choice, options.learned);
  const tier: LearnedTier = {
    model,
    required: choice !== 'auto' && !(typeof choice === 'object' && choice.fallback),
    embeddings: createEmbeddingStore(
      async (image) => (await model).encode(image),
      options.learned?.embeddingCacheBytes ?? DEFAULT_EMBEDDING_CACHE_BYTES,
      model,
    ),
    logits: createLogitsCache(),
    outline: options.learned?.outline ?? {},
    graphCutGuide: options.learned?.graphCutGuide ?? false,
    boxShrinks: options.learned?.boxShrinks ?? BOX_SHRINKS,
    floodClicks: options.learned?.floodClicks ?? true,
    weighInstances: options.learned?.weighInstances ?? true,
  };
  model.catch(() => failedModels.add(tier));
  return tier;
}

/**
 * The engine in this thread (Node, a worker's inside, tests): decode (cached), ground a name,
 * then the learned tier (with the graph cut as its first answer and fallback) or the graph cut
 * alone, taking a turn between events so a cancel, a render or another request can run. The
 * model starts loading here, when the engine starts, not at the first request.
 */
export function createInProcessSegmenter(options: EngineOptions): Segmenter {
  const tier = learnedTierOf(options);
  const maxPixels = options.maxPixels ?? DEFAULT_MAX_PIXELS;
  async function* stream(request: SegmentRequest): AsyncGenerator<SegmentEvent, void, undefined> {
    const { signal } = request;
    throwIfAborted(signal);
    const pixels = await decodedPixels(request.image, maxPixels, signal);
    throwIfAborted(signal);
    const prompt = await groundedPrompt(options, request.object, promptOf(request), pixels);
    throwIfAborted(signal);
    // A model still loading does not hold the answer: the learned stream answers with the graph
    // cut first, and with the graph cut alone if the model then fails (unless it is required).
    if (!tier || modelFailedAlready(tier)) {
      yield* graphCutEvents(pixels, prompt, options.tuning, signal);
      return;
    }
    yield* learnedEvents(tier, { pixels, key: imageKeyOf(request.image) }, prompt, options.tuning, signal);
  }
  async function prepare(image: ImageSource, { signal }: PrepareOptions = {}): Promise<void> {
    throwIfAborted(signal);
    const pixels = await decodedPixels(image, maxPixels, signal);
    if (!tier || (await modelFailed(tier))) return; // the graph cut needs the pixels alone
    await tier.embeddings.get(imageKeyOf(image), pixels, signal);
  }
  async function capabilities(): Promise<SegmenterCapabilities> {
    if (!tier) return { ...ENGINE_CAPABILITIES, engine: { tier: 'graph-cut' } };
    const model = await tier.model.catch((error: unknown) => {
      if (tier.required) throw error;
      return null;
    });
    return {
      ...ENGINE_CAPABILITIES,
      engine: model ? { tier: 'learned', model: model.name, device: model.device } : { tier: 'graph-cut' },
    };
  }
  return defineSegmenter({
    stream,
    prepare,
    capabilities,
    knownCapabilities: ENGINE_CAPABILITIES,
    dispose: () => {},
  });
}

/** Per tier: set once its model has failed to load. */
const failedModels = new WeakSet<LearnedTier>();

/** Whether the model is known to have failed (without waiting for a load still running). */
function modelFailedAlready(tier: LearnedTier): boolean {
  return !tier.required && failedModels.has(tier);
}

/** Whether the model failed to load and the graph cut should answer (never when it was asked for by name). */
async function modelFailed(tier: LearnedTier): Promise<boolean> {
  if (tier.required) return false;
  return tier.model.then(
    () => false,
    () => true,
  );
}

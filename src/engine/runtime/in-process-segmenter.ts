import { SegmentError, abortedError } from '../../protocol/errors';
import { defineSegmenter } from '../../protocol/define-segmenter';
import type { Pixels, SegmentEvent, SegmentRequest, Segmenter } from '../../protocol/types';
import { promptFromRefs, runSegmentation, type EnginePrompt } from '../algorithm/run-segmentation';
import { cocoClassOf } from '../grounding/coco-class-of';
import { groundPrompt, wantsGrounding } from '../grounding/ground-prompt';
import { decodedPixels } from './decoded-image-cache';
import { loadDetector } from './detector-cache';
import { DEFAULT_MAX_PIXELS } from '../../image/pixel-limit';
import { ENGINE_CAPABILITIES, type EngineOptions } from './engine-options';
import { nextTurn } from './next-turn';

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw abortedError(signal.reason);
}

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
      return await groundPrompt(pixels, object, prompt, () => loadDetector(options.detector || {}));
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

/**
 * The engine in this thread (Node, a worker's inside, tests): decode (cached), ground a name,
 * then the algorithm's stages, taking a turn between events so a cancel, a render or another
 * request can run. Holds nothing of its own, so `dispose()` has nothing to end.
 */
export function createInProcessSegmenter(options: EngineOptions): Segmenter {
  async function* stream(request: SegmentRequest): AsyncGenerator<SegmentEvent, void, undefined> {
    const { signal } = request;
    throwIfAborted(signal);
    const pixels = await decodedPixels(request.image, options.maxPixels ?? DEFAULT_MAX_PIXELS, signal);
    throwIfAborted(signal);
    const prompt = await groundedPrompt(options, request.object, promptOf(request), pixels);
    throwIfAborted(signal);
    for (const event of runSegmentation(pixels, prompt, options.tuning)) {
      throwIfAborted(signal);
      yield event;
      await nextTurn();
    }
  }
  return defineSegmenter({ stream, capabilities: async () => ENGINE_CAPABILITIES, dispose: () => {} });
}

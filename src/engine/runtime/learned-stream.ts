import { SegmentError, abortedError } from '../../protocol/errors';
import type { Bbox, FinalEvent, Pixels, SegmentEvent } from '../../protocol/types';
import { runSegmentation, type EnginePrompt, type EngineTuning } from '../algorithm/run-segmentation';
import { promptBox } from '../algorithm/engine-prompt';
import { ringsToCoarseChunks, ringsToRefinedPath } from '../algorithm/vectorize';
import type { EmbeddingStore } from '../learned/embedding-store';
import type { createLogitsCache } from '../learned/logits-cache';
import { coarseOutline, fineOutline, logitsToMask, type OutlineTuning } from '../learned/logits-outline';
import { logitsOfAnswer } from '../learned/low-res-grid';
import { samPromptOf } from '../learned/sam-prompt';
import type { SamModel } from '../learned/sam-model';
import { nextTurn } from './next-turn';

export const GRAPH_CUT = 'graph-cut';

/** What one engine thread keeps for the learned tier. */
export interface LearnedTier {
  model: Promise<SamModel>;
  /** Whether the model was asked for by name (its failure is an error, not the graph cut). */
  required: boolean;
  embeddings: EmbeddingStore;
  logits: ReturnType<typeof createLogitsCache>;
  outline: OutlineTuning;
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw abortedError(signal.reason);
}

const round1 = (ms: number) => Math.round(ms * 10) / 10;

/** The graph cut's stream, tagged with its tier. */
export async function* graphCutEvents(
  pixels: Pixels,
  prompt: EnginePrompt,
  tuning: EngineTuning | undefined,
  signal: AbortSignal | undefined,
): AsyncGenerator<SegmentEvent, void, undefined> {
  for (const event of runSegmentation(pixels, prompt, tuning)) {
    throwIfAborted(signal);
    yield event.type === 'final' ? { ...event, engine: GRAPH_CUT } : event;
    await nextTurn();
  }
}

/**
 * The learned tier's answer, with the graph cut as its instant first answer and its fallback.
 * On a prepared image (its embedding cached) it is one decoder pass: bbox, the model's coarse
 * outline, the refined final. Otherwise the graph cut streams its box and coarse outline, the
 * image is encoded, and the model's answer is the final; if the model cannot answer, the graph
 * cut's final stands (unless the model was asked for by name).
 */
export async function* learnedEvents(
  tier: LearnedTier,
  image: { pixels: Pixels; key: string },
  prompt: EnginePrompt,
  graphTuning: EngineTuning | undefined,
  signal: AbortSignal | undefined,
): AsyncGenerator<SegmentEvent, void, undefined> {
  const t0 = performance.now();
  const { pixels, key } = image;
  let sentBox: Bbox | null = null;
  let sentCoarse = false;
  let fallback: FinalEvent | undefined;
  let graphError: unknown;
  // The encoder holds this thread while it runs (onnxruntime's run is not off-thread in Node), so
  // the graph cut answers first, then the image is encoded.
  if (!tier.embeddings.ready(key)) {
    try {
      for (const event of runSegmentation(pixels, prompt, graphTuning)) {
        throwIfAborted(signal);
        if (event.type === 'final') {
          fallback = { ...event, engine: GRAPH_CUT };
          break;
        }
        if (event.type === 'bbox') sentBox = event.bbox;
        else sentCoarse = true;
        yield event;
        await nextTurn();
      }
    } catch (error) {
      if (error instanceof SegmentError && error.code === 'aborted') throw error;
      graphError = error; // the model may still find it
    }
  }
  const given = promptBox(prompt);
  if (!sentBox && given && !prompt.previous) {
    yield { type: 'bbox', bbox: given }; // the box at once, as the graph cut does
    sentBox = given;
  }
  const embedding = tier.embeddings.get(key, pixels, signal);
  let model: SamModel;
  let decoderMs: number;
  let decoding: Awaited<ReturnType<SamModel['decode']>>;
  const maskInput = prompt.previous
    ? (tier.logits.get(key, prompt.previous.path) ??
      logitsOfAnswer(prompt.previous, pixels.width, pixels.height))
    : null;
  try {
    const ready = await embedding;
    model = await tier.model;
    throwIfAborted(signal);
    const decodeStart = performance.now();
    decoding = await model.decode(ready, samPromptOf(prompt, pixels, maskInput));
    decoderMs = performance.now() - decodeStart;
  } catch (error) {
    if (error instanceof SegmentError && error.code === 'aborted') throw error;
    if (tier.required) throw error;
    if (fallback) return yield fallback;
    throw graphError ?? error;
  }
  throwIfAborted(signal);
  const negatives = prompt.negatives ?? [];
  const mask = logitsToMask(
    decoding.lowRes,
    pixels.width,
    pixels.height,
    { includes: prompt.points, excludes: negatives },
    tier.outline.workingSize ?? 512,
  );
  const outline = mask && fineOutline(mask, tier.outline);
  if (!mask || !outline?.bbox) {
    if (fallback && !prompt.previous) return yield fallback;
    throw new SegmentError(
      'ungrounded',
      prompt.previous && negatives.length > 0
        ? 'The exclude clicks leave nothing of the object: undo one, or add an include click.'
        : 'No object found there: draw a box around it, or click on it.',
    );
  }
  const bbox = outline.bbox;
  if (!sentBox) {
    yield { type: 'bbox', bbox };
    sentBox = bbox;
  }
  if (!sentCoarse && !prompt.previous) {
    let token = 0;
    for (const chunk of ringsToCoarseChunks(coarseOutline(mask, tier.outline), sentBox))
      yield { type: 'path_delta', chunk, tokenIndex: token++ };
  }
  const path = ringsToRefinedPath(outline.rings, bbox);
  tier.logits.set(key, path, decoding.lowRes);
  const metrics: Record<string, number> = {
    segmentTimeMs: round1(performance.now() - t0),
    // The decoder's pass alone: the rest of a prepared click is the outline and the transfer.
    decoderTimeMs: round1(decoderMs),
    predictedIou: Math.round(decoding.iou * 1000) / 1000,
  };
  if (prompt.groundingScore !== undefined) metrics.groundingScore = prompt.groundingScore;
  yield { type: 'final', path, bbox, finishReason: 'stop', metrics, engine: `learned:${model.name}` };
}

import { SegmentError } from '../../protocol/errors';
import type { Bbox, FinalEvent, Pixels, SegmentEvent } from '../../protocol/types';
import type { EnginePrompt, EngineTuning } from '../algorithm/run-segmentation';
import { promptBox, type GroundedInstance } from '../algorithm/engine-prompt';
import { ringsToCoarseChunks, ringsToRefinedPath } from '../algorithm/vectorize';
import type { EmbeddingStore } from '../learned/embedding-store';
import type { createLogitsCache } from '../learned/logits-cache';
import {
  coarseOutline,
  fineOutline,
  logitsToMask,
  type LogitsMask,
  type OutlineTuning,
} from '../learned/logits-outline';
import { logitsOfAnswer } from '../learned/low-res-grid';
import { samPromptOf } from '../learned/sam-prompt';
import { shrunkBox } from '../learned/box-hypotheses';
import type { SamModel } from '../learned/sam-model';
import { GRAPH_CUT, graphCutFinal, graphCutFirst, throwIfAborted, type Sent } from './graph-cut-stages';

/** What one engine thread keeps for the learned tier. */
export interface LearnedTier {
  model: Promise<SamModel>;
  /** Whether the model was asked for by name (its failure is an error, not the graph cut). */
  required: boolean;
  embeddings: EmbeddingStore;
  logits: ReturnType<typeof createLogitsCache>;
  outline: OutlineTuning;
  /** Points without a box get the graph cut's box around them (`cutGuideOf`). */
  graphCutGuide: boolean;
  /** A box's further hypotheses, shrunk by these fractions of its sides (`BOX_SHRINKS`). */
  boxShrinks: readonly number[];
  /** The clicks the model's mask contradicts are flooded back (`floodContradictedClicks`). */
  floodClicks: boolean;
  /** A name alone weighs its most prominent instances with the decoder (`instancesOf`). */
  weighInstances: boolean;
}

const round1 = (ms: number) => Math.round(ms * 10) / 10;

/**
 * Whether the graph cut's answer guides the model's first answer (`learned.graphCutGuide`, off by
 * default): points without a box are decoded with the cut's box around them. It settles SAM's
 * doubt between a part and the whole where the cut finds the whole (dev's large single objects),
 * and misleads it where the cut spills into the background (tuning's everyday photos); tuning
 * decided (docs/benchmarks.md). Boxes go to the model alone: the cut's mask as the decoder's mask
 * input and the cut's box in place of the user's lost on tuning too.
 */
function cutGuideOf(tier: LearnedTier, prompt: EnginePrompt): boolean {
  return tier.graphCutGuide && !prompt.previous && prompt.boxes.length === 0 && prompt.points.length > 0;
}

/**
 * Whether a first answer to a drawn box weighs shrunk copies of it: one decoder pass each, the
 * decoder's IoU estimate picking (`BOX_SHRINKS`). Not for corrections (the previous answer's
 * logits carry the object), nor the detector's box: for points and names it measured the same
 * with and without (docs/benchmarks.md), so a click stays one pass.
 */
function hypothesesOf(tier: LearnedTier, prompt: EnginePrompt): Bbox[] {
  const drawn = !prompt.previous && prompt.boxes.length > 0 && prompt.groundingScore === undefined;
  const box = drawn ? promptBox({ ...prompt, points: [] }) : null;
  return box ? tier.boxShrinks.map((fraction) => shrunkBox(box, fraction)) : [];
}

/**
 * The instances a name alone is decoded at (`weighInstances`): the detector's two most prominent,
 * one decoder pass each; prominence (score × √area) × the decoder's IoU estimate picks, so the
 * estimate decides between instances of near prominence (measured in docs/benchmarks.md).
 */
function instancesOf(tier: LearnedTier, prompt: EnginePrompt): GroundedInstance[] {
  const instances = tier.weighInstances && !prompt.previous ? (prompt.groundingInstances ?? []) : [];
  return instances.length > 1 ? instances : [];
}

type Decoding = Awaited<ReturnType<SamModel['decode']>>;

/** The decoder's answer as a cleaned mask on a working crop, or null when nothing is positive. */
function maskOf(tier: LearnedTier, lowRes: Float32Array, pixels: Pixels, prompt: EnginePrompt) {
  return logitsToMask(
    lowRes,
    pixels.width,
    pixels.height,
    { includes: prompt.points, excludes: prompt.negatives ?? [] },
    tier.outline.workingSize ?? 512,
    tier.floodClicks,
  );
}

/** A mask's box (unless one was sent) and coarse outline (unless one was sent), as stream events. */
function* earlyStages(
  mask: LogitsMask,
  tier: LearnedTier,
  sent: Sent,
  outlineBox?: Bbox,
): Generator<SegmentEvent> {
  const frame = sent.box ?? outlineBox ?? fineOutline(mask, tier.outline).bbox;
  if (!frame) return;
  if (!sent.box) yield { type: 'bbox', bbox: frame };
  sent.box = frame;
  if (sent.coarse) return;
  let token = 0;
  for (const chunk of ringsToCoarseChunks(coarseOutline(mask, tier.outline), frame))
    yield { type: 'path_delta', chunk, tokenIndex: token++ };
  sent.coarse = true;
}

/** The decoder's prompt once the graph cut's answer is known (`cutGuideOf`). */
function guidedPrompt(tier: LearnedTier, prompt: EnginePrompt, cut: FinalEvent | undefined): EnginePrompt {
  return cutGuideOf(tier, prompt) && cut?.bbox ? { ...prompt, boxes: [cut.bbox] } : prompt;
}

/**
 * The learned tier's answer, with the graph cut as its instant first answer and its fallback.
 * On a cold image the graph cut streams its box and coarse outline while the image is encoded;
 * on a prepared one the model's answer is one decoder pass, or two where the graph cut guides it
 * (`cutGuideOf`: the plain answer streams as the coarse outline first), or one per box hypothesis
 * (`hypothesesOf`: the box as drawn streams first); a correction is one decoder pass from the
 * previous answer's logits. If the model cannot answer, the graph cut's final stands (unless the
 * model was asked for by name). One piece: its stages share what was sent and the fallback.
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
  const sent: Sent = { box: null, coarse: false };
  let first: { fallback?: FinalEvent; error?: unknown } = {};
  if (!tier.embeddings.ready(key)) first = yield* graphCutFirst(pixels, prompt, graphTuning, signal, sent);
  let fallback = first.fallback;
  const given = promptBox(prompt);
  if (!sent.box && given && !prompt.previous) {
    yield { type: 'bbox', bbox: given }; // the box at once, as the graph cut does
    sent.box = given;
  }
  const embedding = tier.embeddings.get(key, pixels, signal);
  let model: SamModel;
  let decoderMs = 0;
  let decoderPasses = 0;
  let decoding: Decoding | undefined;
  let groundingScore = prompt.groundingScore;
  const previousLogits = prompt.previous
    ? (tier.logits.get(key, prompt.previous.path) ??
      logitsOfAnswer(prompt.previous, pixels.width, pixels.height))
    : null;
  try {
    const ready = await embedding;
    const loaded = (model = await tier.model);
    throwIfAborted(signal);
    const decode = async (decoderPrompt: EnginePrompt, input: Float32Array | null) => {
      const start = performance.now();
      const answer = await loaded.decode(ready, samPromptOf(decoderPrompt, pixels, input));
      decoderMs += performance.now() - start;
      decoderPasses++;
      return answer;
    };
    if (cutGuideOf(tier, prompt) && !fallback) {
      // A prepared image: the model's plain answer first (one decoder pass), then the cut's.
      const plain = await decode(prompt, null);
      throwIfAborted(signal);
      const plainMask = maskOf(tier, plain.lowRes, pixels, prompt);
      if (plainMask) yield* earlyStages(plainMask, tier, sent);
      const cut = await graphCutFinal(pixels, prompt, graphTuning, signal);
      if (cut) fallback = { ...cut, engine: GRAPH_CUT };
      else decoding = plain;
    }
    const instances = instancesOf(tier, prompt);
    if (instances.length > 0 && !decoding) {
      let weight = -Infinity;
      for (const instance of instances) {
        throwIfAborted(signal);
        const answer = await decode({ ...prompt, boxes: [instance.box] }, null);
        if (!decoding) {
          // The most prominent instance streams as the coarse outline; another may replace it.
          const firstMask = maskOf(tier, answer.lowRes, pixels, prompt);
          if (firstMask) yield* earlyStages(firstMask, tier, sent);
        }
        if (answer.iou * instance.prominence > weight) {
          weight = answer.iou * instance.prominence;
          decoding = answer;
          groundingScore = instance.score;
        }
      }
    }
    const hypotheses = hypothesesOf(tier, prompt);
    if (hypotheses.length > 0 && !decoding) {
      // The box as drawn streams as the coarse outline; its shrunk copies may replace it.
      decoding = await decode(prompt, null);
      const drawnMask = maskOf(tier, decoding.lowRes, pixels, prompt);
      if (drawnMask) yield* earlyStages(drawnMask, tier, sent);
      for (const box of hypotheses) {
        throwIfAborted(signal);
        const answer = await decode({ ...prompt, boxes: [box] }, null);
        if (answer.iou > decoding.iou) decoding = answer;
      }
    }
    decoding ??= await decode(guidedPrompt(tier, prompt, fallback), previousLogits);
  } catch (error) {
    if (error instanceof SegmentError && error.code === 'aborted') throw error;
    if (tier.required) throw error;
    if (fallback) return yield fallback;
    throw first.error ?? error;
  }
  throwIfAborted(signal);
  const mask = maskOf(tier, decoding.lowRes, pixels, prompt);
  const outline = mask && fineOutline(mask, tier.outline);
  if (!mask || !outline?.bbox) {
    if (fallback && !prompt.previous) return yield fallback;
    throw new SegmentError(
      'ungrounded',
      prompt.previous && (prompt.negatives ?? []).length > 0
        ? 'The exclude clicks leave nothing of the object: undo one, or add an include click.'
        : 'No object found there: draw a box around it, or click on it.',
    );
  }
  if (prompt.previous) sent.coarse = true; // a correction goes from the previous answer to the final
  yield* earlyStages(mask, tier, sent, outline.bbox);
  const bbox = outline.bbox;
  const path = ringsToRefinedPath(outline.rings, bbox);
  tier.logits.set(key, path, decoding.lowRes);
  const metrics: Record<string, number> = {
    segmentTimeMs: round1(performance.now() - t0),
    // Every decoder pass of this answer: the rest of a prepared click is the outline (and the cut where it guides).
    decoderTimeMs: round1(decoderMs),
    decoderPasses,
    predictedIou: Math.round(decoding.iou * 1000) / 1000,
  };
  if (groundingScore !== undefined) metrics.groundingScore = groundingScore;
  yield { type: 'final', path, bbox, finishReason: 'stop', metrics, engine: `learned:${model.name}` };
}

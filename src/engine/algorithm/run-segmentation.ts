import { SegmentError } from '../../protocol/errors';
import type { Bbox, Pixels, SegmentEvent } from '../../protocol/types';
import { resizePixels } from '../../image/pixels';
import { refineSegmentation, type CorrectionOptions } from './refine-segmentation';
import { segmentRegion } from './segment-region';
import { maskToRings, ringsBbox, ringsToCoarseChunks, ringsToRefinedPath, type CropFrame } from './vectorize';
import { clamp01 } from '../../util/clamp01';
import { pointsRegion, promptBox, type EnginePrompt } from './engine-prompt';

export { promptFromRefs, type EnginePrompt } from './engine-prompt';

export interface EngineTuning {
  /** Longest side of the working crop, in pixels. Default 200. */
  workingSize?: number;
  /** Graph-cut rounds. Default 4. */
  iterations?: number;
  /** Outline tolerance of the coarse stream, in working pixels. Default 1.5. */
  coarseTolerance?: number;
  /** Outline tolerance of the refined path, in working pixels. Default 0.4. */
  fineTolerance?: number;
  /**
   * Points alone: how far around them (image fractions) the object is looked for. Default 0.4:
   * far enough for most objects, near enough that the background model stays local.
   */
  pointReach?: number;
  /** Corrections (requests with a previous answer); see refine-segmentation.ts. */
  correction?: CorrectionOptions;
}

interface Stage {
  frame: CropFrame;
  /** The search box in working pixels. */
  workBox: [number, number, number, number];
  rounds: Generator<Uint8Array, Uint8Array, undefined>;
}

/**
 * The working crop around `box` (with a 25% margin, Moondream's refiner crop) at most
 * `workingSize` pixels on its long side, and the segmentation rounds on it.
 */
function prepareStage(
  image: Pixels,
  box: Bbox,
  prompt: EnginePrompt,
  tuning: EngineTuning,
  searchRegion: boolean,
): Stage {
  const { width: W, height: H } = image;
  const mx = Math.max((box.xMax - box.xMin) * 0.25, 0.03);
  const my = Math.max((box.yMax - box.yMin) * 0.25, 0.03);
  const x0 = Math.floor(clamp01(box.xMin - mx) * W),
    y0 = Math.floor(clamp01(box.yMin - my) * H);
  const x1 = Math.ceil(clamp01(box.xMax + mx) * W),
    y1 = Math.ceil(clamp01(box.yMax + my) * H);
  const rect = { x: x0, y: y0, width: Math.max(1, x1 - x0), height: Math.max(1, y1 - y0) };
  const size = tuning.workingSize ?? 200;
  const scale = Math.min(1, size / Math.max(rect.width, rect.height));
  const ww = Math.max(2, Math.round(rect.width * scale));
  const wh = Math.max(2, Math.round(rect.height * scale));
  const work = resizePixels(image, ww, wh, rect);
  const frame: CropFrame = { ...rect, workWidth: ww, workHeight: wh, imageWidth: W, imageHeight: H };
  const toWork = (x: number, y: number): [number, number] => [
    ((x * W - rect.x) / rect.width) * ww,
    ((y * H - rect.y) / rect.height) * wh,
  ];
  const workBox = [...toWork(box.xMin, box.yMin), ...toWork(box.xMax, box.yMax)] as [
    number,
    number,
    number,
    number,
  ];
  // Specks and holes under 0.15% of the image (Moondream's refiner), in working pixels.
  const minArea = Math.max(4, (0.0015 * W * H * ww * wh) / (rect.width * rect.height));
  const rounds = segmentRegion({
    rgba: work.data,
    width: ww,
    height: wh,
    box: workBox,
    searchRegion,
    points: prompt.points.map(([x, y]) => toWork(x, y)),
    excludes: (prompt.negatives ?? []).map(([x, y]) => toWork(x, y)),
    iterations: tuning.iterations ?? 4,
    minArea,
  });
  return { frame, workBox, rounds };
}

// An object covering more than this share of a search edge goes on past it, so the region grows;
// less is an object that merely touches the edge.
const EDGE = 0.2;

/** Whether a mask runs along an edge of the search box that is not the image's edge. */
function touchesRegionEdge(mask: Uint8Array, { frame, workBox }: Stage): boolean {
  const w = frame.workWidth,
    h = frame.workHeight;
  const [bx0, by0, bx1, by1] = workBox.map(Math.round) as [number, number, number, number];
  const atImageEdge = {
    left: frame.x === 0 && bx0 <= 1,
    top: frame.y === 0 && by0 <= 1,
    right: frame.x + frame.width >= frame.imageWidth && bx1 >= w - 1,
    bottom: frame.y + frame.height >= frame.imageHeight && by1 >= h - 1,
  };
  const column = (x: number) => {
    let c = 0;
    for (let y = Math.max(0, by0); y < Math.min(h, by1); y++) c += mask[y * w + x]!;
    return c;
  };
  const row = (y: number) => {
    let c = 0;
    for (let x = Math.max(0, bx0); x < Math.min(w, bx1); x++) c += mask[y * w + x]!;
    return c;
  };
  const limitX = EDGE * (by1 - by0),
    limitY = EDGE * (bx1 - bx0);
  return (
    (!atImageEdge.left && column(Math.min(w - 1, Math.max(0, bx0))) > limitX) ||
    (!atImageEdge.right && column(Math.min(w - 1, Math.max(0, bx1 - 1))) > limitX) ||
    (!atImageEdge.top && row(Math.min(h - 1, Math.max(0, by0))) > limitY) ||
    (!atImageEdge.bottom && row(Math.min(h - 1, Math.max(0, by1 - 1))) > limitY)
  );
}

/**
 * The engine's two stages as protocol events: `bbox` (at once when a box is known), the coarse
 * outline as `path_delta` chunks relative to that box, then `final` with the refined path
 * relative to the box recomputed from the refined mask. A sync generator: each event can be
 * sent before the next stage's work starts.
 */
export function* runSegmentation(
  image: Pixels,
  prompt: EnginePrompt,
  tuning: EngineTuning = {},
): Generator<SegmentEvent, void, undefined> {
  if (prompt.previous) {
    const { previous, negatives = [] } = prompt;
    yield* refineSegmentation(image, { ...prompt, negatives, previous }, tuning.correction);
    return;
  }
  const t0 = performance.now();
  const given = promptBox(prompt);
  if (!given && prompt.points.length === 0) {
    throw new SegmentError(
      'ungrounded',
      'The engine needs to know where the object is: add a point or a box.',
    );
  }
  if (given) yield { type: 'bbox', bbox: given };
  // Points alone (nothing grounded them): search a region around them as if it were a loose
  // box, grown while the object's first cut runs into its edge. The bbox event waits for the
  // coarse mask, since the region is not the object's box.
  let reach = tuning.pointReach ?? 0.4;
  let stage = prepareStage(image, given ?? pointsRegion(prompt.points, reach), prompt, tuning, !given);
  let step = stage.rounds.next();
  while (!given && !step.done && reach < 1 && touchesRegionEdge(step.value, stage)) {
    reach = Math.min(1, reach * 1.75);
    stage = prepareStage(image, pointsRegion(prompt.points, reach), prompt, tuning, true);
    step = stage.rounds.next();
  }
  const { frame, rounds } = stage;
  let coarseBox: Bbox | null = given;
  let coarseRings: Float64Array[] = [];
  if (!step.done) {
    coarseRings = maskToRings(step.value, frame, tuning.coarseTolerance ?? 1.5);
    if (!coarseBox) {
      coarseBox = ringsBbox(coarseRings);
      if (coarseBox) yield { type: 'bbox', bbox: coarseBox };
    }
    if (coarseBox) {
      let token = 0;
      for (const chunk of ringsToCoarseChunks(coarseRings, coarseBox))
        yield { type: 'path_delta', chunk, tokenIndex: token++ };
    }
    step = rounds.next();
  }
  const refinedMask = step.value as Uint8Array;
  let rings = maskToRings(refinedMask, frame, tuning.fineTolerance ?? 0.4);
  let finalBox = ringsBbox(rings);
  if (!finalBox) {
    // Refinement found nothing: the coarse result is the final one (as Moondream does).
    rings = coarseRings;
    finalBox = ringsBbox(rings);
  }
  if (!finalBox) {
    throw new SegmentError(
      'ungrounded',
      given
        ? 'No object found in the box: draw it around the object, or add a point on it.'
        : 'No object found at the points: add a box around it.',
    );
  }
  if (!coarseBox) yield { type: 'bbox', bbox: finalBox };
  const metrics: Record<string, number> = { segmentTimeMs: Math.round((performance.now() - t0) * 10) / 10 };
  if (prompt.groundingScore !== undefined) metrics.groundingScore = prompt.groundingScore;
  yield {
    type: 'final',
    path: ringsToRefinedPath(rings, finalBox),
    bbox: finalBox,
    finishReason: 'stop',
    metrics,
  };
}

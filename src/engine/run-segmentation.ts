import { SegmentError } from '../protocol/errors';
import type { Bbox, Pixels, SegmentEvent, SpatialRef } from '../protocol/types';
import { resizePixels } from '../image/pixels';
import { segmentRegion } from './segment-region';
import { maskToRings, ringsBbox, ringsToCoarseChunks, ringsToRefinedPath, type CropFrame } from './vectorize';

export interface EngineTuning {
  /** Longest side of the working crop, in pixels. Default 200. */
  workingSize?: number;
  /** Graph-cut rounds. Default 4. */
  iterations?: number;
  /** Outline tolerance of the coarse stream, in working pixels. Default 1.5. */
  coarseTolerance?: number;
  /** Outline tolerance of the refined path, in working pixels. Default 0.4. */
  fineTolerance?: number;
}

/** A grounded prompt: where the object is, as the engine needs it. */
export interface EnginePrompt {
  boxes: Bbox[];
  points: [number, number][];
  /** Set when the box came from text grounding. */
  groundingScore?: number;
}

const clamp01 = (v: number) => Math.min(1, Math.max(0, v));

/** Splits spatial refs into boxes and points. */
export function promptFromRefs(refs: readonly SpatialRef[]): EnginePrompt {
  const boxes: Bbox[] = [];
  const points: [number, number][] = [];
  for (const r of refs) {
    if (r.length === 4) boxes.push({ xMin: r[0], yMin: r[1], xMax: r[2], yMax: r[3] });
    else points.push([r[0], r[1]]);
  }
  return { boxes, points };
}

/** The box the object must lie in: the union of the boxes, grown to cover every point. */
function promptBox(prompt: EnginePrompt): Bbox | null {
  if (prompt.boxes.length === 0) return null;
  const b = { ...prompt.boxes[0]! };
  for (const o of prompt.boxes.slice(1)) {
    b.xMin = Math.min(b.xMin, o.xMin); b.yMin = Math.min(b.yMin, o.yMin);
    b.xMax = Math.max(b.xMax, o.xMax); b.yMax = Math.max(b.yMax, o.yMax);
  }
  for (const [x, y] of prompt.points) {
    b.xMin = Math.min(b.xMin, x - 0.01); b.yMin = Math.min(b.yMin, y - 0.01);
    b.xMax = Math.max(b.xMax, x + 0.01); b.yMax = Math.max(b.yMax, y + 0.01);
  }
  return { xMin: clamp01(b.xMin), yMin: clamp01(b.yMin), xMax: clamp01(b.xMax), yMax: clamp01(b.yMax) };
}

/**
 * The engine's two stages as protocol events: `bbox` (at once when a box is known), the coarse
 * outline as `path_delta` chunks relative to that box, then `final` with the refined path
 * relative to the box recomputed from the refined mask. A sync generator: each event can be
 * sent before the next stage's work starts.
 */
export function* runSegmentation(image: Pixels, prompt: EnginePrompt, tuning: EngineTuning = {}): Generator<SegmentEvent, void, undefined> {
  const t0 = performance.now();
  const { width: W, height: H } = image;
  const box = promptBox(prompt);
  if (!box && prompt.points.length === 0) {
    throw new SegmentError('ungrounded', 'The engine needs to know where the object is: add a point or a box.');
  }
  if (box) yield { type: 'bbox', bbox: box };

  // The working crop: the box with a 25% margin (Moondream's refiner crop), or the whole image
  // around points alone.
  let rect: { x: number; y: number; width: number; height: number };
  if (box) {
    const mx = Math.max((box.xMax - box.xMin) * 0.25, 0.03);
    const my = Math.max((box.yMax - box.yMin) * 0.25, 0.03);
    const x0 = Math.floor(clamp01(box.xMin - mx) * W), y0 = Math.floor(clamp01(box.yMin - my) * H);
    const x1 = Math.ceil(clamp01(box.xMax + mx) * W), y1 = Math.ceil(clamp01(box.yMax + my) * H);
    rect = { x: x0, y: y0, width: Math.max(1, x1 - x0), height: Math.max(1, y1 - y0) };
  } else {
    rect = { x: 0, y: 0, width: W, height: H };
  }
  const size = tuning.workingSize ?? 200;
  const scale = Math.min(1, size / Math.max(rect.width, rect.height));
  const ww = Math.max(2, Math.round(rect.width * scale));
  const wh = Math.max(2, Math.round(rect.height * scale));
  const work = resizePixels(image, ww, wh, rect);
  const frame: CropFrame = { ...rect, workWidth: ww, workHeight: wh, imageWidth: W, imageHeight: H };
  const toWork = (x: number, y: number): [number, number] => [((x * W - rect.x) / rect.width) * ww, ((y * H - rect.y) / rect.height) * wh];
  const workBox = box ? ([...toWork(box.xMin, box.yMin), ...toWork(box.xMax, box.yMax)] as [number, number, number, number]) : undefined;
  // Specks and holes under 0.15% of the image (Moondream's refiner), in working pixels.
  const minArea = Math.max(4, (0.0015 * W * H * ww * wh) / (rect.width * rect.height));

  const rounds = segmentRegion({ rgba: work.data, width: ww, height: wh, box: workBox, points: prompt.points.map(([x, y]) => toWork(x, y)), iterations: tuning.iterations ?? 4, minArea });
  let step = rounds.next();
  let coarseBox = box;
  let coarseRings: Float64Array[] = [];
  if (!step.done) {
    coarseRings = maskToRings(step.value, frame, tuning.coarseTolerance ?? 1.5);
    if (!coarseBox) {
      coarseBox = ringsBbox(coarseRings);
      if (coarseBox) yield { type: 'bbox', bbox: coarseBox };
    }
    if (coarseBox) {
      let token = 0;
      for (const chunk of ringsToCoarseChunks(coarseRings, coarseBox)) yield { type: 'path_delta', chunk, tokenIndex: token++ };
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
    throw new SegmentError('ungrounded', box ? 'No object found in the box: draw it around the object, or add a point on it.' : 'No object found at the points: add a box around it.');
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

import type { Bbox, PreviousAnswer, SpatialRef } from '../../protocol/types';
import { clamp01 } from '../../util/clamp01';

/** A grounded prompt: where the object is, as the engine needs it. */
export interface EnginePrompt {
  boxes: Bbox[];
  points: [number, number][];
  /** Exclude points (segmask extension): hard background. */
  negatives?: [number, number][];
  /** The previous answer (segmask extension): the request is a correction of it. */
  previous?: PreviousAnswer;
  /** Set when the box came from text grounding. */
  groundingScore?: number;
  /**
   * A name alone: the detector's most prominent instances of the class, the first being the box
   * in `boxes`. The learned tier may weigh them with the decoder's IoU estimate.
   */
  groundingInstances?: GroundedInstance[];
}

/** One detected instance of a named object: its box (padded), the detector's score, and its prominence. */
export interface GroundedInstance {
  box: Bbox;
  score: number;
  /** Score × √(box area): how prominent the instance is (`ground-prompt.ts`). */
  prominence: number;
}

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

export function pointsRegion(points: readonly [number, number][], reach: number): Bbox {
  const xs = points.map((p) => p[0]),
    ys = points.map((p) => p[1]);
  return {
    xMin: clamp01(Math.min(...xs) - reach),
    yMin: clamp01(Math.min(...ys) - reach),
    xMax: clamp01(Math.max(...xs) + reach),
    yMax: clamp01(Math.max(...ys) + reach),
  };
}

/** The box the object must lie in: the union of the boxes, grown to cover every point. */
export function promptBox(prompt: EnginePrompt): Bbox | null {
  if (prompt.boxes.length === 0) return null;
  const b = { ...prompt.boxes[0]! };
  for (const o of prompt.boxes.slice(1)) {
    b.xMin = Math.min(b.xMin, o.xMin);
    b.yMin = Math.min(b.yMin, o.yMin);
    b.xMax = Math.max(b.xMax, o.xMax);
    b.yMax = Math.max(b.yMax, o.yMax);
  }
  for (const [x, y] of prompt.points) {
    b.xMin = Math.min(b.xMin, x - 0.01);
    b.yMin = Math.min(b.yMin, y - 0.01);
    b.xMax = Math.max(b.xMax, x + 0.01);
    b.yMax = Math.max(b.yMax, y + 0.01);
  }
  return { xMin: clamp01(b.xMin), yMin: clamp01(b.yMin), xMax: clamp01(b.xMax), yMax: clamp01(b.yMax) };
}

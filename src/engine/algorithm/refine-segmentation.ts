import { SegmentError } from '../../protocol/errors';
import type { Bbox, Pixels, PreviousAnswer, SegmentEvent } from '../../protocol/types';
import { rasterizePath } from '../../geometry/rasterize';
import { cropFeatures } from './crop-features';
import { CORRECTION_DEFAULTS, type CorrectionTuning } from './correction-tuning';
import { refineRegion } from './refine-region';
import { maskToRings, ringsBbox, ringsToRefinedPath } from './vectorize';

export interface CorrectionPrompt {
  /** Include boxes (the first is the limit: outside it is background) and points. */
  boxes: readonly Bbox[];
  points: readonly (readonly [number, number])[];
  /** Exclude points. */
  negatives: readonly (readonly [number, number])[];
  previous: PreviousAnswer;
}

export interface CorrectionOptions extends Partial<CorrectionTuning> {
  /** Longest side of the working crop of a correction. Default 256. */
  workingSize?: number;
  /** Outline tolerance of the refined path, in working pixels. Default 0.4. */
  fineTolerance?: number;
}

/** The union of the boxes (the limit the object lies in), or null. */
function unionBox(boxes: readonly Bbox[]): Bbox | null {
  if (boxes.length === 0) return null;
  const u = { ...boxes[0]! };
  for (const b of boxes) {
    u.xMin = Math.min(u.xMin, b.xMin);
    u.yMin = Math.min(u.yMin, b.yMin);
    u.xMax = Math.max(u.xMax, b.xMax);
    u.yMax = Math.max(u.yMax, b.yMax);
  }
  return u;
}

/**
 * The region a correction works on (image pixels): the box when there is one (an include click
 * may add anything inside it), else the previous answer's box and the include points; with a
 * margin of a quarter of its size (the first answer's crop), kept inside the box.
 */
function correctionRegion(image: Pixels, prompt: CorrectionPrompt, box: Bbox | null) {
  const { width: W, height: H } = image;
  let { xMin, yMin, xMax, yMax } = box ?? prompt.previous.bbox;
  for (const [x, y] of prompt.points) {
    xMin = Math.min(xMin, x);
    yMin = Math.min(yMin, y);
    xMax = Math.max(xMax, x);
    yMax = Math.max(yMax, y);
  }
  const mx = Math.max((xMax - xMin) * 0.25, 0.03),
    my = Math.max((yMax - yMin) * 0.25, 0.03);
  let x0 = xMin - mx,
    y0 = yMin - my,
    x1 = xMax + mx,
    y1 = yMax + my;
  if (box) {
    x0 = Math.max(x0, box.xMin - 0.02);
    y0 = Math.max(y0, box.yMin - 0.02);
    x1 = Math.min(x1, box.xMax + 0.02);
    y1 = Math.min(y1, box.yMax + 0.02);
  }
  const clampX = (v: number) => Math.min(W, Math.max(0, v * W));
  const clampY = (v: number) => Math.min(H, Math.max(0, v * H));
  return {
    x0: clampX(x0),
    y0: clampY(y0),
    x1: Math.max(clampX(x1), clampX(x0) + 1),
    y1: Math.max(clampY(y1), clampY(y0) + 1),
  };
}

/** The previous answer drawn on the working crop; a path that cannot be drawn is refused as `previous.path`. */
function previousMask(path: string, bbox: Bbox, w: number, h: number): Uint8Array {
  try {
    return rasterizePath(path, bbox, w, h);
  } catch (error) {
    if (!(error instanceof SegmentError)) throw error;
    throw new SegmentError('invalid_input', `previous.path: ${error.message}`, { param: 'previous.path' });
  }
}

/**
 * A correction: the previous answer refined by the clicks (see refineRegion), as protocol events
 * `bbox` then `final` (no coarse stage: the refined answer costs less than streaming one). The
 * crop's features are cached per image, so clicks after the first reuse them.
 */
export function* refineSegmentation(
  image: Pixels,
  prompt: CorrectionPrompt,
  options: CorrectionOptions = {},
): Generator<SegmentEvent, void, undefined> {
  const t0 = performance.now();
  const box = unionBox(prompt.boxes);
  const features = cropFeatures(image, correctionRegion(image, prompt, box), options.workingSize ?? 256);
  const { frame } = features;
  const { workWidth: w, workHeight: h } = frame;
  const { width: W, height: H } = image;
  const toWork = ([x, y]: readonly [number, number]): [number, number] => [
    ((x * W - frame.x) / frame.width) * w,
    ((y * H - frame.y) / frame.height) * h,
  ];
  const prev = prompt.previous.bbox;
  const [px0, py0] = toWork([prev.xMin, prev.yMin]);
  const [px1, py1] = toWork([prev.xMax, prev.yMax]);
  const previous = previousMask(
    prompt.previous.path,
    { xMin: px0 / w, yMin: py0 / h, xMax: px1 / w, yMax: py1 / h },
    w,
    h,
  );
  let workBox: [number, number, number, number] | undefined;
  if (box) {
    const [bx0, by0] = toWork([box.xMin, box.yMin]);
    const [bx1, by1] = toWork([box.xMax, box.yMax]);
    workBox = [bx0, by0, bx1, by1];
  }
  const minArea = Math.max(4, (0.0015 * W * H * w * h) / (frame.width * frame.height));
  const mask = refineRegion(
    features,
    {
      previous,
      includes: prompt.points.map(toWork),
      excludes: prompt.negatives.map(toWork),
      box: workBox,
      minArea,
    },
    { ...CORRECTION_DEFAULTS, ...options },
  );
  const rings = maskToRings(mask, frame, options.fineTolerance ?? 0.4);
  const finalBox = ringsBbox(rings);
  if (!finalBox)
    throw new SegmentError(
      'ungrounded',
      'The exclude clicks leave nothing of the object: undo one, or add an include click.',
    );
  yield { type: 'bbox', bbox: finalBox };
  yield {
    type: 'final',
    path: ringsToRefinedPath(rings, finalBox),
    bbox: finalBox,
    finishReason: 'stop',
    metrics: { segmentTimeMs: Math.round((performance.now() - t0) * 10) / 10 },
  };
}

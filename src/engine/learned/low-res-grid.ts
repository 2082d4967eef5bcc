import type { Bbox, PreviousAnswer } from '../../protocol/types';
import { rasterizePath } from '../../geometry/rasterize';
import { SAM_MASK_SIZE, samScale } from './sam-format';

/**
 * The decoder's 256×256 low-res grid covers the padded 1024×1024 input, so one cell is 4 input
 * pixels; with align-corners-off resampling, image pixel x sits at cell (x + 0.5)·s/4 − 0.5.
 */
export function cellOf(pixel: number, scale: number): number {
  return ((pixel + 0.5) * scale) / 4 - 0.5;
}

/** Bilinear sample of the logits at a (fractional) cell, clamped to the grid. */
export function sampleLogits(logits: Float32Array, u: number, v: number): number {
  const max = SAM_MASK_SIZE - 1;
  const x = Math.min(max, Math.max(0, u)),
    y = Math.min(max, Math.max(0, v));
  const x0 = Math.floor(x),
    y0 = Math.floor(y);
  const x1 = Math.min(max, x0 + 1),
    y1 = Math.min(max, y0 + 1);
  const fx = x - x0,
    fy = y - y0;
  const row0 = y0 * SAM_MASK_SIZE,
    row1 = y1 * SAM_MASK_SIZE;
  const top = logits[row0 + x0]! * (1 - fx) + logits[row0 + x1]! * fx;
  const bottom = logits[row1 + x0]! * (1 - fx) + logits[row1 + x1]! * fx;
  return top * (1 - fy) + bottom * fy;
}

/** The extent of positive logits, normalized to the image; null when there are none. */
export function logitsBbox(logits: Float32Array, width: number, height: number): Bbox | null {
  const scale = samScale(width, height);
  const cols = Math.min(SAM_MASK_SIZE, Math.ceil((width * scale) / 4));
  const rows = Math.min(SAM_MASK_SIZE, Math.ceil((height * scale) / 4));
  let x0 = Infinity,
    y0 = Infinity,
    x1 = -Infinity,
    y1 = -Infinity;
  for (let v = 0; v < rows; v++)
    for (let u = 0; u < cols; u++)
      if (logits[v * SAM_MASK_SIZE + u]! > 0) {
        if (u < x0) x0 = u;
        if (u > x1) x1 = u;
        if (v < y0) y0 = v;
        if (v > y1) y1 = v;
      }
  if (x1 < 0) return null;
  const toX = (u: number) => Math.min(1, Math.max(0, ((u + 0.5) * 4) / scale / width));
  const toY = (v: number) => Math.min(1, Math.max(0, ((v + 0.5) * 4) / scale / height));
  return { xMin: toX(x0 - 1), yMin: toY(y0 - 1), xMax: toX(x1 + 1), yMax: toY(y1 + 1) };
}

// A rasterized answer as logits: confident inside and out, as the decoder's own are far from 0.
const PREVIOUS_LOGIT = 8;

/**
 * An answer the server did not make (a graph-cut answer, another server's) as the decoder's
 * mask input: its path rasterized onto the low-res grid, ±8 inside and out.
 */
export function logitsOfAnswer(answer: PreviousAnswer, width: number, height: number): Float32Array {
  const span = (SAM_MASK_SIZE * 4) / samScale(width, height); // image pixels the grid spans
  const gx = width / span,
    gy = height / span; // the image's share of the grid
  const { xMin, yMin, xMax, yMax } = answer.bbox;
  const mask = rasterizePath(
    answer.path,
    { xMin: xMin * gx, yMin: yMin * gy, xMax: xMax * gx, yMax: yMax * gy },
    SAM_MASK_SIZE,
    SAM_MASK_SIZE,
  );
  const logits = new Float32Array(mask.length);
  for (let i = 0; i < mask.length; i++) logits[i] = mask[i] ? PREVIOUS_LOGIT : -PREVIOUS_LOGIT;
  return logits;
}

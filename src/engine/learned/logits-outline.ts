import type { Bbox } from '../../protocol/types';
import { removeSpecksAndHoles } from '../algorithm/morphology';
import { maskToRings, ringsBbox, type CropFrame } from '../algorithm/vectorize';
import { CLICK_REACH, floodContradictedClicks } from './click-floods';
import { cellOf, logitsBbox, sampleLogits } from './low-res-grid';
import { samScale } from './sam-format';

export interface OutlineTuning {
  /** Longest side of the crop the logits are resampled on, in pixels. Default 512. */
  workingSize?: number;
  /** Outline tolerance of the coarse stream, in working pixels. Default 1.5. */
  coarseTolerance?: number;
  /** Outline tolerance of the refined path, in working pixels. Default 0.5. */
  fineTolerance?: number;
}

/** The model's answer as a mask on a working crop around it. */
export interface LogitsMask {
  mask: Uint8Array;
  frame: CropFrame;
}

/**
 * The low-res logits resampled (bilinear, as SAM's own postprocessing) onto a crop around their
 * positive extent and the include clicks, at most `workingSize` on its long side and never finer
 * than the image; then the clicks the model overrode flooded back (`floodContradictedClicks`,
 * unless `floodClicks` is false);
 * then Moondream's cleanup (specks and holes under 0.15 % of the image), keeping the parts under
 * include points and the holes under exclude points. Null when nothing is positive.
 */
export function logitsToMask(
  logits: Float32Array,
  width: number,
  height: number,
  clicks: {
    includes: readonly (readonly [number, number])[];
    excludes: readonly (readonly [number, number])[];
  },
  workingSize: number,
  floodClicks = true,
): LogitsMask | null {
  const extent = logitsBbox(logits, width, height);
  if (!extent) return null;
  let left = extent.xMin * width,
    top = extent.yMin * height,
    right = extent.xMax * width,
    bottom = extent.yMax * height;
  // An include click off the answer is flooded back: the crop reaches past it by its flood's reach.
  for (const [cx, cy] of floodClicks ? clicks.includes : []) {
    const x = cx * width,
      y = cy * height;
    const gap = Math.max(left - x, x - right, top - y, y - bottom);
    if (gap <= 0) continue;
    const margin = CLICK_REACH * gap;
    left = Math.min(left, x - margin);
    right = Math.max(right, x + margin);
    top = Math.min(top, y - margin);
    bottom = Math.max(bottom, y + margin);
  }
  const x0 = Math.max(0, Math.floor(left) - 2),
    y0 = Math.max(0, Math.floor(top) - 2);
  const x1 = Math.min(width, Math.ceil(right) + 2),
    y1 = Math.min(height, Math.ceil(bottom) + 2);
  const cw = Math.max(1, x1 - x0),
    ch = Math.max(1, y1 - y0);
  const fit = Math.min(1, workingSize / Math.max(cw, ch));
  const ww = Math.max(2, Math.round(cw * fit)),
    wh = Math.max(2, Math.round(ch * fit));
  const frame: CropFrame = {
    x: x0,
    y: y0,
    width: cw,
    height: ch,
    workWidth: ww,
    workHeight: wh,
    imageWidth: width,
    imageHeight: height,
  };
  const scale = samScale(width, height);
  const field = new Float32Array(ww * wh);
  const mask = new Uint8Array(ww * wh);
  const us = new Float64Array(ww);
  for (let i = 0; i < ww; i++) us[i] = cellOf(x0 + ((i + 0.5) * cw) / ww - 0.5, scale);
  for (let j = 0; j < wh; j++) {
    const v = cellOf(y0 + ((j + 0.5) * ch) / wh - 0.5, scale);
    const row = j * ww;
    for (let i = 0; i < ww; i++) {
      const logit = (field[row + i] = sampleLogits(logits, us[i]!, v));
      mask[row + i] = logit > 0 ? 1 : 0;
    }
  }
  const at = ([x, y]: readonly [number, number]) => {
    const i = Math.floor(((x * width - x0) / cw) * ww),
      j = Math.floor(((y * height - y0) / ch) * wh);
    return i >= 0 && j >= 0 && i < ww && j < wh ? j * ww + i : -1;
  };
  const includes = clicks.includes.map(at),
    excludes = clicks.excludes.map(at);
  if (floodClicks) floodContradictedClicks(mask, field, ww, wh, includes, excludes);
  const keep = includes.filter((p) => p >= 0 && mask[p] === 1);
  const keepHole = excludes.filter((p) => p >= 0 && mask[p] === 0);
  // Specks and holes under 0.15 % of the image (Moondream's refiner), in working pixels.
  const minArea = Math.max(4, (0.0015 * width * height * ww * wh) / (cw * ch));
  return { mask: removeSpecksAndHoles(mask, ww, wh, minArea, keep, keepHole), frame };
}

/** The refined outline and its box. */
export function fineOutline(
  { mask, frame }: LogitsMask,
  tuning: OutlineTuning,
): { rings: Float64Array[]; bbox: Bbox | null } {
  const rings = maskToRings(mask, frame, tuning.fineTolerance ?? 0.5);
  return { rings, bbox: ringsBbox(rings) };
}

/** The outline at the coarse stream's tolerance. */
export function coarseOutline({ mask, frame }: LogitsMask, tuning: OutlineTuning): Float64Array[] {
  return maskToRings(mask, frame, tuning.coarseTolerance ?? 1.5);
}

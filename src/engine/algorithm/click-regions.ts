import type { CropFeatures } from './crop-features';
import { geodesicDistance } from './geodesic';
import { labelComponents } from './morphology';
import { discs } from './seed-discs';

/** The pixel index under a point (working pixels), clamped to the crop. */
export const pixelOf = ([x, y]: readonly [number, number], w: number, h: number) =>
  Math.min(h - 1, Math.max(0, Math.floor(y))) * w + Math.min(w - 1, Math.max(0, Math.floor(x)));

/**
 * How near each pixel is (1 at the seed, 0 at `reach` and beyond) to the clicks that disagree
 * with the previous answer: the region a click asks to change.
 */
export function clickRegion(
  f: CropFeatures,
  clicks: readonly [number, number][],
  radius: readonly number[],
  reach: number,
  colorCost: number,
): { near: Float32Array; distance: Float32Array } | null {
  if (clicks.length === 0) return null;
  const { workWidth: w, workHeight: h } = f.frame;
  const distance = geodesicDistance(discs(clicks, w, h, radius), w, h, f.rightDiff, f.downDiff, colorCost);
  const near = new Float32Array(distance.length);
  for (let p = 0; p < near.length; p++) near[p] = Math.max(0, 1 - distance[p]! / reach);
  return { near, distance };
}

/**
 * The parts of the previous answer that an exclude click lands in, other than its largest and
 * those an include click holds: such a part is a wrong region as a whole (the background's
 * other car, a shadow apart from the object), and it goes whole.
 */
export function strayParts(
  previous: Uint8Array,
  w: number,
  h: number,
  includes: readonly number[],
  excludes: readonly number[],
): Uint8Array | null {
  if (excludes.length === 0) return null;
  const { labels, sizes } = labelComponents(previous, w, h, 1);
  let largest = 0;
  for (let l = 1; l < sizes.length; l++) if (sizes[l]! > (sizes[largest] ?? 0)) largest = l;
  // The largest part is the object's body: a click on it asks for a dent, not its removal.
  const held = new Set([largest, ...includes.map((p) => labels[p]!)]);
  const stray = new Set(excludes.map((p) => labels[p]!).filter((l) => l > 0 && !held.has(l)));
  if (stray.size === 0) return null;
  const out = new Uint8Array(w * h);
  for (let p = 0; p < out.length; p++) if (stray.has(labels[p]!)) out[p] = 1;
  return out;
}

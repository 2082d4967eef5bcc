/**
 * The robot user of the interactive-segmentation literature (RITM's `Clicker`): after each
 * answer it clicks the centre of the largest error — the pixel farthest from the error's edge —
 * including where the object was missed, excluding where background was taken.
 */

import { squaredDistanceToOutside } from '../src/engine/algorithm/distance-transform';

/** The protocol's limits: at most this many interactions, stopping once IoU reaches STOP. */
export const MAX_CLICKS = 20;
export const STOP = 0.9;

/** NoC@t: the first interaction count whose IoU reaches `t`, else MAX_CLICKS. */
export function clicksToReach(ious: readonly number[], t: number): number {
  const i = ious.findIndex((v) => v >= t);
  return i < 0 ? MAX_CLICKS : i + 1;
}

export interface RobotClick {
  include: boolean;
  /** Pixel column and row. */
  x: number;
  y: number;
}

/**
 * The next click: fn = object not predicted, fp = predicted not object (ignore pixels in
 * neither); include at fn's farthest-inside pixel when it lies deeper than fp's, else exclude at
 * fp's. Pixels already clicked (`clicked`) are never chosen again. Ties: the first in row order.
 */
export function nextClick(
  predicted: Uint8Array,
  truth: Uint8Array,
  ignore: Uint8Array,
  clicked: Uint8Array,
  w: number,
  h: number,
): RobotClick {
  const n = w * h;
  const fn = new Uint8Array(n),
    fp = new Uint8Array(n);
  for (let p = 0; p < n; p++) {
    if (ignore[p]) continue;
    if (truth[p] && !predicted[p]) fn[p] = 1;
    else if (!truth[p] && predicted[p]) fp[p] = 1;
  }
  const argmax = (d: Float64Array) => {
    let best = 0,
      at = 0;
    for (let p = 0; p < n; p++) {
      const value = clicked[p] ? 0 : d[p]!;
      if (value > best) {
        best = value;
        at = p;
      }
    }
    return { best, at };
  };
  const missed = argmax(squaredDistanceToOutside(fn, w, h));
  const extra = argmax(squaredDistanceToOutside(fp, w, h));
  const include = missed.best > extra.best;
  const at = include ? missed.at : extra.at;
  return { include, x: at % w, y: Math.floor(at / w) };
}

/**
 * The robot user of the interactive-segmentation literature (RITM's `Clicker`): after each
 * answer it clicks the centre of the largest error — the pixel farthest from the error's edge —
 * including where the object was missed, excluding where background was taken.
 */

const FAR = 1e20;

/** The protocol's limits: at most this many interactions, stopping once IoU reaches STOP. */
export const MAX_CLICKS = 20;
export const STOP = 0.9;

/** NoC@t: the first interaction count whose IoU reaches `t`, else MAX_CLICKS. */
export function clicksToReach(ious: readonly number[], t: number): number {
  const i = ious.findIndex((v) => v >= t);
  return i < 0 ? MAX_CLICKS : i + 1;
}

/**
 * One dimension of Felzenszwalb & Huttenlocher's exact squared Euclidean distance transform:
 * the lower envelope of the parabolas rooted at each sample. Written here because it is 40
 * lines, exact and linear; OpenCV's distanceTransform would pull a 10 MB wasm into the loop.
 */
function envelope1d(f: Float64Array, n: number, out: Float64Array, v: Int32Array, z: Float64Array): void {
  let k = 0;
  v[0] = 0;
  z[0] = -Infinity;
  z[1] = Infinity;
  for (let q = 1; q < n; q++) {
    let s = (f[q]! + q * q - (f[v[k]!]! + v[k]! * v[k]!)) / (2 * q - 2 * v[k]!);
    while (s <= z[k]!) {
      k--;
      s = (f[q]! + q * q - (f[v[k]!]! + v[k]! * v[k]!)) / (2 * q - 2 * v[k]!);
    }
    k++;
    v[k] = q;
    z[k] = s;
    z[k + 1] = Infinity;
  }
  k = 0;
  for (let q = 0; q < n; q++) {
    while (z[k + 1]! < q) k++;
    out[q] = (q - v[k]!) ** 2 + f[v[k]!]!;
  }
}

/**
 * Squared Euclidean distance from every pixel of `region` (1) to the nearest pixel outside it,
 * the image padded by one pixel of outside (RITM pads so the image's edge counts as an edge).
 */
export function squaredDistanceToOutside(region: Uint8Array, w: number, h: number): Float64Array {
  const pw = w + 2,
    ph = h + 2;
  const grid = new Float64Array(pw * ph);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) grid[(y + 1) * pw + x + 1] = region[y * w + x] ? FAR : 0;
  const longest = Math.max(pw, ph);
  const f = new Float64Array(longest),
    out = new Float64Array(longest),
    z = new Float64Array(longest + 1);
  const v = new Int32Array(longest);
  for (let x = 0; x < pw; x++) {
    for (let y = 0; y < ph; y++) f[y] = grid[y * pw + x]!;
    envelope1d(f, ph, out, v, z);
    for (let y = 0; y < ph; y++) grid[y * pw + x] = out[y]!;
  }
  for (let y = 0; y < ph; y++) {
    for (let x = 0; x < pw; x++) f[x] = grid[y * pw + x]!;
    envelope1d(f, pw, out, v, z);
    for (let x = 0; x < pw; x++) grid[y * pw + x] = out[x]!;
  }
  const result = new Float64Array(w * h);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) result[y * w + x] = grid[(y + 1) * pw + x + 1]!;
  return result;
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

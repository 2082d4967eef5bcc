/**
 * A texture likelihood model to go with the colour one. Colour alone cannot tell a grey kangaroo
 * from the grey grass it lies on; their textures differ. Each pixel gets
 * one of TEXTURE_BINS texture classes from two local measures, each cut into equally filled
 * levels over the crop (so the classes adapt to the image's scale and contrast):
 *
 * - gradient energy: the mean gradient magnitude in a (2r+1)² window (smooth vs. busy);
 * - coherence of the structure tensor in the same window (oriented, like fur or stripes, vs.
 *   isotropic, like grass or gravel).
 *
 * The alternatives tried (and what each scored) are in docs/benchmarks.md, "How the engine's
 * constants were chosen".
 */
const LEVELS = 6;
export const TEXTURE_BINS = LEVELS * LEVELS;
const RADIUS = 2;

/** Mean of `values` over a (2r+1)² window around each pixel (clipped at the crop's edges). */
function windowMean(values: Float64Array, w: number, h: number, r: number): Float64Array {
  const stride = w + 1;
  const sums = new Float64Array(stride * (h + 1));
  for (let y = 0; y < h; y++) {
    let row = 0;
    for (let x = 0; x < w; x++) {
      row += values[y * w + x]!;
      sums[(y + 1) * stride + x + 1] = sums[y * stride + x + 1]! + row;
    }
  }
  const out = new Float64Array(w * h);
  for (let y = 0; y < h; y++) {
    const ya = Math.max(0, y - r),
      yb = Math.min(h, y + r + 1);
    for (let x = 0; x < w; x++) {
      const xa = Math.max(0, x - r),
        xb = Math.min(w, x + r + 1);
      const s =
        sums[yb * stride + xb]! - sums[ya * stride + xb]! - sums[yb * stride + xa]! + sums[ya * stride + xa]!;
      out[y * w + x] = s / ((xb - xa) * (yb - ya));
    }
  }
  return out;
}

/** Level 0..levels-1 of each value, the cuts at the crop's quantiles. */
function quantileLevels(values: Float64Array, levels: number): Uint8Array {
  const n = values.length;
  const sorted = Float64Array.from(values).sort();
  const cuts: number[] = [];
  for (let k = 1; k < levels; k++) cuts.push(sorted[Math.floor((k * n) / levels)]!);
  const out = new Uint8Array(n);
  for (let p = 0; p < n; p++) {
    let k = 0;
    while (k < cuts.length && values[p]! > cuts[k]!) k++;
    out[p] = k;
  }
  return out;
}

/** The texture class (0..TEXTURE_BINS-1) of every pixel of an RGBA crop. */
export function textureBins(rgba: Uint8ClampedArray | Uint8Array, w: number, h: number): Uint8Array {
  const n = w * h;
  const gray = new Float32Array(n);
  for (let p = 0; p < n; p++)
    gray[p] = 0.299 * rgba[p * 4]! + 0.587 * rgba[p * 4 + 1]! + 0.114 * rgba[p * 4 + 2]!;
  const magnitude = new Float64Array(n);
  const gxx = new Float64Array(n),
    gyy = new Float64Array(n),
    gxy = new Float64Array(n);
  for (let y = 0; y < h; y++) {
    const up = Math.max(0, y - 1) * w,
      down = Math.min(h - 1, y + 1) * w;
    for (let x = 0; x < w; x++) {
      const p = y * w + x;
      const gx = gray[y * w + Math.min(w - 1, x + 1)]! - gray[y * w + Math.max(0, x - 1)]!;
      const gy = gray[down + x]! - gray[up + x]!;
      magnitude[p] = Math.abs(gx) + Math.abs(gy);
      gxx[p] = gx * gx;
      gyy[p] = gy * gy;
      gxy[p] = gx * gy;
    }
  }
  const energy = windowMean(magnitude, w, h, RADIUS);
  const a = windowMean(gxx, w, h, RADIUS),
    b = windowMean(gyy, w, h, RADIUS),
    c = windowMean(gxy, w, h, RADIUS);
  const coherence = new Float64Array(n);
  for (let p = 0; p < n; p++) {
    const trace = a[p]! + b[p]!;
    coherence[p] = trace > 1e-9 ? Math.sqrt((a[p]! - b[p]!) ** 2 + 4 * c[p]! ** 2) / trace : 0;
  }
  const e = quantileLevels(energy, LEVELS),
    o = quantileLevels(coherence, LEVELS);
  const bins = new Uint8Array(n);
  for (let p = 0; p < n; p++) bins[p] = e[p]! * LEVELS + o[p]!;
  return bins;
}

/** Each texture class's share of the crop. */
export function textureShares(bins: Uint8Array): Float64Array {
  const shares = new Float64Array(TEXTURE_BINS);
  for (let p = 0; p < bins.length; p++) shares[bins[p]!]!++;
  for (let k = 0; k < TEXTURE_BINS; k++) shares[k]! /= Math.max(1, bins.length);
  return shares;
}

/**
 * How far each model is pulled toward the crop's own texture mix (`shares`). A class that the
 * selection lacks is then weak evidence, not strong: outside a box on a flat background there
 * are no edge textures, and without this pull the pixels beside the object's edge (whose
 * windows hold the edge) were called object — a white rectangle on black came out 3 px too
 * large. A light pull is enough for that; a strong one washes out the evidence.
 */
const PULL_TO_CROP = 0.1;

/**
 * Negative log-likelihood per texture class of the pixels selected by `select` (weights ≥ 0),
 * smoothed toward the crop's texture mix.
 */
export function fitTextureModel(
  bins: Uint8Array,
  select: (p: number) => number,
  shares: Float64Array,
): Float32Array {
  const counts = new Float64Array(TEXTURE_BINS);
  let total = 0;
  for (let p = 0; p < bins.length; p++) {
    const weight = select(p);
    if (weight > 0) {
      counts[bins[p]!]! += weight;
      total += weight;
    }
  }
  const nll = new Float32Array(TEXTURE_BINS);
  const denominator = total * (1 + PULL_TO_CROP) + TEXTURE_BINS;
  for (let k = 0; k < TEXTURE_BINS; k++)
    nll[k] = -Math.log((counts[k]! + PULL_TO_CROP * total * shares[k]! + 1) / denominator);
  return nll;
}

/**
 * A colour likelihood model: a smoothed 3-D histogram over RGB (LEVELS per channel). Used in
 * place of GrabCut's 5-component GMMs: one pass to fit, a table look-up to score, and with
 * Laplace smoothing it generalizes as well on crops of a few thousand pixels.
 */
export const LEVELS = 16;
const SHIFT = 8 - Math.log2(LEVELS);
const BINS = LEVELS ** 3;

export function binOf(rgba: Uint8ClampedArray | Uint8Array, p: number): number {
  const i = p * 4;
  return ((rgba[i]! >> SHIFT) * LEVELS + (rgba[i + 1]! >> SHIFT)) * LEVELS + (rgba[i + 2]! >> SHIFT);
}

/** Negative log-likelihood per bin of the pixels selected by `select` (weights 0..1). */
export function fitColorModel(bins: Uint16Array, select: (p: number) => number, alpha = 0.5): Float32Array {
  const counts = new Float64Array(BINS);
  let total = 0;
  for (let p = 0; p < bins.length; p++) {
    const w = select(p);
    if (w > 0) {
      counts[bins[p]!]! += w;
      total += w;
    }
  }
  // Spread each count over its 6 neighbouring bins a little: colours a shade away are likely too.
  const spread = new Float64Array(BINS);
  const L = LEVELS;
  for (let r = 0; r < L; r++)
    for (let g = 0; g < L; g++)
      for (let b = 0; b < L; b++) {
        const i = (r * L + g) * L + b;
        const c = counts[i]!;
        if (c === 0) continue;
        spread[i]! += c * 0.4;
        const share = c * 0.1;
        if (r > 0) spread[i - L * L]! += share;
        else spread[i]! += share;
        if (r < L - 1) spread[i + L * L]! += share;
        else spread[i]! += share;
        if (g > 0) spread[i - L]! += share;
        else spread[i]! += share;
        if (g < L - 1) spread[i + L]! += share;
        else spread[i]! += share;
        if (b > 0) spread[i - 1]! += share;
        else spread[i]! += share;
        if (b < L - 1) spread[i + 1]! += share;
        else spread[i]! += share;
      }
  const nll = new Float32Array(BINS);
  const denom = total + alpha * BINS;
  for (let i = 0; i < BINS; i++) nll[i] = -Math.log((spread[i]! + alpha) / denom);
  return nll;
}

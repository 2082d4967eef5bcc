import type { RegionPrompt } from './region-prompt';

// What a box says besides "inside": where the first models start, and the margin's cost.

/** Where the object may be: inside the box or on a clicked point (everywhere without a box). */
export function boxMask(
  box: RegionPrompt['box'],
  hardFg: Uint8Array,
  w: number,
  h: number,
): { inBox: Uint8Array; outsideCount: number } {
  const inBox = new Uint8Array(w * h);
  let outsideCount = 0;
  if (!box) return { inBox: inBox.fill(1), outsideCount };
  const [x0, y0, x1, y1] = box;
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const inside = x + 0.5 >= x0 && x + 0.5 <= x1 && y + 0.5 >= y0 && y + 0.5 <= y1;
      inBox[y * w + x] = inside || hardFg[y * w + x] ? 1 : 0;
      if (!inBox[y * w + x]) outsideCount++;
    }
  return { inBox, outsideCount };
}

/**
 * Box priors: a box is drawn around its object, so it says more than "inside".
 * - Corners: box pixels outside 1.5× the inscribed ellipse seed the background model. Objects
 *   rarely fill their box's corners, and the corners are all the background a box over most of
 *   the image leaves.
 * - Image edges: where the box lies on the image's edge (nothing outside it there), a band inside
 *   that edge seeds the background, weakly: the object may well run on past the image.
 * - Margin: the band inside the box's outline (3% of its width or height; not at image edges,
 *   which may cut the object) costs more to call object, since people draw boxes with a little
 *   room. Soft, not hard: a tight box must still be able to reach its outline.
 * What each gained on the dev set: docs/benchmarks.md, "How the engine's constants were chosen".
 */
const CORNER_ELLIPSE = 1.5;
const IMAGE_EDGE_BAND_WEIGHT = 0.3;
const MARGIN_BAND = 0.03;
const MARGIN_COST = 3;

/**
 * The weights the first models are fitted with: from the box (its middle object, its outside
 * and corners background; see the box priors above), or, for points alone, discs around the
 * points against the crop's border.
 */
export function initialWeights(
  prompt: RegionPrompt,
  hardFg: Uint8Array,
  inBox: Uint8Array,
  outsideCount: number,
): { fgWeight: (p: number) => number; bgWeight: (p: number) => number } {
  const { width: w, height: h, box, points } = prompt;
  const n = w * h;
  const border = Math.max(1, Math.round(Math.min(w, h) * 0.06));
  const isBorder = (p: number) => {
    const x = p % w;
    const y = (p - x) / w;
    return x < border || y < border || x >= w - border || y >= h - border;
  };
  let fgWeight: (p: number) => number;
  let bgWeight: (p: number) => number;
  if (box) {
    const [x0, y0, x1, y1] = box;
    const cx = (x0 + x1) / 2,
      cy = (y0 + y1) / 2,
      rx = Math.max(1, (x1 - x0) / 2),
      ry = Math.max(1, (y1 - y0) / 2);
    // Objects fill the middle of their box more than its corners.
    fgWeight = (p) => {
      if (hardFg[p]) return 5;
      if (!inBox[p]) return 0;
      const x = p % w,
        y = (p - x) / w;
      const d = ((x + 0.5 - cx) / rx) ** 2 + ((y + 0.5 - cy) / ry) ** 2;
      return d < 1 ? 1 - 0.7 * d : 0.2;
    };
    const corner = (p: number) => {
      if (hardFg[p]) return 0;
      const x = p % w,
        y = (p - x) / w;
      return ((x + 0.5 - cx) / rx) ** 2 + ((y + 0.5 - cy) / ry) ** 2 > CORNER_ELLIPSE ? 1 : 0;
    };
    const imageEdgeBand = (p: number) => {
      if (hardFg[p]) return 0;
      const x = p % w,
        y = (p - x) / w;
      const near =
        (x0 <= 0.5 && x < border) ||
        (y0 <= 0.5 && y < border) ||
        (x1 >= w - 0.5 && x >= w - border) ||
        (y1 >= h - 0.5 && y >= h - border);
      return near ? IMAGE_EDGE_BAND_WEIGHT : 0;
    };
    // With almost nothing outside the box, its border band stands in for the background.
    const boxPrior = prompt.searchRegion ? () => 0 : (p: number) => Math.max(corner(p), imageEdgeBand(p));
    bgWeight =
      outsideCount > n * 0.02
        ? (p) => (inBox[p] ? boxPrior(p) : 1)
        : (p) => (isBorder(p) && !hardFg[p] ? 1 : prompt.searchRegion ? 0 : corner(p));
  } else {
    const near = Math.min(w, h) * 0.08;
    fgWeight = (p) => {
      const x = p % w,
        y = (p - x) / w;
      let best = Infinity;
      for (const [px, py] of points) best = Math.min(best, (x + 0.5 - px) ** 2 + (y + 0.5 - py) ** 2);
      return best <= near * near ? 1 : 0;
    };
    bgWeight = (p) => (isBorder(p) && !hardFg[p] ? 1 : 0);
  }
  return { fgWeight, bgWeight };
}

/**
 * The box's margin: calling a pixel in the band inside its outline object costs extra (not
 * where the box lies on the image's edge, which may cut the object).
 */
export function marginCosts(prompt: RegionPrompt, inBox: Uint8Array, hardFg: Uint8Array): Float32Array {
  const { width: w, height: h, box } = prompt;
  const n = w * h;
  const marginCost = new Float32Array(n);
  if (box && !prompt.searchRegion) {
    const [bx0, by0, bx1, by1] = box;
    const bandX = Math.max(1, MARGIN_BAND * (bx1 - bx0)),
      bandY = Math.max(1, MARGIN_BAND * (by1 - by0));
    for (let y = 0; y < h; y++)
      for (let x = 0; x < w; x++) {
        const p = y * w + x;
        if (!inBox[p] || hardFg[p]) continue;
        const inBand =
          (bx0 > 0.5 && x + 0.5 - bx0 < bandX) ||
          (bx1 < w - 0.5 && bx1 - x - 0.5 < bandX) ||
          (by0 > 0.5 && y + 0.5 - by0 < bandY) ||
          (by1 < h - 0.5 && by1 - y - 0.5 < bandY);
        if (inBand) marginCost[p] = MARGIN_COST;
      }
  }
  return marginCost;
}

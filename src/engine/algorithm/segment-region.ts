import { binOf, fitColorModel } from './color-model';
import { createGridCut, setPairwise, solveGridCut, type GridCut } from './grid-graph-cut';
import { edgeWeights } from './edge-weights';
import { close3x3, removeSpecksAndHoles } from './morphology';
import { discs } from './seed-discs';
import { TEXTURE_BINS, fitTextureModel, textureBins, textureShares } from './texture-model';

export interface RegionPrompt {
  /** RGBA pixels of the working crop. */
  rgba: Uint8ClampedArray | Uint8Array;
  width: number;
  height: number;
  /** The object lies inside this box (working pixels, [x0, y0, x1, y1)); outside is background. */
  box?: [number, number, number, number];
  /**
   * The box is only where to look (points alone), not drawn around the object: its corners and
   * outline say nothing about the object, so the box priors are off.
   */
  searchRegion?: boolean;
  /** Pixels (x, y in working pixels) the object must cover. */
  points: readonly [number, number][];
  /** Pixels (x, y in working pixels) the object must not cover (exclude clicks). */
  excludes?: readonly [number, number][];
  /** Graph-cut rounds (models re-fitted between them). Default 4. */
  iterations?: number;
  /** Specks and holes under this many pixels are removed. */
  minArea: number;
}

const HARD = 1e6;
/** Pairwise strength (GrabCut's gamma, tuned on the dev set with `npm run bench:engine`). */
const GAMMA = 25;
/**
 * Weight of the texture term against the colour term: texture tells apart what colour cannot,
 * but it is the coarser measure, so it counts a little more than colour and no more (how the
 * value was chosen: docs/benchmarks.md, "How the engine's constants were chosen").
 */
const TEXTURE_WEIGHT = 1.5;
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
function initialWeights(
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
function marginCosts(prompt: RegionPrompt, inBox: Uint8Array, hardFg: Uint8Array): Float32Array {
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

/** The crop's pixels as the models see them: colour bins, and texture bins where texture counts. */
interface PixelFeatures {
  bins: Uint16Array;
  /** All zero when `textureWeight` is 0 (a search region). */
  texture: Uint8Array;
  shares: Float64Array;
  textureWeight: number;
}

/** The object's and the background's colour and texture models. */
interface RegionModels {
  fgColor: Float32Array;
  bgColor: Float32Array;
  fgTexture: Float32Array;
  bgTexture: Float32Array;
}

/** What stays fixed across the rounds: the pairwise weights and the hard and soft constraints. */
interface CutConstraints {
  width: number;
  height: number;
  right: Float32Array;
  down: Float32Array;
  hardFg: Uint8Array;
  hardBg: Uint8Array;
  inBox: Uint8Array;
  marginCost: Float32Array;
}

function pixelFeatures(prompt: RegionPrompt): PixelFeatures {
  const { rgba, width: w, height: h } = prompt;
  const n = w * h;
  const bins = new Uint16Array(n);
  for (let p = 0; p < n; p++) bins[p] = binOf(rgba, p);
  // In a search region the object model starts from small discs around the points, too few
  // pixels for a texture histogram: dev set, points without the detector, 0.588 without texture,
  // 0.550 with it.
  const textureWeight = prompt.searchRegion ? 0 : TEXTURE_WEIGHT;
  const texture = textureWeight > 0 ? textureBins(rgba, w, h) : new Uint8Array(n);
  const shares = textureWeight > 0 ? textureShares(texture) : new Float64Array(TEXTURE_BINS);
  return { bins, texture, shares, textureWeight };
}

/**
 * The models fitted from per-pixel weights; the texture models may take their own weights (the
 * re-fit weights clicked pixels up for colour only). Unused texture models stay all zero.
 */
function fitModels(
  f: PixelFeatures,
  color: { fg: (p: number) => number; bg: (p: number) => number },
  texture = color,
): RegionModels {
  const fitTexture = (weight: (p: number) => number) =>
    f.textureWeight > 0 ? fitTextureModel(f.texture, weight, f.shares) : new Float32Array(TEXTURE_BINS);
  return {
    fgColor: fitColorModel(f.bins, color.fg),
    bgColor: fitColorModel(f.bins, color.bg),
    fgTexture: fitTexture(texture.fg),
    bgTexture: fitTexture(texture.bg),
  };
}

/** Where the object may be: inside the box or on a clicked point (everywhere without a box). */
function boxMask(
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

/** One round's graph: the pairwise weights, and each pixel's cost of either label under the models. */
function roundCut(f: PixelFeatures, m: RegionModels, c: CutConstraints): GridCut {
  const { width: w, height: h, right, down, hardFg, hardBg, inBox, marginCost } = c;
  const n = w * h;
  const { bins, texture, textureWeight } = f;
  const cut = createGridCut(w, h);
  for (let p = 0; p < n; p++) {
    const x = p % w;
    if (x + 1 < w) setPairwise(cut, p, 0, right[p]!);
    if (p + w < n) setPairwise(cut, p, 1, down[p]!);
    let source: number; // cost of calling p background
    let sink: number; // cost of calling p object
    if (hardFg[p]) {
      source = HARD;
      sink = 0;
    } else if (!inBox[p] || hardBg[p]) {
      source = 0;
      sink = HARD;
    } else {
      source = m.bgColor[bins[p]!]! + textureWeight * m.bgTexture[texture[p]!]!;
      sink = m.fgColor[bins[p]!]! + textureWeight * m.fgTexture[texture[p]!]! + marginCost[p]!;
    }
    cut.terminals[p] = source - sink;
  }
  return cut;
}

/**
 * GrabCut-style segmentation of a working crop: colour and texture models for object and
 * background, an edge-aware smoothness term, a minimum cut, and the models re-fitted from the cut.
 * Box outside and clicked points are hard constraints; the models start from the box (or, for
 * points alone, from discs around them against the crop's border). Yields the coarse mask after
 * the first round and returns the refined one.
 */
export function* segmentRegion(prompt: RegionPrompt): Generator<Uint8Array, Uint8Array, undefined> {
  const { rgba, width: w, height: h, points } = prompt;
  const features = pixelFeatures(prompt);
  const radius = Math.max(1.5, Math.min(w, h) * 0.015);
  const hardFg = discs(points, w, h, radius);
  const hardBg = discs(prompt.excludes ?? [], w, h, radius);
  const { inBox, outsideCount } = boxMask(prompt.box, hardFg, w, h);
  const { fgWeight, bgWeight } = initialWeights(prompt, hardFg, inBox, outsideCount);
  let models = fitModels(features, { fg: fgWeight, bg: bgWeight });
  // Edge-aware pairwise weights: strong between similar colours, weak across edges.
  const { right, down } = edgeWeights(rgba, w, h, GAMMA);
  const constraints: CutConstraints = {
    width: w,
    height: h,
    right,
    down,
    hardFg,
    hardBg,
    inBox,
    marginCost: marginCosts(prompt, inBox, hardFg),
  };
  const keep = points.map(
    ([x, y]) => Math.min(h - 1, Math.max(0, Math.floor(y))) * w + Math.min(w - 1, Math.max(0, Math.floor(x))),
  );
  const iterations = prompt.iterations ?? 4;
  let labels: Uint8Array = new Uint8Array(w * h);
  for (let round = 0; round < iterations; round++) {
    labels = solveGridCut(roundCut(features, models, constraints));
    // The first round's cleaned mask is the coarse stage; the caller streams it while we go on.
    if (round === 0 && iterations > 1) yield removeSpecksAndHoles(labels, w, h, prompt.minArea, keep);
    if (round + 1 < iterations) {
      const current = labels;
      models = fitModels(
        features,
        { fg: (p) => (current[p] ? (hardFg[p] ? 3 : 1) : 0), bg: (p) => (current[p] ? 0 : 1) },
        { fg: (p) => current[p]!, bg: (p) => 1 - current[p]! },
      );
    }
  }
  return removeSpecksAndHoles(close3x3(labels, w, h), w, h, prompt.minArea, keep);
}

import { binOf, fitColorModel } from './color-model';
import { createGridCut, setPairwise, solveGridCut, type GridCut } from './grid-graph-cut';
import { edgeWeights } from './edge-weights';
import { close3x3, removeSpecksAndHoles } from './morphology';
import { discs } from './seed-discs';
import { TEXTURE_BINS, fitTextureModel, textureBins, textureShares } from './texture-model';
import { boxMask, initialWeights, marginCosts } from './box-priors';
import type { RegionPrompt } from './region-prompt';

const HARD = 1e6;
/** Pairwise strength (GrabCut's gamma, tuned on the dev set with `npm run bench:engine`). */
const GAMMA = 25;
/**
 * Weight of the texture term against the colour term: texture tells apart what colour cannot,
 * but it is the coarser measure, so it counts a little more than colour and no more (how the
 * value was chosen: docs/benchmarks.md, "How the engine's constants were chosen").
 */
const TEXTURE_WEIGHT = 1.5;
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

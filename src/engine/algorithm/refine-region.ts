import { clickRegion, pixelOf, strayParts } from './click-regions';
import { fitColorModel } from './color-model';
import type { CropFeatures } from './crop-features';
import { createGridCut, setPairwise, solveGridCut } from './grid-graph-cut';
import { labelComponents, open3x3, removeSpecksAndHoles } from './morphology';
import { depthIn, discs } from './seed-discs';
import { fitTextureModel } from './texture-model';
import { CORRECTION_DEFAULTS, type CorrectionTuning } from './correction-tuning';

export interface Correction {
  /** The previous answer on the working crop (1 object). */
  previous: Uint8Array;
  /** Include and exclude clicks, working pixels. */
  includes: readonly [number, number][];
  excludes: readonly [number, number][];
  /** Outside this box (working pixels, [x0, y0, x1, y1)) is background. */
  box?: [number, number, number, number];
  /** Specks and holes under this many pixels are removed (not those holding a click). */
  minArea: number;
}

const HARD = 1e6;

/** What a correction's cut may not change: 1 object, -1 background, 0 free. */
function fixedLabels(
  f: CropFeatures,
  c: Correction,
  t: CorrectionTuning,
  regions: {
    hardFg: Uint8Array;
    hardBg: Uint8Array;
    toRemove: readonly [number, number][];
    /** 1: only adding, -1: only removing, 0: either. */
    monotone: number;
  },
  distanceTo: (p: number) => number,
): Int8Array {
  const { workWidth: w, workHeight: h } = f.frame;
  const stray = strayParts(
    c.previous,
    w,
    h,
    c.includes.map((p) => pixelOf(p, w, h)),
    regions.toRemove.map((p) => pixelOf(p, w, h)),
  );
  const lock = t.lock * Math.max(w, h);
  const fixed = new Int8Array(w * h);
  for (let p = 0; p < fixed.length; p++) {
    const x = p % w,
      y = (p - x) / w;
    const inBox =
      !c.box || (x + 0.5 >= c.box[0] && x + 0.5 <= c.box[2] && y + 0.5 >= c.box[1] && y + 0.5 <= c.box[3]);
    if (regions.hardFg[p]) fixed[p] = 1;
    else if (regions.hardBg[p] || !inBox || stray?.[p]) fixed[p] = -1;
    else if (distanceTo(p) > lock) fixed[p] = c.previous[p] ? 1 : -1;
    else if (regions.monotone === 1 && c.previous[p]) fixed[p] = 1;
    else if (regions.monotone === -1 && !c.previous[p]) fixed[p] = -1;
  }
  return fixed;
}

/** What the clicks seed: their hard discs, the regions they ask to change, and which way. */
interface ClickSeeds {
  hardFg: Uint8Array;
  hardBg: Uint8Array;
  /** Exclude clicks inside the previous answer (those that ask for a change). */
  toRemove: readonly [number, number][];
  /** How near each pixel is to the clicks that disagree with the previous answer (1 at them). */
  add: Float32Array;
  remove: Float32Array;
  /** Geodesic distance to the nearest click that disagrees. */
  distanceTo(p: number): number;
  /** 1: only adding, -1: only removing, 0: either. */
  monotone: number;
}

function clickSeeds(f: CropFeatures, c: Correction, t: CorrectionTuning): ClickSeeds {
  const { workWidth: w, workHeight: h } = f.frame;
  const n = w * h;
  const radius = Math.max(1.5, Math.min(w, h) * t.seedRadius);
  // A click that disagrees with the previous answer: its disc grows with its depth in the region.
  const seedRadius = (p: readonly [number, number], disagrees: boolean) =>
    disagrees ? Math.max(radius, t.seedGrow * depthIn(c.previous, w, h, p)) : radius;
  const toAdd = c.includes.filter((p) => !c.previous[pixelOf(p, w, h)]);
  const toRemove = c.excludes.filter((p) => c.previous[pixelOf(p, w, h)]);
  const addRadii = toAdd.map((p) => seedRadius(p, true));
  const removeRadii = toRemove.map((p) => seedRadius(p, true));
  const hardFg = discs([...c.includes, ...toAdd], w, h, [...c.includes.map(() => radius), ...addRadii]);
  const hardBg = discs([...c.excludes, ...toRemove], w, h, [...c.excludes.map(() => radius), ...removeRadii]);
  const reach = t.reach * Math.max(w, h);
  const addRegion = clickRegion(f, toAdd, addRadii, reach, t.colorCost);
  const removeRegion = clickRegion(f, toRemove, removeRadii, reach, t.colorCost);
  return {
    hardFg,
    hardBg,
    toRemove,
    add: addRegion?.near ?? new Float32Array(n),
    remove: removeRegion?.near ?? new Float32Array(n),
    distanceTo: (p) => Math.min(addRegion?.distance[p] ?? Infinity, removeRegion?.distance[p] ?? Infinity),
    // +1: only include clicks, so the correction may only add; -1: only excludes, only remove.
    monotone: t.monotone && Math.sign(toAdd.length) - Math.sign(toRemove.length),
  };
}

/**
 * The graph-cut rounds. Models: the previous answer, the clicked regions moved over and given
 * `clickShare` of the weight (a region of a few pixels would otherwise not count against the
 * whole object); later rounds re-fit them from the last cut.
 */
function cutRounds(
  f: CropFeatures,
  c: Correction,
  t: CorrectionTuning,
  seeds: ClickSeeds,
  fixed: Int8Array,
): Uint8Array {
  const { workWidth: w, workHeight: h } = f.frame;
  const n = w * h;
  const { add, remove, hardFg, hardBg } = seeds;
  let prevArea = 0,
    addMass = 0,
    removeMass = 0;
  for (let p = 0; p < n; p++) {
    prevArea += c.previous[p]!;
    addMass += add[p]!;
    removeMass += remove[p]!;
  }
  const addBoost = addMass > 0 ? (t.clickShare * Math.max(prevArea, addMass)) / addMass : 0;
  const removeBoost = removeMass > 0 ? (t.clickShare * Math.max(n - prevArea, removeMass)) / removeMass : 0;
  let labels = c.previous;
  for (let round = 0; round < t.rounds; round++) {
    const from = labels;
    const fgWeight = (p: number) => from[p]! * (1 - remove[p]!) + addBoost * add[p]! + 3 * hardFg[p]!;
    const bgWeight = (p: number) =>
      (1 - from[p]!) * (1 - add[p]!) + removeBoost * remove[p]! + 3 * hardBg[p]!;
    const fgColor = fitColorModel(f.colorBins, fgWeight);
    const bgColor = fitColorModel(f.colorBins, bgWeight);
    const fgTexture = fitTextureModel(f.texture, fgWeight, f.textureShares);
    const bgTexture = fitTextureModel(f.texture, bgWeight, f.textureShares);
    const cut = createGridCut(w, h);
    for (let p = 0; p < n; p++) {
      if ((p % w) + 1 < w) setPairwise(cut, p, 0, t.smoothness * f.right[p]!);
      if (p + w < n) setPairwise(cut, p, 1, t.smoothness * f.down[p]!);
      if (fixed[p]) {
        cut.terminals[p] = fixed[p]! * HARD;
        continue;
      }
      const prior = t.prior * (1 - Math.max(add[p]!, remove[p]!));
      const source = bgColor[f.colorBins[p]!]! + t.textureWeight * bgTexture[f.texture[p]!]!;
      const sink = fgColor[f.colorBins[p]!]! + t.textureWeight * fgTexture[f.texture[p]!]!;
      const pull = t.pull * (add[p]! - remove[p]!);
      cut.terminals[p] = source - sink + (c.previous[p] ? prior : -prior) + pull;
    }
    labels = solveGridCut(cut);
  }
  return labels;
}

/**
 * Whether a mask holds a part of an object: a component of `minArea` pixels or more once what is
 * under 3 px thick is taken off. The residue of an outline (a 2-px sliver along the old edge,
 * kept as the largest part by the cleanup) is not one.
 */
function holdsAPart(mask: Uint8Array, w: number, h: number, minArea: number): boolean {
  const { sizes } = labelComponents(open3x3(mask, w, h), w, h, 1);
  return sizes.some((size, label) => label > 0 && size >= minArea);
}

/**
 * The cut cleaned of specks and holes, the clicks laid over it: the cleanup never undoes one.
 * With an include click or a box, nothing left of the previous answer (an exclude click whose
 * colours are the whole object's too) leaves it less what was fixed. With exclude clicks alone,
 * nothing left, a speck or a sliver is nothing: the empty mask, which the caller refuses as
 * `ungrounded` (before, a leftover or a half-restored answer, different at each image size).
 */
function keepClicks(
  labels: Uint8Array,
  c: Correction,
  seeds: ClickSeeds,
  fixed: Int8Array,
  w: number,
  h: number,
): Uint8Array {
  const cleaned = removeSpecksAndHoles(
    labels,
    w,
    h,
    c.minArea,
    c.includes.map((p) => pixelOf(p, w, h)),
    c.excludes.map((p) => pixelOf(p, w, h)),
  );
  const excludesOnly = c.includes.length === 0 && !c.box;
  const empty = !excludesOnly && !cleaned.includes(1);
  for (let p = 0; p < cleaned.length; p++) {
    if (seeds.hardFg[p]) cleaned[p] = 1;
    else if (seeds.hardBg[p]) cleaned[p] = 0;
    else if (empty) cleaned[p] = +(c.previous[p]! + fixed[p]! > 0); // not fixed to background
  }
  if (excludesOnly && !holdsAPart(cleaned, w, h, c.minArea)) return new Uint8Array(cleaned.length);
  return cleaned;
}

/**
 * A correction on a working crop: the graph cut of the first answer (colour and texture models,
 * edge-aware smoothness), but starting from the previous answer. Clicks are hard labels; the
 * previous label is a prior on every pixel that fades to nothing within the geodesic region of
 * the clicks that disagree with it (and is held fixed beyond `lock`), so the cut moves there and
 * holds elsewhere; and the models are re-fitted from the previous answer with those regions
 * moved to the side they were clicked into, so a click on a wrongly included region takes its
 * colours out of the object.
 */
export function refineRegion(
  f: CropFeatures,
  c: Correction,
  t: CorrectionTuning = CORRECTION_DEFAULTS,
): Uint8Array {
  const { workWidth: w, workHeight: h } = f.frame;
  const seeds = clickSeeds(f, c, t);
  const fixed = fixedLabels(f, c, t, seeds, seeds.distanceTo);
  return keepClicks(cutRounds(f, c, t, seeds, fixed), c, seeds, fixed, w, h);
}

import type { Pixels } from '../../protocol/types';
import { resizePixels } from '../../image/pixels';
import { binOf } from './color-model';
import { edgeWeights } from './edge-weights';
import { textureBins, textureShares } from './texture-model';
import type { CropFrame } from './vectorize';

/** Pairwise strength (GrabCut's gamma), as in the first answer's segmentRegion. */
const GAMMA = 25;

/**
 * Everything a correction needs from one working crop that does not depend on the clicks: the
 * resampled pixels, colour and texture classes, and the edge-aware pairwise weights. Built once
 * per crop and kept between clicks, so a correction pays for the cut, not for the image.
 */
export interface CropFeatures {
  frame: CropFrame;
  rgba: Uint8ClampedArray | Uint8Array;
  colorBins: Uint16Array;
  texture: Uint8Array;
  textureShares: Float64Array;
  /** Pairwise weight to the right and downward neighbour. */
  right: Float32Array;
  down: Float32Array;
  /** Colour distance (RGB, Euclidean) to the right and downward neighbour, for geodesics. */
  rightDiff: Float32Array;
  downDiff: Float32Array;
}

function buildFeatures(image: Pixels, rect: CropFrame): CropFeatures {
  const { workWidth: w, workHeight: h } = rect;
  const rgba = resizePixels(image, w, h, rect).data;
  const n = w * h;
  const colorBins = new Uint16Array(n);
  for (let p = 0; p < n; p++) colorBins[p] = binOf(rgba, p);
  const texture = textureBins(rgba, w, h);
  const { right, down, rightDiff, downDiff } = edgeWeights(rgba, w, h, GAMMA);
  return {
    frame: rect,
    rgba,
    colorBins,
    texture,
    textureShares: textureShares(texture),
    right,
    down,
    rightDiff,
    downDiff,
  };
}

// Per decoded image (the decoded-image cache hands every request on one image the same Pixels
// object), the few crops its corrections used last.
const cache = new WeakMap<Pixels, CropFeatures[]>();
const KEEP = 3;
/** A cached crop serves a region when it holds it and is at most this many times its area. */
const REUSE_AREA = 2.5;

/**
 * The features of a crop holding `need` (image pixels), at most `size` working pixels on its long
 * side: a cached crop when one holds it without wasting too much resolution, else a new one a
 * little larger than asked, so that the next clicks nearby find it.
 */
export function cropFeatures(
  image: Pixels,
  need: { x0: number; y0: number; x1: number; y1: number },
  size: number,
): CropFeatures {
  const list = cache.get(image) ?? [];
  const needArea = Math.max(1, (need.x1 - need.x0) * (need.y1 - need.y0));
  for (const f of list) {
    const r = f.frame;
    const holds = r.x <= need.x0 && r.y <= need.y0 && r.x + r.width >= need.x1 && r.y + r.height >= need.y1;
    if (holds && r.width * r.height <= REUSE_AREA * needArea) {
      list.splice(list.indexOf(f), 1);
      list.push(f);
      return f;
    }
  }
  const { width: W, height: H } = image;
  const grow = 0.1 * Math.max(need.x1 - need.x0, need.y1 - need.y0);
  const x0 = Math.max(0, Math.floor(need.x0 - grow)),
    y0 = Math.max(0, Math.floor(need.y0 - grow));
  const x1 = Math.min(W, Math.ceil(need.x1 + grow)),
    y1 = Math.min(H, Math.ceil(need.y1 + grow));
  const width = Math.max(1, x1 - x0),
    height = Math.max(1, y1 - y0);
  const scale = Math.min(1, size / Math.max(width, height));
  const frame: CropFrame = {
    x: x0,
    y: y0,
    width,
    height,
    workWidth: Math.max(2, Math.round(width * scale)),
    workHeight: Math.max(2, Math.round(height * scale)),
    imageWidth: W,
    imageHeight: H,
  };
  const features = buildFeatures(image, frame);
  list.push(features);
  if (list.length > KEEP) list.shift();
  cache.set(image, list);
  return features;
}

/**
 * Cutouts: the object alone on a transparent background, as a PNG (or RGBA pixels), cropped to
 * the object with an optional soft edge. Browsers, workers and Node 20+.
 */
import { SegmentError } from '../protocol/errors';
import type { Bbox, ImageSource, Pixels } from '../protocol/types';
import { imageToPixels } from '../image/decode';
import { isPixels } from '../image/pixels';
import { rasterizePath } from '../geometry/rasterize';
import { encodePng } from './png';

export interface CutoutOptions {
  /** Crop to the mask's own box (default true); false keeps the whole image size. */
  crop?: boolean;
  /** Pixels of transparent margin around the crop, within the image. Default 0. */
  padding?: number;
  /**
   * Soft edge: alpha rises from the mask's outline to full over this many pixels, inwards, so
   * no background colour bleeds in. Default 0 (a hard edge). The image's own border is no edge.
   */
  feather?: number;
  /** `'png'` (default): PNG bytes. `'pixels'`: RGBA pixels, e.g. to draw on a canvas. */
  format?: 'png' | 'pixels';
}

/** A mask as values per pixel (nonzero: object), or a result's bbox-relative path and bbox. */
export type CutoutMask = ArrayLike<number> | { path: string; bbox: Bbox };

const SQRT2 = Math.SQRT2;

/**
 * Distance (chamfer, 1 and √2 steps) from each pixel of the region to the nearest background
 * pixel, capped at `cap`. Outside the region: background inside the image (the crop is the
 * mask's box), object beyond the image's edge (an object cut by the frame keeps a hard edge).
 */
function edgeDistance(
  inside: Uint8Array,
  w: number,
  h: number,
  edges: { left: boolean; top: boolean; right: boolean; bottom: boolean },
  cap: number,
): Float32Array {
  const d = new Float32Array(w * h);
  for (let i = 0; i < d.length; i++) d[i] = inside[i] ? cap : 0;
  const beyond = (x: number, y: number) =>
    (x < 0 && edges.left) || (y < 0 && edges.top) || (x >= w && edges.right) || (y >= h && edges.bottom)
      ? cap
      : 0;
  const at = (x: number, y: number) => (x < 0 || y < 0 || x >= w || y >= h ? beyond(x, y) : d[y * w + x]!);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      if (!d[i]) continue;
      d[i] = Math.min(
        d[i]!,
        at(x - 1, y) + 1,
        at(x, y - 1) + 1,
        at(x - 1, y - 1) + SQRT2,
        at(x + 1, y - 1) + SQRT2,
      );
    }
  for (let y = h - 1; y >= 0; y--)
    for (let x = w - 1; x >= 0; x--) {
      const i = y * w + x;
      if (!d[i]) continue;
      d[i] = Math.min(
        d[i]!,
        at(x + 1, y) + 1,
        at(x, y + 1) + 1,
        at(x + 1, y + 1) + SQRT2,
        at(x - 1, y + 1) + SQRT2,
      );
    }
  return d;
}

function checkOptions(options: CutoutOptions) {
  const { padding = 0, feather = 0 } = options;
  if (!(Number.isFinite(padding) && padding >= 0))
    throw new SegmentError('invalid_input', `padding must be a number of pixels ≥ 0, got ${padding}.`, {
      param: 'padding',
    });
  if (!(Number.isFinite(feather) && feather >= 0))
    throw new SegmentError('invalid_input', `feather must be a radius in pixels ≥ 0, got ${feather}.`, {
      param: 'feather',
    });
}

function toMask(mask: CutoutMask, width: number, height: number): ArrayLike<number> {
  if ('path' in mask) return rasterizePath(mask.path, mask.bbox, width, height);
  if (mask.length !== width * height)
    throw new SegmentError(
      'invalid_input',
      `The mask has ${mask.length} values; the image is ${width}x${height} (${width * height}).`,
      { param: 'mask' },
    );
  return mask;
}

/** The crop box in pixels: the mask's tight box plus padding, or the whole image. */
function cropBox(mask: ArrayLike<number>, width: number, height: number, options: CutoutOptions) {
  let x0 = width,
    y0 = height,
    x1 = -1,
    y1 = -1;
  for (let y = 0; y < height; y++)
    for (let x = 0, row = y * width; x < width; x++)
      if (mask[row + x]) {
        if (x < x0) x0 = x;
        if (x > x1) x1 = x;
        if (y < y0) y0 = y;
        y1 = y;
      }
  if (x1 < 0)
    throw new SegmentError('invalid_input', 'The mask is empty: nothing to cut out.', { param: 'mask' });
  if (options.crop === false) return { x: 0, y: 0, w: width, h: height };
  const pad = Math.round(options.padding ?? 0);
  const x = Math.max(0, x0 - pad),
    y = Math.max(0, y0 - pad);
  return { x, y, w: Math.min(width, x1 + 1 + pad) - x, h: Math.min(height, y1 + 1 + pad) - y };
}

/**
 * The object of `mask` cut out of `image`: RGBA with alpha 255 on the object and 0 elsewhere
 * (with `feather`, a ramp just inside the outline), cropped to the object's box. `image` is RGBA
 * pixels, or any source `imageToPixels` reads (decoded at full size, which the mask must match).
 */
export async function maskToCutout(
  image: Pixels | ImageSource,
  mask: CutoutMask,
  options?: CutoutOptions & { format?: 'png' },
): Promise<Uint8Array>;
export async function maskToCutout(
  image: Pixels | ImageSource,
  mask: CutoutMask,
  options: CutoutOptions & { format: 'pixels' },
): Promise<Pixels>;
export async function maskToCutout(
  image: Pixels | ImageSource,
  mask: CutoutMask,
  options: CutoutOptions = {},
): Promise<Uint8Array | Pixels> {
  checkOptions(options);
  const pixels = isPixels(image) ? image : await imageToPixels(image);
  const { width, height, data } = pixels;
  if (data.length !== width * height * 4)
    throw new SegmentError('invalid_input', `Pixels must be RGBA: ${width}x${height}x4 values.`, {
      param: 'image',
    });
  const values = toMask(mask, width, height);
  const box = cropBox(values, width, height, options);
  const inside = new Uint8Array(box.w * box.h);
  for (let y = 0; y < box.h; y++)
    for (let x = 0; x < box.w; x++) inside[y * box.w + x] = values[(box.y + y) * width + box.x + x] ? 1 : 0;
  const feather = options.feather ?? 0;
  const distance =
    feather > 0
      ? edgeDistance(
          inside,
          box.w,
          box.h,
          {
            left: box.x === 0,
            top: box.y === 0,
            right: box.x + box.w === width,
            bottom: box.y + box.h === height,
          },
          feather + 1,
        )
      : null;
  const out = new Uint8ClampedArray(box.w * box.h * 4);
  for (let y = 0; y < box.h; y++)
    for (let x = 0; x < box.w; x++) {
      const i = y * box.w + x;
      if (!inside[i]) continue; // transparent black
      const s = ((box.y + y) * width + box.x + x) * 4;
      const o = i * 4;
      out[o] = data[s]!;
      out[o + 1] = data[s + 1]!;
      out[o + 2] = data[s + 2]!;
      // The outline pixel (distance 1) gets 1/2 of a step, so a radius r spans r pixels.
      out[o + 3] = distance ? Math.round(255 * Math.min(1, (distance[i]! - 0.5) / feather)) : 255;
    }
  if (options.format === 'pixels') return { data: out, width: box.w, height: box.h };
  return encodePng(out, box.w, box.h, 4);
}

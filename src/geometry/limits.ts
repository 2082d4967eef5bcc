/**
 * Checks shared by the geometry and export functions, so that hostile sizes, non-finite numbers
 * and oversized input become a `SegmentError` (`invalid_input`, naming the field) instead of a
 * bare RangeError from a typed-array constructor, or a silent multi-gigabyte allocation.
 */
import { SegmentError } from '../protocol/errors';
import type { Bbox } from '../protocol/types';

/**
 * Masks (one byte per pixel) larger than this are refused. 100 MP is twice the largest image the
 * decoders accept (DEFAULT_MAX_INPUT_PIXELS, 50 MP), so a mask of any decodable image fits,
 * while 50000×50000 (2.5 GB) is refused. Functions that allocate masks take `maxPixels` to raise it.
 */
export const DEFAULT_MAX_MASK_PIXELS = 100_000_000;

function invalid(param: string, message: string): never {
  throw new SegmentError('invalid_input', message, { param });
}

/** A mask size: positive integers whose product is at most `maxPixels`. */
export function assertMaskSize(width: unknown, height: unknown, maxPixels = DEFAULT_MAX_MASK_PIXELS): void {
  for (const [name, value] of [
    ['width', width],
    ['height', height],
  ] as const) {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 1)
      invalid(name, `${name} must be a positive integer (got ${String(value).slice(0, 40)}).`);
  }
  if (!(typeof maxPixels === 'number' && maxPixels > 0))
    invalid('maxPixels', 'maxPixels must be a positive number.');
  const pixels = (width as number) * (height as number);
  if (pixels > maxPixels) {
    invalid(
      'width',
      `A ${String(width)}×${String(height)} mask (${pixels} pixels) is above the limit of ${maxPixels} (maxPixels).`,
    );
  }
}

/** A finite number (not NaN, not ±Infinity). */
export function assertFinite(value: unknown, param: string): asserts value is number {
  if (typeof value !== 'number' || !Number.isFinite(value))
    invalid(param, `${param} must be a finite number (got ${String(value).slice(0, 40)}).`);
}

/** A bbox of four finite numbers (any order is drawn as given; only finiteness is required). */
export function assertBbox(bbox: unknown, param = 'bbox'): asserts bbox is Bbox {
  if (typeof bbox !== 'object' || bbox === null) invalid(param, `${param} must be an object.`);
  const b = bbox as Record<string, unknown>;
  for (const key of ['xMin', 'yMin', 'xMax', 'yMax']) assertFinite(b[key], `${param}.${key}`);
}

/** A mask whose length matches its size. */
export function assertMaskLength(
  mask: ArrayLike<number>,
  width: number,
  height: number,
  param = 'mask',
): void {
  if (!mask || typeof mask.length !== 'number' || mask.length !== width * height)
    invalid(param, `${param} has ${String(mask?.length)} values, expected ${width}×${height}.`);
}

/** A curve flattening tolerance: finite and positive. */
export function assertTolerance(tolerance: unknown, param = 'tolerance'): void {
  if (!(typeof tolerance === 'number' && Number.isFinite(tolerance) && tolerance > 0))
    invalid(param, `${param} must be a positive finite number (got ${String(tolerance).slice(0, 40)}).`);
}

/** The least point budget of a flattened path, so no real answer is ever coarsened. */
const MIN_FLATTEN_POINTS = 65_536;

/**
 * Points a path may flatten to when drawn over `pixels` cells (a mask's pixels, or the cells a
 * tolerance can tell apart): one per pixel, and never fewer than 65,536. An outline with more
 * points than its mask has pixels shows nothing more, so past this curves get fewer segments
 * (`flattenPath`'s `maxPoints`) instead of a hostile path costing seconds and hundreds of MB.
 */
export function flattenBudget(pixels: number): number {
  return Math.max(MIN_FLATTEN_POINTS, Math.ceil(pixels));
}

import { SegmentError } from './errors';
import type { PointRef, SpatialRef } from './types';

function describe(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/**
 * Checks spatial refs before any request: points `[x, y]` and boxes `[x0, y0, x1, y1]`, every
 * number finite and in [0, 1], min <= max. Throws `SegmentError('invalid_input')` naming the ref.
 */
export function validateSpatialRefs(refs: unknown): asserts refs is SpatialRef[] {
  if (refs === undefined) return;
  if (!Array.isArray(refs)) {
    throw new SegmentError(
      'invalid_input',
      `spatial_refs must be a list of points and boxes, got ${describe(refs)}.`,
      { param: 'spatial_refs' },
    );
  }
  refs.forEach((ref: unknown, i) => {
    const param = `spatial_refs[${i}]`;
    const bad = (why: string) =>
      new SegmentError('invalid_input', `Spatial ref ${i} ${describe(ref)} ${why}.`, { param });
    if (!Array.isArray(ref) || (ref.length !== 2 && ref.length !== 4)) {
      throw bad('must be a point [x, y] or a box [x_min, y_min, x_max, y_max]');
    }
    for (const n of ref) {
      if (typeof n !== 'number' || !Number.isFinite(n)) throw bad('must hold finite numbers');
      if (n < 0 || n > 1) throw bad('must be normalized to the image: every number in [0, 1]');
    }
    if (ref.length === 4 && (ref[0] > ref[2] || ref[1] > ref[3])) {
      throw bad('has min > max; a box is [x_min, y_min, x_max, y_max]');
    }
  });
}

/** The object must be a non-blank string; returns it trimmed. */
export function validateObject(object: unknown): string {
  if (typeof object !== 'string' || object.trim() === '') {
    throw new SegmentError(
      'invalid_input',
      'Say what to segment: `object` must be a non-empty string such as "cat".',
      { param: 'object' },
    );
  }
  return object.trim();
}

export function isBoxRef(ref: SpatialRef): ref is readonly [number, number, number, number] {
  return ref.length === 4;
}

/**
 * Checks exclude points (segmask extension `negative_refs`): `[x, y]` each, finite, in [0, 1].
 * Throws `SegmentError('invalid_input')` naming the ref.
 */
export function validateNegativeRefs(refs: unknown): asserts refs is PointRef[] | undefined {
  if (refs === undefined) return;
  if (!Array.isArray(refs)) {
    throw new SegmentError(
      'invalid_input',
      `negative_refs must be a list of points, got ${describe(refs)}.`,
      {
        param: 'negative_refs',
      },
    );
  }
  refs.forEach((ref: unknown, i) => {
    const ok =
      Array.isArray(ref) &&
      ref.length === 2 &&
      ref.every((n) => typeof n === 'number' && Number.isFinite(n) && n >= 0 && n <= 1);
    if (!ok) {
      throw new SegmentError(
        'invalid_input',
        `Exclude ref ${i} ${describe(ref)} must be a point [x, y] with both numbers in [0, 1].`,
        { param: `negative_refs[${i}]` },
      );
    }
  });
}

/**
 * Checks the fields every backend reads — `object`, `spatialRefs`, `negativeRefs` — and returns
 * the object name trimmed. Throws `SegmentError('invalid_input')` naming the field.
 */
export function validateRequest(request: {
  object: unknown;
  spatialRefs?: unknown;
  negativeRefs?: unknown;
}): string {
  const object = validateObject(request.object);
  validateSpatialRefs(request.spatialRefs);
  validateNegativeRefs(request.negativeRefs);
  return object;
}

import { describeValue } from './describe-value';
import { SegmentError } from './errors';
import type { PointRef, SpatialRef, PreviousAnswer } from './types';

const describe = describeValue;

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
 * Checks `previous` (segmask extension): `{path, bbox}` with `path` a string of at most
 * `maxPathLength` characters and `bbox` `{x_min, y_min, x_max, y_max}` (wire names), four finite
 * numbers in [0, 1] with min <= max. Returns it in the kit's shape. The path's syntax is checked
 * by the caller with the geometry parser (protocol imports nothing below it).
 */
export function validatePrevious(value: unknown, maxPathLength = 200_000): PreviousAnswer | undefined {
  if (value === undefined) return undefined;
  const bad = (param: string, why: string) =>
    new SegmentError('invalid_input', `${param} ${why}.`, { param });
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw bad('previous', 'must be an earlier final answer {path, bbox}');
  const { path, bbox } = value as { path?: unknown; bbox?: unknown };
  if (typeof path !== 'string' || path.trim() === '')
    throw bad('previous.path', 'must be a non-empty SVG path');
  if (path.length > maxPathLength)
    throw bad('previous.path', `is ${path.length} characters; the limit is ${maxPathLength}`);
  if (typeof bbox !== 'object' || bbox === null || Array.isArray(bbox))
    throw bad('previous.bbox', 'must be {x_min, y_min, x_max, y_max}');
  const b = bbox as Record<string, unknown>;
  const n = [b.x_min, b.y_min, b.x_max, b.y_max];
  if (!n.every((v) => typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= 1))
    throw bad('previous.bbox', `${describe(bbox)} must hold four finite numbers in [0, 1]`);
  const [xMin, yMin, xMax, yMax] = n as number[];
  if (xMin! > xMax! || yMin! > yMax!) throw bad('previous.bbox', `${describe(bbox)} has min > max`);
  return { path, bbox: { xMin: xMin!, yMin: yMin!, xMax: xMax!, yMax: yMax! } };
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

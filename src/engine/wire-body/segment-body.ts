import { SegmentError } from '../../protocol/errors';
import type { PointRef, PreviousAnswer, SpatialRef } from '../../protocol/types';
import {
  validateNegativeRefs,
  validateObject,
  validatePrevious,
  validateSpatialRefs,
} from '../../protocol/validate';
import type { BodyLimits } from './body-limits';
import { MAX_FIELD_DEPTH, tooDeepField } from './nesting';
import { checkPreviousPath } from './previous-path';

/** A `/segment` request body, checked field by field before any work or key is spent on it. */
export interface SegmentBody {
  /** The parsed JSON as sent (a proxy forwards it). */
  fields: Record<string, unknown>;
  imageUrl: string;
  object: string;
  spatialRefs?: SpatialRef[];
  negativeRefs?: PointRef[];
  previous?: PreviousAnswer;
  stream: boolean;
}

export const invalid = (param: string | undefined, message: string) =>
  new SegmentError('invalid_input', message, { param, status: 400 });

function countOf(value: unknown): number {
  return Array.isArray(value) ? value.length : 0;
}

/** The body as a JSON object (UTF-8), or a 400. */
export function parseJsonObject(bytes: Uint8Array): Record<string, unknown> {
  let fields: Record<string, unknown>;
  try {
    fields = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes)) as Record<string, unknown>;
  } catch {
    throw invalid(undefined, 'The request body must be a JSON object (UTF-8).');
  }
  if (typeof fields !== 'object' || fields === null || Array.isArray(fields))
    throw invalid(undefined, 'The request body must be a JSON object.');
  const deep = tooDeepField(fields);
  if (deep !== undefined)
    throw invalid(
      deep,
      `${deep.slice(0, 40)} nests deeper than ${MAX_FIELD_DEPTH} levels of lists and objects.`,
    );
  return fields;
}

/** Parses and validates the body; throws a 400 `SegmentError` naming the field at fault. */
export function parseSegmentBody(bytes: Uint8Array, limits: BodyLimits): SegmentBody {
  const fields = parseJsonObject(bytes);
  const imageUrl = fields.image_url;
  if (typeof imageUrl !== 'string' || imageUrl === '')
    throw invalid('image_url', 'image_url must be a data URL of a JPEG or PNG.');
  if (fields.stream !== undefined && typeof fields.stream !== 'boolean')
    throw invalid('stream', 'stream must be a JSON boolean.');
  const object = validateObject(fields.object);
  if (object.length > limits.maxObjectLength)
    throw invalid('object', `object is ${object.length} characters; the limit is ${limits.maxObjectLength}.`);
  // Counted before any per-ref work, so a huge list costs nothing but its parse.
  const refs = countOf(fields.spatial_refs) + countOf(fields.negative_refs);
  if (refs > limits.maxRefs)
    throw invalid(
      countOf(fields.spatial_refs) > limits.maxRefs ? 'spatial_refs' : 'negative_refs',
      `${refs} refs; the limit is ${limits.maxRefs} (spatial_refs and negative_refs together).`,
    );
  validateSpatialRefs(fields.spatial_refs);
  validateNegativeRefs(fields.negative_refs);
  const previous = validatePrevious(fields.previous, limits.maxPreviousPathLength);
  if (previous) checkPreviousPath(previous.path);
  const spatialRefs = fields.spatial_refs as SpatialRef[] | undefined;
  const negativeRefs = fields.negative_refs as PointRef[] | undefined;
  if (negativeRefs?.length && !spatialRefs?.length && !previous)
    throw invalid(
      'negative_refs',
      'Exclude points need something to exclude from: add an include point or box, or send previous.',
    );
  return {
    fields,
    imageUrl,
    object,
    spatialRefs,
    negativeRefs,
    previous,
    stream: fields.stream === true,
  };
}

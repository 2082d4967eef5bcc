import { SegmentError } from '../protocol/errors';
import type { PointRef, PreviousAnswer, SpatialRef } from '../protocol/types';
import {
  validateNegativeRefs,
  validateObject,
  validatePrevious,
  validateSpatialRefs,
} from '../protocol/validate';
import { parsePath } from '../geometry/path-parser';
import { base64ToBytes } from '../image/base64';
import { pngHasOneHeader } from '../image/pixel-limit';
import { readImageHeader } from '../image/sniff';
import type { SegmentLimits } from './limits';

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

const invalid = (param: string | undefined, message: string) =>
  new SegmentError('invalid_input', message, { param, status: 400 });

function countOf(value: unknown): number {
  return Array.isArray(value) ? value.length : 0;
}

/** Parses and validates the body; throws a 400 `SegmentError` naming the field at fault. */
export function parseSegmentBody(bytes: Uint8Array, limits: SegmentLimits): SegmentBody {
  let fields: Record<string, unknown>;
  try {
    fields = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes)) as Record<string, unknown>;
  } catch {
    throw invalid(undefined, 'The request body must be a JSON object (UTF-8).');
  }
  if (typeof fields !== 'object' || fields === null || Array.isArray(fields))
    throw invalid(undefined, 'The request body must be a JSON object.');
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
  if (previous) {
    try {
      parsePath(previous.path);
    } catch {
      throw invalid('previous.path', 'previous.path is not an SVG path the kit can read.');
    }
  }
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

const DATA_URL = /^data:([^;,]*)((?:;[^;,]*)*?);base64,/i;

function refusePixels(width: number, height: number, limits: SegmentLimits): void {
  if (width === 0 || height === 0)
    throw invalid('image_url', `The image declares ${width}×${height} pixels.`);
  if (width * height > limits.maxPixels)
    throw new SegmentError(
      'payload_too_large',
      `The image declares ${width}×${height} = ${width * height} pixels; the limit is ${limits.maxPixels} (maxPixels).`,
      { param: 'image_url', status: 413 },
    );
}

/**
 * Engine mode: the image bytes of a data URL, refused from its header (format and declared
 * size) before anything decodes it, so a 69-byte PNG declaring 65535² costs nothing.
 */
export function imageBytesOf(imageUrl: string, limits: SegmentLimits): Uint8Array {
  const match = DATA_URL.exec(imageUrl);
  if (!match) throw invalid('image_url', 'image_url must be a base64 data URL of a JPEG or PNG.');
  const bytes = base64ToBytes(imageUrl.slice(match[0].length));
  const info = readImageHeader(bytes);
  // A second IHDR would make the decoder allocate for a size this check never saw.
  if (!info || (info.format === 'png' && !pngHasOneHeader(bytes)))
    throw invalid('image_url', 'image_url is not a decodable JPEG or PNG data URL.');
  refusePixels(info.width, info.height, limits);
  return bytes;
}

/**
 * Proxy mode: the declared size from the first bytes of a data URL (no full decode on the event
 * loop), refused above the limit before the key is spent. Anything unreadable goes on to the
 * upstream, which judges its own input.
 */
export function checkDeclaredPixels(imageUrl: string, limits: SegmentLimits): void {
  const match = DATA_URL.exec(imageUrl.slice(0, 256));
  if (!match) return;
  const start = match[0].length;
  const prefix = imageUrl.slice(start, start + 262_144).replace(/[^A-Za-z0-9+/]/g, '');
  const info = readImageHeader(base64ToBytes(prefix.slice(0, prefix.length - (prefix.length % 4))));
  if (info) refusePixels(info.width, info.height, limits);
}

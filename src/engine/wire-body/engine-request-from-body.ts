import type { SegmentRequest } from '../../protocol/types';
import type { BodyLimits } from './body-limits';
import { imageBytesOf } from './data-url-image';
import { invalid, parseJsonObject, parseSegmentBody } from './segment-body';

/** A `/segment` body as the engine takes it: the request (image as bytes) and whether to stream. */
export interface ParsedSegmentBody {
  request: Omit<SegmentRequest, 'signal'> & { image: Uint8Array };
  stream: boolean;
}

/**
 * Parses, checks and decodes a raw `/segment` body: JSON, every field, the base64 image and its
 * header (format and declared size). The costly part of a request before the engine, which is
 * why `segmask serve` runs it on an engine thread (EnginePool.parseBody), not the event loop.
 * Throws a 400/413 `SegmentError` naming the field at fault.
 */
export function engineRequestFromBody(bytes: Uint8Array, limits: BodyLimits): ParsedSegmentBody {
  const body = parseSegmentBody(bytes, limits);
  const image = imageBytesOf(body.imageUrl, limits);
  return {
    stream: body.stream,
    request: {
      image,
      object: body.object,
      spatialRefs: body.spatialRefs,
      ...(body.negativeRefs ? { negativeRefs: body.negativeRefs } : {}),
      ...(body.previous ? { previous: body.previous } : {}),
    },
  };
}

/** Which route's body: `/segment`'s whole request, or `/prepare`'s image alone. */
export type BodyShape = 'segment' | 'prepare';

/**
 * A `/prepare` body (`{"image_url": "data:..."}`) with the same image checks as `/segment`; other
 * fields are ignored. Parsed as a request with no prompt, which only `prepare` reads.
 */
export function prepareRequestFromBody(bytes: Uint8Array, limits: BodyLimits): ParsedSegmentBody {
  const imageUrl = parseJsonObject(bytes).image_url;
  if (typeof imageUrl !== 'string' || imageUrl === '')
    throw invalid('image_url', 'image_url must be a data URL of a JPEG or PNG.');
  return { stream: false, request: { image: imageBytesOf(imageUrl, limits), object: '' } };
}

/** Parses a body of either shape. */
export function requestFromBody(
  bytes: Uint8Array,
  limits: BodyLimits,
  shape: BodyShape = 'segment',
): ParsedSegmentBody {
  return shape === 'prepare' ? prepareRequestFromBody(bytes, limits) : engineRequestFromBody(bytes, limits);
}

/** A parser of raw `/segment` bodies somewhere off the caller's thread (the engine pool's threads). */
export interface SegmentBodyParser {
  /**
   * Resolves with the parsed body or rejects with the same typed errors as
   * `engineRequestFromBody`. Takes ownership of `body` (its buffer may be transferred).
   */
  parseBody(body: Uint8Array, limits: BodyLimits, shape?: BodyShape): Promise<ParsedSegmentBody>;
}

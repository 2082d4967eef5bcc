import type { SegmentRequest, SegmenterCapabilities } from '../protocol/types';
import { toWireBbox, toWireRefs, type WireBbox, type WireSegmentRequest } from '../protocol/wire';

/** Sampling settings passed through as Moondream's `settings`. */
export interface MoondreamSettings {
  temperature?: number;
  topP?: number;
  maxTokens?: number;
}

/** The JSON body of a `/segment` POST, with segmask's extension fields. */
export type MoondreamSegmentBody = WireSegmentRequest & {
  negative_refs?: number[][];
  previous?: { path: string; bbox: WireBbox };
};

/**
 * The body for `request` with its image already encoded. The extension fields go only to a
 * server that lists them in its capabilities (`extensions`); the caller has refused exclude
 * clicks a server cannot take.
 */
export function moondreamSegmentBody(
  request: SegmentRequest,
  imageUrl: string,
  extensions: SegmenterCapabilities,
  settings: MoondreamSettings | undefined,
): MoondreamSegmentBody {
  const body: MoondreamSegmentBody = { image_url: imageUrl, object: request.object, stream: true };
  if (request.spatialRefs?.length) body.spatial_refs = toWireRefs(request.spatialRefs);
  if (request.negativeRefs?.length) body.negative_refs = request.negativeRefs.map(([x, y]) => [x, y]);
  if (request.previous && extensions.previous)
    body.previous = { path: request.previous.path, bbox: toWireBbox(request.previous.bbox) };
  if (settings) {
    const { temperature, topP, maxTokens } = settings;
    body.settings = { temperature, top_p: topP, max_tokens: maxTokens };
  }
  return body;
}

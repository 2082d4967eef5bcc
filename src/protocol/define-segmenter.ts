import { collectResult } from './collect';
import type { SegmentEvent, SegmentRequest, Segmenter } from './types';
import { validateRequest } from './validate';

/** What a backend writes; `defineSegmenter` adds the checks and `segment()`. */
export interface SegmenterParts {
  /** Events for a request whose fields are already checked (`object` trimmed). */
  stream(request: SegmentRequest): AsyncIterable<SegmentEvent>;
  capabilities?: Segmenter['capabilities'];
  knownCapabilities?: Segmenter['knownCapabilities'];
  prepare?: Segmenter['prepare'];
  dispose?: Segmenter['dispose'];
}

/**
 * The one way a backend becomes a `Segmenter`: every request's `object`, `spatialRefs` and
 * `negativeRefs` are checked before the backend sees it (a typed `invalid_input` naming the
 * field), and `segment()` is the stream run to its final event.
 */
export function defineSegmenter(parts: SegmenterParts): Segmenter {
  async function* stream(request: SegmentRequest): AsyncGenerator<SegmentEvent, void, undefined> {
    const object = validateRequest(request);
    yield* parts.stream(object === request.object ? request : { ...request, object });
  }
  const segmenter: Segmenter = { stream, segment: (request) => collectResult(stream(request)) };
  if (parts.capabilities) segmenter.capabilities = parts.capabilities;
  if (parts.knownCapabilities) Object.assign(segmenter, { knownCapabilities: parts.knownCapabilities });
  if (parts.prepare) segmenter.prepare = parts.prepare;
  if (parts.dispose) segmenter.dispose = parts.dispose;
  return segmenter;
}

import { DEFAULT_MAX_INPUT_PIXELS } from '../../image/pixel-limit';

/**
 * What a `/segment` body may ask of the engine, checked while it is parsed (on an engine
 * thread in `segmask serve`, before the request waits for its turn). The server adds the body's
 * byte limit, counted on its own thread as the body streams (server/limits.ts).
 */
export interface BodyLimits {
  /** Image width × height read from the JPEG/PNG header, refused before decoding. Default 50 MP. */
  maxPixels: number;
  /** Characters of `object`. Default 500. */
  maxObjectLength: number;
  /** `spatial_refs` plus `negative_refs`. Default 256. */
  maxRefs: number;
  /** Characters of `previous.path`. Default 200 000. */
  maxPreviousPathLength: number;
}

export const DEFAULT_BODY_LIMITS: BodyLimits = {
  maxPixels: DEFAULT_MAX_INPUT_PIXELS, // 50 MP, the decoder's own default
  maxObjectLength: 500,
  maxRefs: 256,
  maxPreviousPathLength: 200_000,
};

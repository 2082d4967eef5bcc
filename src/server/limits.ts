import { DEFAULT_MAX_INPUT_PIXELS } from '../image/pixel-limit';

/**
 * What one request may cost the server. Every limit is checked before the work it guards (the
 * body as it streams, the pixels from the image header before any decode, the prompt before it
 * reaches the engine or the key is spent). docs/security.md lists them.
 */
export interface SegmentLimits {
  /** Request body bytes, counted as they stream (chunked or not). Default 10 MB (Moondream's). */
  maxBodyBytes: number;
  /** Image width × height read from the JPEG/PNG header, refused before decoding. Default 50 MP. */
  maxPixels: number;
  /** Characters of `object`. Default 500. */
  maxObjectLength: number;
  /** `spatial_refs` plus `negative_refs`. Default 256. */
  maxRefs: number;
  /** Characters of `previous.path`. Default 200 000. */
  maxPreviousPathLength: number;
}

export const DEFAULT_LIMITS: SegmentLimits = {
  maxBodyBytes: 10_000_000,
  maxPixels: DEFAULT_MAX_INPUT_PIXELS, // 50 MP, the decoder's own default
  maxObjectLength: 500,
  maxRefs: 256,
  maxPreviousPathLength: 200_000,
};

/** Proxy timeouts; each ends the request with a clear 504 (or an `error` event once streaming). */
export interface UpstreamTimeouts {
  /** From sending the request to the upstream's response headers (connecting included). Default 30 s. */
  firstByteMs: number;
  /** Silence between two chunks of the upstream's body. Default 30 s. */
  idleMs: number;
}

export const DEFAULT_TIMEOUTS: UpstreamTimeouts = { firstByteMs: 30_000, idleMs: 30_000 };

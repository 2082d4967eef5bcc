import { DEFAULT_BODY_LIMITS, type BodyLimits } from '../engine/wire-body/body-limits';

/**
 * What one request may cost the server. Every limit is checked before the work it guards (the
 * body as it streams, the pixels from the image header before any decode, the prompt before it
 * reaches the engine or the key is spent). docs/security.md lists them; the body's own limits
 * (pixels, object, refs, previous) are in engine/wire-body/body-limits.ts, where it is parsed.
 */
export interface SegmentLimits extends BodyLimits {
  /** Request body bytes, counted as they stream (chunked or not). Default 10 MB (Moondream's). */
  maxBodyBytes: number;
}

export const DEFAULT_LIMITS: SegmentLimits = { maxBodyBytes: 10_000_000, ...DEFAULT_BODY_LIMITS };

/** Proxy timeouts; each ends the request with a clear 504 (or an `error` event once streaming). */
export interface UpstreamTimeouts {
  /** From sending the request to the upstream's response headers (connecting included). Default 30 s. */
  firstByteMs: number;
  /** Silence between two chunks of the upstream's body. Default 30 s. */
  idleMs: number;
}

export const DEFAULT_TIMEOUTS: UpstreamTimeouts = { firstByteMs: 30_000, idleMs: 30_000 };

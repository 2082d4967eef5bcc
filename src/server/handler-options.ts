import type { Segmenter } from '../protocol/types';
import type { CorsOrigins } from './cors';
import { DEFAULT_LIMITS, type SegmentLimits, type UpstreamTimeouts } from './limits';

export interface SegmentHandlerOptions extends Partial<SegmentLimits> {
  /**
   * Proxy mode (whenever this or `upstream` is present, even `undefined`): forward adding this
   * key. Resolved per request as `apiKey ?? process.env.MOONDREAM_API_KEY`, so a route module
   * evaluated at build time with no env constructs fine; a cloud-bound request with no key then
   * answers 503 naming MOONDREAM_API_KEY.
   */
  apiKey?: string;
  /** Proxy mode: the Moondream-compatible base URL to forward to (default https://api.moondream.ai/v1). */
  upstream?: string;
  /** Proxy mode: timeouts that end a silent upstream with 504. */
  timeouts?: Partial<UpstreamTimeouts>;
  /**
   * Engine mode: the segmenter that answers (e.g. `createLocalSegmenter()`). One that also
   * parses bodies (`parseBody`, as `createEnginePool()` does on its threads) gets the raw body,
   * so the JSON and the base64 image are never parsed on this thread.
   */
  segmenter?: Segmenter;
  /** Requests running at once; more wait in a queue. Default 2. */
  concurrency?: number;
  /** Waiting requests beyond this get 429 with Retry-After. Default 16. */
  maxQueue?: number;
  /**
   * Browser origins allowed; `'*'` allows any. Default: http(s)://localhost and 127.0.0.1 on any
   * port. A request whose Origin is neither allowed nor the server's own gets 403.
   */
  corsOrigins?: CorsOrigins;
  /**
   * The path the routes sit below: `{basePath}/segment`, `{basePath}/capabilities`,
   * `{basePath}/health` (and `/health`), matched whole. Default `/v1`; a Next.js route file
   * `app/api/moondream/segment/route.ts` takes `basePath: '/api/moondream'`; `''` is the root.
   */
  basePath?: string;
  /** One line per request (never a key or credential). Default console.log; `() => {}` silences. */
  log?: (line: string) => void;
}

/** The limits in force: each option given, else its default. */
export function limitsOf(options: SegmentHandlerOptions): SegmentLimits {
  const limits: SegmentLimits = { ...DEFAULT_LIMITS };
  for (const key of Object.keys(DEFAULT_LIMITS) as (keyof SegmentLimits)[])
    if (options[key] !== undefined) limits[key] = options[key];
  return limits;
}

/**
 * Proxy mode by presence, not truthiness: `{ apiKey: process.env.MOONDREAM_API_KEY }` is a proxy
 * even when the env is empty at build time (Next.js evaluates route modules with no env).
 */
export const isProxy = (options: SegmentHandlerOptions): boolean =>
  'apiKey' in options || 'upstream' in options;

import { SegmentError, abortedError } from '../protocol/errors';
import { defineSegmenter } from '../protocol/define-segmenter';
import type { ImageSource, PrepareOptions, SegmentEvent, SegmentRequest, Segmenter } from '../protocol/types';
import type { EncodeImageOptions } from '../image/encode';
import { untilAborted } from '../util/until-aborted';
import { cachedCapabilities } from './cached-capabilities';
import type { MoondreamSettings } from './moondream-body';
import type { MoondreamServer } from './moondream-requests';
import type { RetryOptions } from './retry';

export const MOONDREAM_CLOUD_ENDPOINT = 'https://api.moondream.ai/v1';

const DEFAULT_RETRY: Required<RetryOptions> = { retries: 3, baseDelayMs: 500, maxDelayMs: 4000 };

export interface MoondreamSegmenterOptions {
  /** Cloud API key. Leave out for a proxy or a local server (a browser must never hold one). */
  apiKey?: string;
  /** Base URL; `/segment` is appended. Default the cloud. A relative URL works in browsers. */
  endpoint?: string;
  /** A `fetch` to use instead of the global one. */
  fetch?: typeof fetch;
  /** Backoff for 408/425/429/5xx before the stream starts, or `false`. */
  retry?: RetryOptions | false;
  /** How images are prepared (downscale limit, JPEG quality). */
  image?: EncodeImageOptions;
  /** Sampling settings passed through as Moondream's `settings`. */
  settings?: MoondreamSettings;
}

/**
 * A segmenter over Moondream's `/segment` (cloud, self-hosted, or a proxy), streaming over
 * `fetch` so it runs in browsers, workers and Node 20+.
 */
export function createMoondreamSegmenter(options: MoondreamSegmenterOptions = {}): Segmenter {
  const endpoint = (options.endpoint ?? MOONDREAM_CLOUD_ENDPOINT).replace(/\/+$/, '');
  const retry =
    options.retry === false ? { ...DEFAULT_RETRY, retries: 0 } : { ...DEFAULT_RETRY, ...options.retry };
  const doFetch = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));

  const server: MoondreamServer = {
    endpoint,
    doFetch,
    headers: options.apiKey ? { 'X-Moondream-Auth': options.apiKey } : {},
    retry,
    image: options.image,
    settings: options.settings,
    capabilities: cachedCapabilities(async () => (await loadRequests()).probeServer(server)),
  };

  async function* stream(request: SegmentRequest): AsyncGenerator<SegmentEvent, void, undefined> {
    const { signal } = request;
    if (signal?.aborted) throw abortedError(signal.reason);
    const { segmentOnServer } = await untilAborted(loadRequests(), signal);
    yield* segmentOnServer(server, request);
  }

  const prepare = async (image: ImageSource, opts: PrepareOptions = {}) =>
    (await untilAborted(loadRequests(), opts.signal)).prepareImage(server, image, opts);

  return defineSegmenter({ stream, capabilities: server.capabilities, prepare });
}

let requests: Promise<typeof import('./moondream-requests')> | undefined;

/**
 * The request path (image encoding, posting, stream decoding: over a third of a typical app's
 * segmask code) is a chunk of its own, loaded when a segmenter first talks to its server — the
 * canvas asks its capabilities as it mounts — so the page's first load does not carry it. A
 * failed load is not kept: the next request tries again.
 */
function loadRequests(): Promise<typeof import('./moondream-requests')> {
  if (!requests) {
    const loading = import('./moondream-requests').catch((cause: unknown) => {
      if (requests === loading) requests = undefined;
      throw new SegmentError(
        'network',
        `Could not load segmask's request code (${String(cause)}). Check that the app's chunks are served.`,
        { cause },
      );
    });
    requests = loading;
  }
  return requests;
}

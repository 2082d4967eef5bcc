import { abortedError } from '../protocol/errors';
import { defineSegmenter } from '../protocol/define-segmenter';
import type { ImageSource, PrepareOptions, SegmentEvent, SegmentRequest, Segmenter } from '../protocol/types';
import { prepareOnServer } from './prepare-image';
import { encodeImage, type EncodeImageOptions } from '../image/encode';
import { cachedCapabilities, extensionsFor, probeCapabilities } from './capabilities';
import { moondreamSegmentBody, type MoondreamSettings } from './moondream-body';
import { eventsFromResponse } from './moondream-response';
import { postWithRetry } from './post-with-retry';
import { DEFAULT_RETRY, type RetryOptions } from './retry';

export const MOONDREAM_CLOUD_ENDPOINT = 'https://api.moondream.ai/v1';

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

  const authHeaders: Record<string, string> = options.apiKey ? { 'X-Moondream-Auth': options.apiKey } : {};
  const capabilities = cachedCapabilities(() => probeCapabilities(endpoint, doFetch, authHeaders));

  async function* stream(request: SegmentRequest): AsyncGenerator<SegmentEvent, void, undefined> {
    const { signal } = request;
    if (signal?.aborted) throw abortedError(signal.reason);
    // The extension fields go only to a server that lists them (Moondream's do not).
    const extensions = await extensionsFor(request, endpoint, capabilities);
    const image = await encodeImage(request.image, options.image, signal);
    const body = moondreamSegmentBody(request, image.dataUrl, extensions, options.settings);
    const headers = { 'Content-Type': 'application/json', Accept: 'text/event-stream', ...authHeaders };
    const response = await postWithRetry(
      doFetch,
      `${endpoint}/segment`,
      { headers, payload: JSON.stringify(body), signal },
      retry,
      endpoint,
    );
    // Past this point nothing is retried: events may already be on screen.
    yield* eventsFromResponse(response, signal);
  }

  const prepare = (image: ImageSource, opts: PrepareOptions = {}) =>
    prepareOnServer(image, opts, {
      endpoint,
      capabilities,
      doFetch,
      headers: authHeaders,
      retry,
      image: options.image,
    });

  return defineSegmenter({ stream, capabilities, prepare });
}

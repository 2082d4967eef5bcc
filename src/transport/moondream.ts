import { SegmentError, abortedError, errorFromHttp, isAbortError, readErrorBody } from '../protocol/errors';
import { resultFromFinal } from '../protocol/collect';
import { defineSegmenter } from '../protocol/define-segmenter';
import type { SegmentEvent, SegmentRequest, Segmenter, SegmenterCapabilities } from '../protocol/types';
import {
  finalFromWire,
  toWireBbox,
  toWireRefs,
  type WireBbox,
  type WireSegmentRequest,
} from '../protocol/wire';
import { probeCapabilities, untilAborted } from './capabilities';
import { encodeImage, type EncodeImageOptions } from '../image/encode';
import { decodeSegmentStream } from './decode-stream';
import {
  DEFAULT_RETRY,
  backoffDelay,
  isRetryableStatus,
  parseRetryAfter,
  sleep,
  type RetryOptions,
} from './retry';

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
  settings?: { temperature?: number; topP?: number; maxTokens?: number };
}

async function readBody(response: Response): Promise<unknown> {
  const text = await response.text().catch(() => '');
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Events of a server that answered JSON although we asked for a stream. */
function* eventsFromJsonBody(body: unknown): Generator<SegmentEvent> {
  const record = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  if ('error' in record && !('path' in record)) {
    // Moondream Station answers 200 {"error": "Function 'segment' not available"}.
    const { message } = readErrorBody(record);
    throw new SegmentError(
      'unsupported',
      `This server cannot segment${message ? ` ("${message}")` : ''}. Use Moondream Cloud, a server with /segment, or segmask's offline engine.`,
      { detail: message },
    );
  }
  if (!('path' in record)) {
    throw new SegmentError(
      'invalid_response',
      'The server answered 200 with neither a stream nor a segment result.',
    );
  }
  const final = finalFromWire(record);
  resultFromFinal(final); // throws parse_error on an unusable result
  yield { type: 'bbox', bbox: final.bbox! };
  yield final;
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
  // Asked once per segmenter; a failure to reach the server is not kept, so the next call asks again.
  let known: Promise<SegmenterCapabilities> | undefined;
  function capabilities(opts: { signal?: AbortSignal } = {}): Promise<SegmenterCapabilities> {
    if (!known) {
      const probe = probeCapabilities(endpoint, doFetch, authHeaders);
      probe.catch(() => {
        if (known === probe) known = undefined;
      });
      known = probe;
    }
    return untilAborted(known, opts.signal);
  }

  async function* stream(request: SegmentRequest): AsyncGenerator<SegmentEvent, void, undefined> {
    const { signal, object } = request;
    if (signal?.aborted) throw abortedError(signal.reason);
    // The extension fields go only to a server that lists them (Moondream's do not). Exclude
    // clicks cannot be dropped silently — the answer would ignore what the user said — while
    // `previous` is a hint a server may ignore.
    const wantsNegatives = (request.negativeRefs?.length ?? 0) > 0;
    const extensions =
      wantsNegatives || request.previous
        ? await capabilities({ signal })
        : { negativeRefs: false, previous: false };
    if (wantsNegatives && !extensions.negativeRefs) {
      throw new SegmentError(
        'unsupported',
        `This server (${endpoint}) does not take exclude clicks (negative_refs); Moondream's API has include refs only. Use segmask serve or the offline engine for exclude clicks.`,
        { param: 'negative_refs' },
      );
    }
    const image = await encodeImage(request.image, options.image, signal);

    const body: WireSegmentRequest & {
      negative_refs?: number[][];
      previous?: { path: string; bbox: WireBbox };
    } = { image_url: image.dataUrl, object, stream: true };
    if (request.spatialRefs?.length) body.spatial_refs = toWireRefs(request.spatialRefs);
    if (wantsNegatives) body.negative_refs = request.negativeRefs!.map(([x, y]) => [x, y]);
    if (request.previous && extensions.previous)
      body.previous = { path: request.previous.path, bbox: toWireBbox(request.previous.bbox) };
    if (options.settings) {
      const { temperature, topP, maxTokens } = options.settings;
      body.settings = { temperature, top_p: topP, max_tokens: maxTokens };
    }
    const headers: Record<string, string> = {
      'Content-Type': 'application/json',
      Accept: 'text/event-stream',
    };
    Object.assign(headers, authHeaders);
    const payload = JSON.stringify(body);

    let response: Response | undefined;
    for (let attempt = 0; ; attempt++) {
      let error: SegmentError;
      try {
        // The signal goes to fetch itself, so aborting closes the connection.
        response = await doFetch(`${endpoint}/segment`, { method: 'POST', headers, body: payload, signal });
        if (response.ok) break;
        const retryAfterMs = parseRetryAfter(response.headers.get('Retry-After'));
        error = errorFromHttp(response.status, await readBody(response), retryAfterMs);
        if (!isRetryableStatus(response.status)) throw error;
      } catch (cause) {
        if (cause instanceof SegmentError) throw cause;
        if (isAbortError(cause) || signal?.aborted) throw abortedError(cause);
        error = new SegmentError(
          'network',
          `Could not reach ${endpoint} (${String(cause)}). Check the endpoint and your connection${typeof window !== 'undefined' ? ', and that the server allows this origin (CORS)' : ''}.`,
          { cause },
        );
      }
      if (attempt >= retry.retries) throw error;
      await sleep(backoffDelay(attempt, retry, error.retryAfterMs), signal);
    }

    const type = response.headers.get('Content-Type') ?? '';
    if (!type.includes('text/event-stream')) {
      yield* eventsFromJsonBody(await readBody(response));
      return;
    }
    if (!response.body) throw new SegmentError('stream_incomplete', 'The server sent an empty stream.');
    // Past this point nothing is retried: events may already be on screen.
    for await (const event of decodeSegmentStream(response.body, { signal })) {
      if (event.type === 'final') resultFromFinal(event); // throws parse_error on an unusable final
      yield event;
    }
  }

  return defineSegmenter({ stream, capabilities });
}

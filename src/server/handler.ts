import { SegmentError } from '../protocol/errors';
import type { Segmenter } from '../protocol/types';
import { createCors, type CorsOrigins } from './cors';
import { answerWithEngine, type Admission } from './engine-route';
import { errorResponse, json, segmentErrorResponse, type HeaderMap } from './http-errors';
import { DEFAULT_LIMITS, DEFAULT_TIMEOUTS, type SegmentLimits, type UpstreamTimeouts } from './limits';
import { forward, forwardCapabilities, type ProxyContext } from './proxy';
import { readBodyCapped } from './read-body';
import { checkDeclaredPixels, imageBytesOf, parseSegmentBody } from './segment-body';
import { parseUpstream } from './upstream-url';
import { createIdMaker } from '../util/id-maker';
import { createAdmissionQueue } from '../util/admission-queue';

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
  /** Engine mode: the segmenter that answers (e.g. `createLocalSegmenter()`). */
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
  /** One line per request (never a key or credential). Default console.log; `() => {}` silences. */
  log?: (line: string) => void;
}

/** The env key, read per request; `process` is guarded for edge runtimes that lack it. */
function envApiKey(): string | undefined {
  const env =
    typeof process === 'undefined' ? undefined : (process.env as Record<string, string | undefined>);
  return env?.MOONDREAM_API_KEY || undefined;
}

/**
 * A Moondream-compatible `/v1/segment` as a fetch-API handler `(Request) => Promise<Response>`:
 * a Next.js route handler, Hono, Bun or Deno take it as is (`toNodeHandler` adapts it to Node's
 * http and Express). With `apiKey`/`upstream` it is a proxy that adds the key and streams the
 * events through unbuffered; otherwise it answers with `segmenter`. Also `GET .../health` and
 * `GET .../capabilities` (segmask's extensions).
 */
export function createSegmentHandler(
  options: SegmentHandlerOptions,
): (request: Request) => Promise<Response> {
  const limits: SegmentLimits = { ...DEFAULT_LIMITS };
  for (const key of Object.keys(DEFAULT_LIMITS) as (keyof SegmentLimits)[])
    if (options[key] !== undefined) limits[key] = options[key];
  const timeouts: UpstreamTimeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
  const cors = createCors(options.corsOrigins);
  const log = options.log ?? ((line: string) => console.log(line));
  // Presence, not truthiness: `{ apiKey: process.env.MOONDREAM_API_KEY }` is a proxy even when
  // the env is empty at build time (Next.js evaluates route modules with no env).
  const proxy = 'apiKey' in options || 'upstream' in options;
  const segmenter = options.segmenter;
  if (!proxy && !segmenter)
    throw new SegmentError(
      'invalid_input',
      'createSegmentHandler needs a segmenter, or apiKey/upstream for a proxy.',
    );
  const upstream = parseUpstream(options.upstream);
  const admission: Admission = {
    running: 0,
    queue: createAdmissionQueue(),
    concurrency: options.concurrency ?? 2,
    maxQueue: options.maxQueue ?? 16,
  };
  const nextId = createIdMaker();

  function proxyContext(headers: HeaderMap): ProxyContext | Response {
    const apiKey = options.apiKey ?? envApiKey();
    if (!apiKey && upstream.cloud)
      return errorResponse(
        503,
        'The proxy has no Moondream API key: set MOONDREAM_API_KEY in the server environment (or pass apiKey).',
        null,
        'missing_api_key',
        headers,
      );
    return { upstream, timeouts, apiKey, cors: headers };
  }

  async function capabilities(request: Request, headers: HeaderMap): Promise<Response> {
    if (proxy) {
      const ctx = proxyContext(headers);
      return ctx instanceof Response
        ? json(200, { extensions: [] }, headers)
        : forwardCapabilities(request, ctx);
    }
    const caps = await segmenter!.capabilities?.({ signal: request.signal });
    const extensions = [
      ...(caps?.negativeRefs ? ['negative_refs'] : []),
      ...(caps?.previous ? ['previous'] : []),
    ];
    return json(200, { extensions }, headers);
  }

  async function segment(request: Request, id: string, headers: HeaderMap): Promise<Response> {
    const bytes = await readBodyCapped(request, limits.maxBodyBytes);
    const body = parseSegmentBody(bytes, limits);
    if (proxy) {
      const ctx = proxyContext(headers);
      if (ctx instanceof Response) return ctx;
      checkDeclaredPixels(body.imageUrl, limits);
      if (upstream.cloud && body.negativeRefs)
        throw new SegmentError('unsupported', "Moondream's cloud takes no exclude points (negative_refs).", {
          param: 'negative_refs',
          status: 400,
        });
      // `previous` is a hint the cloud does not know: it never leaves for it.
      const { previous: _hint, ...fields } = body.fields;
      const sent: BodyInit =
        upstream.cloud && body.previous ? JSON.stringify(fields) : (bytes as Uint8Array<ArrayBuffer>);
      return forward(request, 'segment', { method: 'POST', body: sent }, ctx);
    }
    const image = imageBytesOf(body.imageUrl, limits);
    return answerWithEngine(segmenter!, body, image, request, { id, cors: headers, admission });
  }

  async function handle(request: Request, id: string): Promise<Response> {
    const path = new URL(request.url).pathname;
    const headers = cors.headers(request);
    if (request.method === 'OPTIONS')
      return new Response(null, { status: 204, headers: { ...headers, 'Access-Control-Max-Age': '600' } });
    if (request.method === 'GET' && path.endsWith('/health')) {
      // A segmenter with stats() (the engine pool) reports its threads too.
      const engine = (segmenter as { stats?: () => object } | undefined)?.stats?.();
      const { running, queue } = admission;
      const mode = proxy ? 'proxy' : 'engine';
      return json(
        200,
        { status: 'ok', mode, running, waiting: queue.length, ...(engine ? { engine } : {}) },
        headers,
      );
    }
    const route = path.endsWith('/segment')
      ? 'segment'
      : path.endsWith('/capabilities')
        ? 'capabilities'
        : null;
    if (!route)
      return errorResponse(404, `No route ${path}; use POST /v1/segment.`, null, 'not_found', headers);
    if (!cors.admits(request))
      return errorResponse(
        403,
        'This origin may not call this server (see corsOrigins).',
        null,
        'origin_not_allowed',
      );
    const method = route === 'segment' ? 'POST' : 'GET';
    if (request.method !== method)
      return errorResponse(405, `Use ${method} for ${path}.`, null, 'method_not_allowed', {
        ...headers,
        Allow: method,
      });
    try {
      return route === 'segment' ? await segment(request, id, headers) : await capabilities(request, headers);
    } catch (error) {
      if (request.signal.aborted) return new Response(null, { status: 499, headers });
      return segmentErrorResponse(error, headers);
    }
  }

  return async (request) => {
    const id = `sm-${Date.now().toString(36)}-${nextId().toString(36)}`;
    const t0 = performance.now();
    const response = await handle(request, id).catch(() =>
      errorResponse(500, 'The server failed on this request.', null, 'server_error', cors.headers(request)),
    );
    const streaming = response.headers.get('Content-Type')?.includes('event-stream') ? ' (streaming)' : '';
    // The path only: a query string could carry a token.
    log(
      `${id} ${request.method} ${new URL(request.url).pathname} ${response.status} ${(performance.now() - t0).toFixed(0)}ms${streaming}`,
    );
    return response;
  };
}

import { SegmentError, type SegmentErrorCode } from '../protocol/errors';
import type { SegmentEvent, Segmenter } from '../protocol/types';
import { validateRequest } from '../protocol/validate';
import { toWireEvent, toWireResult } from '../protocol/wire';
import { parseDataUrl } from '../image/base64';
import { sniffImage } from '../image/sniff';
import { resultFromFinal } from '../protocol/collect';
import { MOONDREAM_CLOUD_ENDPOINT } from '../transport/moondream';
import { createIdMaker } from '../util/id-maker';

export interface SegmentHandlerOptions {
  /**
   * Proxy mode (whenever this or `upstream` is present, even `undefined`): forward adding this
   * key. Resolved per request as `apiKey ?? process.env.MOONDREAM_API_KEY`, so a route module
   * evaluated at build time with no env constructs fine; a cloud-bound request with no key then
   * answers 503 naming MOONDREAM_API_KEY.
   */
  apiKey?: string;
  /** Proxy mode: the Moondream-compatible base URL to forward to (default https://api.moondream.ai/v1). */
  upstream?: string;
  /** Engine mode: the segmenter that answers (e.g. `createLocalSegmenter()`). */
  segmenter?: Segmenter;
  /** Requests above this many bytes get 413. Default 10 MB (Moondream's limit). */
  maxBodyBytes?: number;
  /** Requests running at once; more wait in a queue. Default 2. */
  concurrency?: number;
  /** Waiting requests beyond this get 429 with Retry-After. Default 16. */
  maxQueue?: number;
  /** Allowed CORS origins. Default: http(s)://localhost and 127.0.0.1 on any port. */
  corsOrigins?: (string | RegExp)[];
  /** One line per request. Default console.log; pass `() => {}` to silence. */
  log?: (line: string) => void;
}

const STATUS: Partial<Record<SegmentErrorCode, number>> = {
  invalid_input: 400,
  bad_request: 400,
  ungrounded: 400,
  parse_error: 422,
  unauthorized: 401,
  payload_too_large: 413,
  rate_limited: 429,
  unsupported: 501,
  aborted: 499,
};
const TYPE: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  413: 'invalid_request_error',
  429: 'rate_limit_error',
};

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } });

/** An error in the cloud's shape: `{"error": {message, type, param, code}}`. */
function errorResponse(
  status: number,
  message: string,
  param: string | null,
  code: string | null,
  headers: Record<string, string> = {},
) {
  return json(status, { error: { message, type: TYPE[status] ?? 'server_error', param, code } }, headers);
}

function isCloud(base: string): boolean {
  let host: string;
  try {
    host = new URL(base).hostname;
  } catch {
    throw new SegmentError('invalid_input', 'upstream must be an absolute http(s) URL.', {
      param: 'upstream',
    });
  }
  return host === 'moondream.ai' || host.endsWith('.moondream.ai');
}

/** The env key, read per request; `process` is guarded for edge runtimes that lack it. */
function envApiKey(): string | undefined {
  const env =
    typeof process === 'undefined' ? undefined : (process.env as Record<string, string | undefined>);
  return env?.MOONDREAM_API_KEY || undefined;
}

const DEFAULT_ORIGINS = [/^https?:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/];

/**
 * A Moondream-compatible `/v1/segment` as a fetch-API handler `(Request) => Promise<Response>`:
 * a Next.js route handler, Hono, Bun or Deno take it as is (`toNodeHandler` adapts it to Node's
 * http and Express). With `apiKey`/`upstream` it is a proxy that adds the key and streams the
 * events through unbuffered; otherwise it answers with `segmenter`.
 */
export function createSegmentHandler(
  options: SegmentHandlerOptions,
): (request: Request) => Promise<Response> {
  const maxBody = options.maxBodyBytes ?? 10_000_000;
  const origins = options.corsOrigins ?? DEFAULT_ORIGINS;
  const log = options.log ?? ((line: string) => console.log(line));
  // Presence, not truthiness: `{ apiKey: process.env.MOONDREAM_API_KEY }` is a proxy even when
  // the env is empty at build time (Next.js evaluates route modules with no env).
  const proxy = 'apiKey' in options || 'upstream' in options;
  if (!proxy && !options.segmenter)
    throw new SegmentError(
      'invalid_input',
      'createSegmentHandler needs a segmenter, or apiKey/upstream for a proxy.',
    );
  const upstream = (options.upstream ?? MOONDREAM_CLOUD_ENDPOINT).replace(/\/+$/, '');
  const cloudBound = isCloud(upstream);
  let running = 0;
  const waiting: (() => void)[] = [];
  const concurrency = options.concurrency ?? 2;
  const maxQueue = options.maxQueue ?? 16;
  const nextId = createIdMaker();

  const cors = (request: Request): Record<string, string> => {
    const origin = request.headers.get('Origin');
    if (!origin || !origins.some((o) => (typeof o === 'string' ? o === origin : o.test(origin)))) return {};
    return {
      'Access-Control-Allow-Origin': origin,
      Vary: 'Origin',
      'Access-Control-Allow-Headers': 'Content-Type, X-Moondream-Auth',
      'Access-Control-Allow-Methods': 'POST, GET, OPTIONS',
    };
  };

  async function handle(request: Request, id: string): Promise<Response> {
    const url = new URL(request.url);
    const headers = cors(request);
    if (request.method === 'OPTIONS')
      return new Response(null, { status: 204, headers: { ...headers, 'Access-Control-Max-Age': '600' } });
    if (request.method === 'GET' && url.pathname.endsWith('/health')) {
      // A segmenter with stats() (the engine pool) reports its threads too.
      const engine = (options.segmenter as { stats?: () => object } | undefined)?.stats?.();
      return json(
        200,
        {
          status: 'ok',
          mode: proxy ? 'proxy' : 'engine',
          running,
          waiting: waiting.length,
          ...(engine ? { engine } : {}),
        },
        headers,
      );
    }
    if (request.method !== 'POST' || !url.pathname.endsWith('/segment'))
      return errorResponse(
        404,
        `No route ${request.method} ${url.pathname}; use POST /v1/segment.`,
        null,
        'not_found',
        headers,
      );
    const length = Number(request.headers.get('Content-Length') ?? 0);
    if (length > maxBody)
      return errorResponse(
        413,
        `Request too large (${length} bytes; the limit is ${maxBody}).`,
        'image_url',
        'payload_too_large',
        headers,
      );
    const text = await request.text();
    if (text.length > maxBody)
      return errorResponse(
        413,
        `Request too large (the limit is ${maxBody} bytes).`,
        'image_url',
        'payload_too_large',
        headers,
      );

    if (proxy) {
      const apiKey = options.apiKey ?? envApiKey();
      if (!apiKey && cloudBound)
        return errorResponse(
          503,
          'The proxy has no Moondream API key: set MOONDREAM_API_KEY in the server environment (or pass apiKey).',
          null,
          'missing_api_key',
          headers,
        );
      const forward: Record<string, string> = { 'Content-Type': 'application/json' };
      if (apiKey) forward['X-Moondream-Auth'] = apiKey;
      const answer = await fetch(`${upstream}/segment`, {
        method: 'POST',
        headers: forward,
        body: text,
        signal: request.signal,
      });
      // The body streams through as it arrives: no buffering of the SSE.
      return new Response(answer.body, {
        status: answer.status,
        headers: {
          ...headers,
          'Content-Type': answer.headers.get('Content-Type') ?? 'application/json',
          'Cache-Control': 'no-cache',
          'X-Accel-Buffering': 'no',
        },
      });
    }

    let body: Record<string, unknown>;
    try {
      body = JSON.parse(text) as Record<string, unknown>;
      if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new Error('not an object');
    } catch {
      return errorResponse(400, 'The request body must be a JSON object.', null, 'invalid_json', headers);
    }
    const imageUrl = body.image_url;
    if (typeof imageUrl !== 'string')
      return errorResponse(
        400,
        'image_url must be a data URL of a JPEG or PNG.',
        'image_url',
        'invalid_image',
        headers,
      );
    const data = parseDataUrl(imageUrl);
    if (!data || !sniffImage(data.bytes))
      return errorResponse(
        400,
        'image_url is not a decodable JPEG or PNG data URL.',
        'image_url',
        'invalid_image',
        headers,
      );
    if (body.stream !== undefined && typeof body.stream !== 'boolean')
      return errorResponse(400, 'stream must be a JSON boolean.', 'stream', 'invalid_type', headers);
    let object: string;
    try {
      object = validateRequest({ object: body.object, spatialRefs: body.spatial_refs });
    } catch (error) {
      const e = error as SegmentError;
      return errorResponse(400, e.message, e.param ?? null, 'invalid_value', headers);
    }

    if (running >= concurrency) {
      if (waiting.length >= maxQueue)
        return errorResponse(429, 'The engine is busy; retry shortly.', null, 'rate_limited', {
          ...headers,
          'Retry-After': '1',
        });
      // A client that leaves while waiting gives up its place: its work never starts.
      const admitted = await new Promise<boolean>((resolve) => {
        const admit = () => {
          request.signal.removeEventListener('abort', leave);
          resolve(true);
        };
        const leave = () => {
          const at = waiting.indexOf(admit);
          if (at >= 0) waiting.splice(at, 1);
          resolve(false);
        };
        waiting.push(admit);
        request.signal.addEventListener('abort', leave, { once: true });
      });
      if (!admitted) return new Response(null, { status: 499 });
    }
    running++;
    const release = () => {
      running--;
      waiting.shift()?.();
    };
    const eventStream = options.segmenter!.stream({
      image: data.bytes,
      object,
      spatialRefs: body.spatial_refs as never,
      signal: request.signal,
    });
    const events = eventStream[Symbol.asyncIterator]();
    let first: IteratorResult<SegmentEvent>;
    try {
      first = await events.next(); // errors before the first event still get a status code
    } catch (error) {
      release();
      const e = error instanceof SegmentError ? error : new SegmentError('server_error', String(error));
      return errorResponse(STATUS[e.code] ?? 500, e.message, e.param ?? null, e.code, headers);
    }
    if (body.stream !== true) {
      try {
        let final: SegmentEvent | undefined = first.done ? undefined : first.value;
        for (let step = await events.next(); !step.done; step = await events.next()) final = step.value;
        if (final?.type !== 'final')
          throw new SegmentError('stream_incomplete', 'The engine ended without a result.');
        resultFromFinal(final);
        return json(200, { ...toWireResult(final), request_id: id }, headers);
      } catch (error) {
        const e = error instanceof SegmentError ? error : new SegmentError('server_error', String(error));
        return errorResponse(STATUS[e.code] ?? 500, e.message, e.param ?? null, e.code, headers);
      } finally {
        release();
      }
    }
    const encoder = new TextEncoder();
    const send = (event: SegmentEvent) =>
      encoder.encode(
        `data: ${JSON.stringify(event.type === 'final' ? { ...toWireEvent(event), request_id: id } : toWireEvent(event))}\n\n`,
      );
    let released = false;
    const done = () => {
      if (!released) {
        released = true;
        release();
      }
    };
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        if (!first.done) controller.enqueue(send(first.value));
      },
      async pull(controller) {
        try {
          const step = await events.next();
          if (step.done) {
            done();
            controller.close();
          } else controller.enqueue(send(step.value));
        } catch {
          // As Moondream does: a failure mid-stream just closes it (the client sees no final).
          done();
          controller.close();
        }
      },
      async cancel() {
        done();
        await events.return?.(undefined);
      },
    });
    return new Response(stream, {
      status: 200,
      headers: {
        ...headers,
        'Content-Type': 'text/event-stream',
        'Cache-Control': 'no-cache',
        'X-Accel-Buffering': 'no',
      },
    });
  }

  return async (request) => {
    const id = `sm-${Date.now().toString(36)}-${nextId().toString(36)}`;
    const t0 = performance.now();
    const response = await handle(request, id).catch((error: unknown) => {
      if (request.signal.aborted) return new Response(null, { status: 499 });
      return errorResponse(502, `Upstream failed: ${String(error)}`, null, 'bad_gateway');
    });
    log(
      `${id} ${request.method} ${new URL(request.url).pathname} ${response.status} ${(performance.now() - t0).toFixed(0)}ms${response.headers.get('Content-Type')?.includes('event-stream') ? ' (streaming)' : ''}`,
    );
    return response;
  };
}

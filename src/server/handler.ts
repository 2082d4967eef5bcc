import { SegmentError } from '../protocol/errors';
import type { Segmenter } from '../protocol/types';
import { createIdMaker } from '../util/id-maker';
import { busyResponse, createAdmission, isFull, type Admission } from './admission';
import { createCors, type Cors, type RequestHead } from './cors';
import { createEngineRoute } from './engine-route';
import { errorResponse, json, segmentErrorResponse, type HeaderMap } from './http-errors';
import { isProxy, limitsOf, type SegmentHandlerOptions } from './handler-options';
import { DEFAULT_TIMEOUTS, type SegmentLimits } from './limits';
import { createProxyRoute } from './proxy-route';
import { readBodyCapped } from './read-body';
import { checkBasePath, DEFAULT_BASE_PATH, matchRoute, type RouteName, type RouteSpec } from './route-table';
import type { SegmentRoutes } from './routes';
import { parseUpstream } from './upstream-url';

export type { SegmentHandlerOptions } from './handler-options';
export type { RequestHead } from './cors';

/**
 * The handler, and the answer it can give from a request's head alone: a full engine's 429 to a
 * segment or prepare request, which Node's adapter (`toNodeHandler`) asks before it builds a
 * `Request`. Under a flood of retries, building each refused request's `Request`, signal and body
 * stream was most of the event loop's work, and `/health` waited behind it.
 */
export type SegmentHandler = ((request: Request) => Promise<Response>) & {
  refuseIfBusy?(head: RequestHead): Response | undefined;
};

/** What one route answers, once the route, the Origin and the method have passed. */
type Answer = (request: Request, ctx: { id: string; cors: HeaderMap }) => Promise<Response>;

/** `/health`: the mode, the requests running and waiting, and the engine pool's stats if any. */
function health(
  mode: 'proxy' | 'engine',
  admission: Admission,
  segmenter: Segmenter | undefined,
  cors: HeaderMap,
) {
  const engine = (segmenter as { stats?: () => object } | undefined)?.stats?.();
  const { running, queue } = admission;
  return json(
    200,
    { status: 'ok', mode, running, waiting: queue.length, ...(engine ? { engine } : {}) },
    cors,
  );
}

/** The answer of each row of ROUTES. */
function answersOf(config: {
  proxy: boolean;
  segmenter: Segmenter | undefined;
  admission: Admission;
  routes: SegmentRoutes;
  limits: SegmentLimits;
}): Record<RouteName, Answer> {
  const { proxy, segmenter, admission, routes, limits } = config;
  // A full engine refuses before the body is read: under a flood of retries, a 429 that first
  // buffered the upload, sent it to an engine thread to parse and took the image back cost the
  // event loop its allocations (and GC) and the threads their turns, for nothing.
  const body = (request: Request) => readBodyCapped(request, limits.maxBodyBytes);
  const engineFull = () => !proxy && isFull(admission);
  return {
    health: async (_request, { cors }) => health(proxy ? 'proxy' : 'engine', admission, segmenter, cors),
    capabilities: (request, { cors }) => routes.capabilities(request, cors),
    // The cheap checks (size as it streams, Origin, route) stay on this thread; the body's JSON
    // and image go to the engine's threads when it has them (engine-route.ts).
    segment: async (request, ctx) =>
      engineFull() ? busyResponse(ctx.cors) : routes.segment(request, await body(request), ctx),
    // segmask's own: only where the segmenter prepares (never in proxy mode).
    prepare: async (request, ctx) => {
      if (!routes.prepare)
        return errorResponse(404, 'This server has no prepare route.', null, 'not_found', ctx.cors);
      return engineFull() ? busyResponse(ctx.cors) : routes.prepare(request, await body(request), ctx);
    },
  };
}

/** A path as an error quotes it: its first 100 characters. */
const quotePath = (path: string) =>
  path.length > 100 ? `${path.slice(0, 100)}… (${path.length} characters)` : path;

/** A route's answer before its work: 404, CORS preflight, the Origin rule, the method. */
function preflight(
  request: RequestHead,
  path: string,
  config: { basePath: string; cors: Cors; headers: HeaderMap },
): Response | RouteSpec {
  const { basePath, cors, headers } = config;
  const route = matchRoute(path, basePath);
  if (!route)
    return errorResponse(
      404,
      `No route ${quotePath(path)}; use POST ${basePath}/segment.`,
      null,
      'not_found',
      headers,
    );
  if (request.method === 'OPTIONS')
    return new Response(null, { status: 204, headers: { ...headers, 'Access-Control-Max-Age': '600' } });
  if (route.checksOrigin && !cors.admits(request))
    return errorResponse(
      403,
      'This origin may not call this server (see corsOrigins).',
      null,
      'origin_not_allowed',
    );
  const head = request.method === 'HEAD' && route.method === 'GET';
  if (request.method !== route.method && !head)
    return errorResponse(405, `Use ${route.method} for ${path}.`, null, 'method_not_allowed', {
      ...headers,
      Allow: route.method === 'GET' ? 'GET, HEAD' : route.method,
    });
  return route;
}

/** HEAD: the GET answer's status and headers, without its body. */
async function withoutBody(response: Response): Promise<Response> {
  await response.body?.cancel();
  return new Response(null, { status: response.status, headers: response.headers });
}

/** One log line per request: the id, method, path (never the query: it could carry a token), status and time. */
function requestLogger(log: (line: string) => void) {
  const nextId = createIdMaker();
  return {
    nextId: () => `sm-${Date.now().toString(36)}-${nextId().toString(36)}`,
    line(id: string, head: RequestHead, response: Response, t0: number) {
      const streaming = response.headers.get('Content-Type')?.includes('event-stream') ? ' (streaming)' : '';
      log(
        `${id} ${head.method} ${new URL(head.url).pathname} ${response.status} ${(performance.now() - t0).toFixed(0)}ms${streaming}`,
      );
    },
  };
}

/** Each request with its id (what the answer's `request_id` says), a 500 for anything unexpected, and its log line. */
function withRequestLog(
  handle: (request: Request, id: string) => Promise<Response>,
  config: { cors: Cors; logger: ReturnType<typeof requestLogger> },
): (request: Request) => Promise<Response> {
  const { logger } = config;
  return async (request) => {
    const id = logger.nextId();
    const t0 = performance.now();
    const response = await handle(request, id).catch(() =>
      errorResponse(
        500,
        'The server failed on this request.',
        null,
        'server_error',
        config.cors.headers(request),
      ),
    );
    logger.line(id, request, response, t0);
    return response;
  };
}

/** The mode's routes: a proxy that adds the key, or the engine behind the admission. */
function routesOf(
  options: SegmentHandlerOptions,
  config: { proxy: boolean; limits: SegmentLimits; admission: Admission },
): SegmentRoutes {
  const { proxy, limits, admission } = config;
  if (!proxy) return createEngineRoute(options.segmenter!, { limits, admission });
  return createProxyRoute({
    apiKey: options.apiKey,
    upstream: parseUpstream(options.upstream),
    timeouts: { ...DEFAULT_TIMEOUTS, ...options.timeouts },
    limits,
  });
}

/**
 * A Moondream-compatible `/v1/segment` as a fetch-API handler `(Request) => Promise<Response>`:
 * a Next.js route handler, Hono, Bun or Deno take it as is (`toNodeHandler` adapts it to Node's
 * http and Express). With `apiKey`/`upstream` it is a proxy that adds the key and streams the
 * events through unbuffered; otherwise it answers with `segmenter`. Also `GET .../health` and
 * `GET .../capabilities` (segmask's extensions), all below `basePath` (route-table.ts).
 */
export function createSegmentHandler(options: SegmentHandlerOptions): SegmentHandler {
  const limits = limitsOf(options);
  const basePath = checkBasePath(options.basePath ?? DEFAULT_BASE_PATH);
  const cors = createCors(options.corsOrigins);
  const proxy = isProxy(options);
  const segmenter = options.segmenter;
  if (!proxy && !segmenter)
    throw new SegmentError(
      'invalid_input',
      'createSegmentHandler needs a segmenter, or apiKey/upstream for a proxy.',
    );
  const admission = createAdmission(options.concurrency ?? 2, options.maxQueue ?? 16);
  const routes = routesOf(options, { proxy, limits, admission });
  const answers = answersOf({ proxy, segmenter, admission, routes, limits });

  async function handle(request: Request, id: string): Promise<Response> {
    const path = new URL(request.url).pathname;
    const headers = cors.headers(request);
    const route = preflight(request, path, { basePath, cors, headers });
    if (route instanceof Response) return route;
    try {
      const response = await answers[route.name](request, { id, cors: headers });
      return request.method === 'HEAD' ? await withoutBody(response) : response;
    } catch (error) {
      if (request.signal.aborted) return new Response(null, { status: 499, headers });
      return segmentErrorResponse(error, headers);
    }
  }
  const logger = requestLogger(options.log ?? ((line: string) => console.log(line)));
  const handler: SegmentHandler = withRequestLog(handle, { cors, logger });

  // The same answer as `handle` gives such a request (route, method and Origin pass, then the
  // engine is full), without the request's body.
  handler.refuseIfBusy = (head) => {
    if (proxy || !isFull(admission)) return undefined;
    const t0 = performance.now();
    const headers = cors.headers(head);
    const route = preflight(head, new URL(head.url).pathname, { basePath, cors, headers });
    // Anything else (a 404, 403 or 405, a preflight, /health) goes through the handler as it is.
    if (route instanceof Response) return undefined;
    if (route.name !== 'segment' && !(route.name === 'prepare' && routes.prepare)) return undefined;
    const response = busyResponse(headers);
    logger.line(logger.nextId(), head, response, t0);
    return response;
  };
  return handler;
}

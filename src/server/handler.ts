import { SegmentError } from '../protocol/errors';
import type { Segmenter } from '../protocol/types';
import { createIdMaker } from '../util/id-maker';
import { createAdmission, type Admission } from './admission';
import { createCors, type Cors } from './cors';
import { createEngineRoute } from './engine-route';
import { errorResponse, json, segmentErrorResponse, type HeaderMap } from './http-errors';
import { isProxy, limitsOf, type SegmentHandlerOptions } from './handler-options';
import { DEFAULT_TIMEOUTS } from './limits';
import { createProxyRoute } from './proxy-route';
import { readBodyCapped } from './read-body';
import type { SegmentRoutes } from './routes';
import { parseUpstream } from './upstream-url';

export type { SegmentHandlerOptions } from './handler-options';

type Route = 'segment' | 'capabilities' | 'prepare';

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

/** A route's answer before its work: CORS preflight, 404, the Origin rule, the method. */
function preflight(
  request: Request,
  path: string,
  cors: Cors,
  headers: HeaderMap,
  hasPrepare: boolean,
): Response | Route {
  if (request.method === 'OPTIONS')
    return new Response(null, { status: 204, headers: { ...headers, 'Access-Control-Max-Age': '600' } });
  const route = path.endsWith('/segment')
    ? 'segment'
    : path.endsWith('/capabilities')
      ? 'capabilities'
      : path.endsWith('/prepare') && hasPrepare
        ? 'prepare'
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
  const method = route === 'capabilities' ? 'GET' : 'POST';
  if (request.method !== method)
    return errorResponse(405, `Use ${method} for ${path}.`, null, 'method_not_allowed', {
      ...headers,
      Allow: method,
    });
  return route;
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
  const limits = limitsOf(options);
  const cors = createCors(options.corsOrigins);
  const log = options.log ?? ((line: string) => console.log(line));
  const proxy = isProxy(options);
  const segmenter = options.segmenter;
  if (!proxy && !segmenter)
    throw new SegmentError(
      'invalid_input',
      'createSegmentHandler needs a segmenter, or apiKey/upstream for a proxy.',
    );
  const admission = createAdmission(options.concurrency ?? 2, options.maxQueue ?? 16);
  const routes: SegmentRoutes = proxy
    ? createProxyRoute({
        apiKey: options.apiKey,
        upstream: parseUpstream(options.upstream),
        timeouts: { ...DEFAULT_TIMEOUTS, ...options.timeouts },
        limits,
      })
    : createEngineRoute(segmenter!, { limits, admission });
  const nextId = createIdMaker();

  async function handle(request: Request, id: string): Promise<Response> {
    const path = new URL(request.url).pathname;
    const headers = cors.headers(request);
    if (request.method === 'GET' && path.endsWith('/health'))
      return health(proxy ? 'proxy' : 'engine', admission, segmenter, headers);
    const route = preflight(request, path, cors, headers, Boolean(routes.prepare));
    if (route instanceof Response) return route;
    try {
      if (route === 'capabilities') return await routes.capabilities(request, headers);
      // The cheap checks (size as it streams, Origin, route) stay on this thread; the body's
      // JSON and image go to the engine's threads when it has them (engine-route.ts).
      const bytes = await readBodyCapped(request, limits.maxBodyBytes);
      if (route === 'prepare') return await routes.prepare!(request, bytes, { id, cors: headers });
      return await routes.segment(request, bytes, { id, cors: headers });
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

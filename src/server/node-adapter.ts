import type { IncomingMessage, ServerResponse } from 'node:http';
import { nodeRequestBody } from './node-request-body';
import { FETCH_METHODS, headersOf, plainAnswer, requestUrl } from './node-request-target';
import { createResponseWriter } from './node-response';
import type { SegmentHandler } from './handler';

export interface NodeHandlerOptions {
  /**
   * After an early answer (a 413 while the client is still uploading), how long the rest of the
   * body is read and discarded before the socket closes, so the client reads the answer instead
   * of a reset. Default 2000 ms.
   */
  lingerMs?: number;
  /** ...and at most this many bytes. Default 32 MB. */
  lingerBytes?: number;
}

function answerServerError(res: ServerResponse): void {
  if (res.headersSent) return void res.destroy();
  res.writeHead(500, { 'Content-Type': 'application/json', Connection: 'close' });
  res.end(
    JSON.stringify({
      error: {
        message: 'The server failed on this request.',
        type: 'server_error',
        param: null,
        code: 'server_error',
      },
    }),
  );
}

/**
 * Node's request as a fetch `Request` whose signal aborts when the client disconnects, and the
 * way to let go of its body stream (after an early answer).
 */
function fetchRequestOf(
  req: IncomingMessage,
  res: ServerResponse,
  url: string,
  headers: Headers,
): { request: Request; detach: (() => void) | undefined } {
  const method = req.method ?? '';
  const controller = new AbortController();
  const hasBody = method !== 'GET' && method !== 'HEAD' && method !== 'OPTIONS';
  const body = hasBody ? nodeRequestBody(req) : undefined;
  const request = new Request(url, {
    method,
    headers,
    body: body?.stream,
    signal: controller.signal,
    // @ts-expect-error Node's fetch needs `duplex` for a streamed request body.
    duplex: 'half',
  });
  // The closure holds `request` for the response's life: its signal's link to `controller` is
  // weak in Node's fetch, and a collected link would never tell the handler the client left.
  res.on('close', () => {
    if (!res.writableFinished && !request.signal.aborted) controller.abort();
  });
  return { request, detach: body?.detach };
}

/**
 * Adapts a fetch-API handler to Node's `http` (and Express: `app.post('/v1/segment', handler)`).
 * Every byte sequence gets an HTTP answer or a closed socket, never a crash: bad methods, Hosts
 * and request targets are answered before a `Request` exists, and nothing escapes as an unhandled
 * rejection. The request's AbortSignal fires when the client disconnects; the response streams
 * chunk by chunk with backpressure.
 */
export function toNodeHandler(
  handler: SegmentHandler | ((request: Request) => Promise<Response>),
  options: NodeHandlerOptions = {},
): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const send = createResponseWriter({
    lingerMs: options.lingerMs ?? 2000,
    lingerBytes: options.lingerBytes ?? 32_000_000,
  });

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? '';
    if (!FETCH_METHODS.has(method))
      return send(
        req,
        res,
        plainAnswer(405, `Method ${method} is not allowed.`, 'method_not_allowed', {
          Allow: 'GET, HEAD, POST, OPTIONS',
        }),
      );
    const url = requestUrl(req);
    if (!url) return send(req, res, plainAnswer(400, 'The request target is not a path.', 'bad_request'));
    const headers = headersOf(req);
    const refused = (handler as SegmentHandler).refuseIfBusy?.({ method, url, headers });
    if (refused) return send(req, res, refused);
    const { request, detach } = fetchRequestOf(req, res, url, headers);
    await send(req, res, await handler(request), detach);
  }

  return async (req, res) => {
    try {
      await serve(req, res);
    } catch {
      answerServerError(res);
    }
  };
}

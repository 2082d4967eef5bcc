import type { IncomingMessage, ServerResponse } from 'node:http';
import { nodeRequestBody } from './node-request-body';

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

// The fetch API refuses CONNECT, TRACE and TRACK; anything unknown gets 405 before a Request.
const METHODS = new Set(['GET', 'HEAD', 'POST', 'OPTIONS', 'PUT', 'DELETE', 'PATCH']);
const HOST = /^(?:[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63})*|\[[0-9A-Fa-f:.]+\])(?::(\d{1,5}))?$/;
const EARLY_ANSWER_MAX = 1_000_000;

/** The request's URL from its target and Host, or null when they make none (answered 400). */
function requestUrl(req: IncomingMessage): string | null {
  const hostHeader = req.headers.host ?? '';
  const match = HOST.exec(hostHeader);
  const host = match && Number(match[1] ?? 0) <= 65535 ? hostHeader : 'localhost';
  const target = req.url ?? '/';
  let path: string;
  if (target.startsWith('/')) path = target;
  else if (target === '*') path = '/';
  else if (/^https?:\/\//i.test(target)) {
    try {
      const absolute = new URL(target); // absolute-form (proxies send it): keep its path only
      path = absolute.pathname + absolute.search;
    } catch {
      return null;
    }
  } else return null;
  try {
    return new URL(`http://${host}${path}`).href;
  } catch {
    return null;
  }
}

function plainAnswer(status: number, message: string, code: string, extra: Record<string, string> = {}) {
  return new Response(
    JSON.stringify({ error: { message, type: 'invalid_request_error', param: null, code } }),
    {
      status,
      headers: { 'Content-Type': 'application/json', ...extra },
    },
  );
}

async function readAll(body: ReadableStream<Uint8Array>): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = body.getReader();
  for (let step = await reader.read(); !step.done; step = await reader.read()) {
    size += step.value.byteLength;
    if (size > EARLY_ANSWER_MAX) {
      await reader.cancel();
      break;
    }
    chunks.push(step.value);
  }
  return Buffer.concat(chunks);
}

/**
 * Adapts a fetch-API handler to Node's `http` (and Express: `app.post('/v1/segment', handler)`).
 * Every byte sequence gets an HTTP answer or a closed socket, never a crash: bad methods, Hosts
 * and request targets are answered before a `Request` exists, and nothing escapes as an unhandled
 * rejection. The request's AbortSignal fires when the client disconnects; the response streams
 * chunk by chunk with backpressure.
 */
export function toNodeHandler(
  handler: (request: Request) => Promise<Response>,
  options: NodeHandlerOptions = {},
): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const lingerMs = options.lingerMs ?? 2000;
  const lingerBytes = options.lingerBytes ?? 32_000_000;

  /** Reads and discards what the client still uploads, then ends: it reads our answer, not a reset. */
  function lingerThenEnd(req: IncomingMessage, res: ServerResponse) {
    let drained = 0;
    const stop = () => {
      clearTimeout(timer);
      req.off('data', count);
      req.off('end', finish);
      req.socket.destroy();
    };
    const finish = () => {
      clearTimeout(timer);
      res.end();
    };
    const count = (chunk: Buffer) => {
      drained += chunk.length;
      if (drained > lingerBytes) stop();
    };
    const timer = setTimeout(stop, lingerMs);
    req.on('data', count);
    req.once('end', finish);
    req.resume();
  }

  async function send(
    req: IncomingMessage,
    res: ServerResponse,
    response: Response,
    detachBody = () => {},
  ): Promise<void> {
    const headers = Object.fromEntries(response.headers);
    if (req.method !== 'HEAD' && req.method !== 'GET' && !req.complete) {
      // An early answer: sent whole with its length, then the upload is drained before closing.
      detachBody();
      const body = response.body ? await readAll(response.body) : Buffer.alloc(0);
      res.writeHead(response.status, { ...headers, 'Content-Length': body.length, Connection: 'close' });
      res.write(body);
      lingerThenEnd(req, res);
      return;
    }
    res.writeHead(response.status, headers);
    if (!response.body || req.method === 'HEAD') {
      await response.body?.cancel();
      res.end();
      return;
    }
    res.flushHeaders();
    const reader = response.body.getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        if (res.destroyed) throw new Error('client gone');
        if (!res.write(value))
          await new Promise((resolve) => res.once('drain', resolve).once('close', resolve));
      }
      res.end();
    } catch {
      res.destroy();
      await reader.cancel().catch(() => {});
    }
  }

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? '';
    if (!METHODS.has(method))
      return send(
        req,
        res,
        plainAnswer(405, `Method ${method} is not allowed.`, 'method_not_allowed', {
          Allow: 'GET, POST, OPTIONS',
        }),
      );
    const url = requestUrl(req);
    if (!url) return send(req, res, plainAnswer(400, 'The request target is not a path.', 'bad_request'));
    const controller = new AbortController();
    const headers = new Headers();
    for (const [key, value] of Object.entries(req.headers)) {
      if (typeof value === 'string') headers.set(key, value);
      else if (Array.isArray(value)) headers.set(key, value.join(', '));
    }
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
    await send(req, res, await handler(request), body?.detach);
  }

  return async (req, res) => {
    try {
      await serve(req, res);
    } catch {
      if (!res.headersSent) {
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
      } else res.destroy();
    }
  };
}

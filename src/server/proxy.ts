import { SegmentError } from '../protocol/errors';
import { toWireError } from '../protocol/wire';
import { errorResponse, json, type HeaderMap } from './http-errors';
import type { UpstreamTimeouts } from './limits';
import type { Upstream } from './upstream-url';

export interface ProxyContext {
  upstream: Upstream;
  timeouts: UpstreamTimeouts;
  /** The key for this request, already resolved (absent only for a non-cloud upstream). */
  apiKey?: string;
  cors: HeaderMap;
}

// What a client needs from the upstream's answer; hop-by-hop and the upstream's own cookies stay.
const PASSED = ['content-type', 'retry-after', 'x-request-id', 'ratelimit-limit', 'ratelimit-remaining'];

/**
 * Everything a forwarded request needs alive until it ends. Held in `inflight` so nothing on
 * the abort path can be garbage-collected mid-request: Node's fetch links a Request's signal to
 * its source weakly, and a collected link would leave the upstream running (and the key paying)
 * after the client left.
 */
interface Flight {
  request: Request;
  abort: AbortController;
  reader?: ReadableStreamDefaultReader<Uint8Array>;
  timer?: ReturnType<typeof setTimeout>;
}
const inflight = new Set<Flight>();

/** Requests forwarded and not yet ended (a test and /health read it). */
export const proxyInflight = (): number => inflight.size;

const timeoutError = (what: string, ms: number) =>
  new SegmentError('server_error', `The upstream sent no ${what} within ${ms} ms.`, { status: 504 });

function end(flight: Flight, reason?: unknown): void {
  clearTimeout(flight.timer);
  if (reason !== undefined && !flight.abort.signal.aborted) flight.abort.abort(reason);
  if (reason !== undefined) void flight.reader?.cancel().catch(() => {});
  inflight.delete(flight);
}

/** A fetch failure as a 502/504, naming the upstream by its safe label only. */
function failure(error: unknown, flight: Flight, ctx: ProxyContext): Response {
  const reason: unknown = flight.abort.signal.reason;
  if (reason instanceof SegmentError && reason.status === 504)
    return errorResponse(504, reason.message, null, 'upstream_timeout', ctx.cors);
  if (flight.request.signal.aborted) return new Response(null, { status: 499, headers: ctx.cors });
  const code = (error as { cause?: { code?: unknown } }).cause?.code;
  const why = typeof code === 'string' && /^[A-Z_]+$/.test(code) ? ` (${code})` : '';
  return errorResponse(
    502,
    `The upstream ${ctx.upstream.label} could not be reached${why}.`,
    null,
    'bad_gateway',
    ctx.cors,
  );
}

/**
 * Forwards one request and streams the answer back unbuffered, with the key added. Ends the
 * upstream request whenever the client leaves; times out with 504 before the first byte, and
 * with an `error` event when a started stream goes silent.
 */
export async function forward(
  request: Request,
  route: string,
  init: { method: 'GET' | 'POST'; body?: BodyInit },
  ctx: ProxyContext,
): Promise<Response> {
  const flight: Flight = { request, abort: new AbortController() };
  inflight.add(flight);
  const onLeave = () => end(flight, new SegmentError('aborted', 'The client left.'));
  request.signal.addEventListener('abort', onLeave, { once: true });
  if (request.signal.aborted) onLeave();
  flight.timer = setTimeout(
    () => end(flight, timeoutError('response', ctx.timeouts.firstByteMs)),
    ctx.timeouts.firstByteMs,
  );
  const headers: HeaderMap = {
    'Content-Type': 'application/json',
    Accept: 'text/event-stream, application/json',
  };
  if (ctx.apiKey) headers['X-Moondream-Auth'] = ctx.apiKey;
  if (ctx.upstream.authorization) headers.Authorization = ctx.upstream.authorization;
  let answer: Response;
  try {
    answer = await fetch(ctx.upstream.url(route), { ...init, headers, signal: flight.abort.signal });
  } catch (error) {
    end(flight);
    request.signal.removeEventListener('abort', onLeave);
    return failure(error, flight, ctx);
  }
  clearTimeout(flight.timer);
  const passed: HeaderMap = { ...ctx.cors, 'Cache-Control': 'no-cache', 'X-Accel-Buffering': 'no' };
  for (const name of PASSED) {
    const value = answer.headers.get(name);
    if (value !== null) passed[name] = value;
  }
  passed['content-type'] ??= 'application/json';
  if (!answer.body) {
    end(flight);
    return new Response(null, { status: answer.status, headers: passed });
  }
  const reader = answer.body.getReader();
  flight.reader = reader;
  const sse = passed['content-type'].includes('event-stream');
  const { idleMs } = ctx.timeouts;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      flight.timer = setTimeout(() => end(flight, timeoutError('data', idleMs)), idleMs);
      try {
        const step = await reader.read();
        clearTimeout(flight.timer);
        if (step.done) {
          end(flight);
          controller.close();
        } else controller.enqueue(step.value);
      } catch (error) {
        const reason: unknown = flight.abort.signal.reason;
        end(flight, reason ?? error);
        if (request.signal.aborted) return controller.error(error);
        if (!sse) return controller.error(error);
        // The status line is out: say what happened in the stream (never a silent clean close).
        const e =
          reason instanceof SegmentError
            ? reason
            : new SegmentError('server_error', `The upstream ${ctx.upstream.label} failed mid-stream.`);
        controller.enqueue(new TextEncoder().encode(`\n\ndata: ${JSON.stringify(toWireError(e))}\n\n`));
        controller.close();
      }
    },
    cancel() {
      end(flight, new SegmentError('aborted', 'The client left.'));
    },
  });
  return new Response(body, { status: answer.status, headers: passed });
}

/** `GET /capabilities` through a proxy: the cloud speaks no extensions; another upstream is asked. */
export async function forwardCapabilities(request: Request, ctx: ProxyContext): Promise<Response> {
  if (ctx.upstream.cloud) return json(200, { extensions: [] }, ctx.cors);
  const answer = await forward(request, 'capabilities', { method: 'GET' }, ctx);
  if (answer.status >= 500 && answer.status !== 501) return answer;
  const body: unknown = answer.ok ? await answer.json().catch(() => null) : await answer.body?.cancel();
  const listed = (body as { extensions?: unknown } | null)?.extensions;
  const extensions = Array.isArray(listed) ? listed.filter((e): e is string => typeof e === 'string') : [];
  return json(200, { extensions }, ctx.cors);
}

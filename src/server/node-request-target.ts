import type { IncomingMessage } from 'node:http';

// The fetch API refuses CONNECT, TRACE and TRACK; anything unknown gets 405 before a Request.
export const FETCH_METHODS = new Set(['GET', 'HEAD', 'POST', 'OPTIONS', 'PUT', 'DELETE', 'PATCH']);
const HOST = /^(?:[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63})*|\[[0-9A-Fa-f:.]+\])(?::(\d{1,5}))?$/;

// A `.` or `..` segment, plain or percent-encoded, in a target's path (before any query); the
// URL parser takes `\` for `/` in http URLs, so it separates segments too.
const DOT_SEGMENT = /(?:^|[/\\])(?:\.|%2e){1,2}(?:[/\\]|$)/i;

/**
 * The request's URL from its target and Host, or null when they make none (answered 400). A
 * path with dot segments is refused rather than resolved: `/v1/segment/../capabilities` named
 * a route by a path that is not its own.
 */
export function requestUrl(req: IncomingMessage): string | null {
  if (DOT_SEGMENT.test((req.url ?? '/').split(/[?#]/, 1)[0]!)) return null;
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

/** An answer given before any handler runs, in the cloud's error shape. */
export function plainAnswer(
  status: number,
  message: string,
  code: string,
  extra: Record<string, string> = {},
) {
  return new Response(
    JSON.stringify({ error: { message, type: 'invalid_request_error', param: null, code } }),
    { status, headers: { 'Content-Type': 'application/json', ...extra } },
  );
}

/** Node's request headers as fetch Headers (repeated ones joined). */
export function headersOf(req: IncomingMessage): Headers {
  const headers = new Headers();
  for (const [key, value] of Object.entries(req.headers)) {
    if (typeof value === 'string') headers.set(key, value);
    else if (Array.isArray(value)) headers.set(key, value.join(', '));
  }
  return headers;
}

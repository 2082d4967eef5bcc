import type { HeaderMap } from './http-errors';

/** `'*'`: any origin (a public server); a list: exact strings or patterns. */
export type CorsOrigins = '*' | readonly (string | RegExp)[];

export const DEFAULT_ORIGINS: CorsOrigins = [/^https?:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/];

/** What CORS reads of a request (Node's adapter has it before a `Request` exists). */
export type RequestHead = Pick<Request, 'method' | 'url' | 'headers'>;

export interface Cors {
  /** The CORS headers for this request's Origin; none when absent or not allowed. */
  headers(request: RequestHead): HeaderMap;
  /**
   * False when the request carries an Origin that is neither allowed nor its own. Browsers send
   * `text/plain` POSTs cross-site without a preflight, so CORS headers alone would not stop a
   * foreign page from spending the key or the engine: such requests are refused outright.
   */
  admits(request: RequestHead): boolean;
}

function sameOrigin(origin: string, request: RequestHead): boolean {
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    return false;
  }
  const own = [request.headers.get('host'), request.headers.get('x-forwarded-host')];
  try {
    own.push(new URL(request.url).host);
  } catch {
    // a Request always has a valid url; kept defensive for hand-built ones
  }
  return own.some((h) => h !== null && h.toLowerCase() === host.toLowerCase());
}

export function createCors(origins: CorsOrigins = DEFAULT_ORIGINS): Cors {
  // A list holding '*' (as `--cors '*'` splits) means any origin too.
  const any = origins === '*' || origins.includes('*');
  const listed = (origin: string) =>
    any ||
    (origins as readonly (string | RegExp)[]).some((o) =>
      typeof o === 'string' ? o === origin : o.test(origin),
    );
  return {
    headers(request): HeaderMap {
      const origin = request.headers.get('Origin');
      if (!origin || !listed(origin)) return {};
      return {
        'Access-Control-Allow-Origin': any ? '*' : origin,
        Vary: 'Origin',
        'Access-Control-Allow-Headers': 'Content-Type, X-Moondream-Auth',
        'Access-Control-Allow-Methods': 'POST, GET, OPTIONS',
        'Access-Control-Expose-Headers': 'Retry-After, X-Request-Id',
      };
    },
    admits(request) {
      const origin = request.headers.get('Origin');
      return origin === null || listed(origin) || sameOrigin(origin, request);
    },
  };
}

import { SegmentError, type SegmentErrorCode } from '../protocol/errors';

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
  model_unavailable: 503,
};

const TYPE: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  403: 'permission_error',
  404: 'invalid_request_error',
  405: 'invalid_request_error',
  413: 'invalid_request_error',
  429: 'rate_limit_error',
};

export type HeaderMap = Record<string, string>;

export const json = (status: number, body: unknown, headers: HeaderMap = {}) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', ...headers },
  });

/** An error in the cloud's shape: `{"error": {message, type, param, code}}`. */
export function errorResponse(
  status: number,
  message: string,
  param: string | null,
  code: string | null,
  headers: HeaderMap = {},
): Response {
  return json(status, { error: { message, type: TYPE[status] ?? 'server_error', param, code } }, headers);
}

/** Any thrown value as a SegmentError; a non-SegmentError's text never reaches a client. */
export function asSegmentError(error: unknown): SegmentError {
  if (error instanceof SegmentError) return error;
  return new SegmentError('server_error', 'The server failed on this request.', { cause: error });
}

export function statusOf(error: SegmentError): number {
  return error.status ?? STATUS[error.code] ?? 500;
}

export function segmentErrorResponse(error: unknown, headers: HeaderMap = {}): Response {
  const e = asSegmentError(error);
  const extra: HeaderMap = e.retryAfterMs ? { 'Retry-After': String(Math.ceil(e.retryAfterMs / 1000)) } : {};
  return errorResponse(statusOf(e), e.message, e.param ?? null, e.code, { ...headers, ...extra });
}

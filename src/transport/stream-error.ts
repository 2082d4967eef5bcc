import { SegmentError, readErrorBody, type SegmentErrorCode } from '../protocol/errors';

/** Every client error code: a server's `error` event may name any of them. */
const CODES: Record<SegmentErrorCode, true> = {
  invalid_input: true,
  unauthorized: true,
  payload_too_large: true,
  rate_limited: true,
  bad_request: true,
  server_error: true,
  unsupported: true,
  stream_incomplete: true,
  invalid_response: true,
  parse_error: true,
  ungrounded: true,
  aborted: true,
  network: true,
  model_unavailable: true,
};

/**
 * The error a stream reports before closing: segmask's `error` event
 * (`{"type":"error","error":{message,type,code}}`, shared/docs/segment-protocol.md) keeps its
 * code (unknown codes become `server_error`); other error objects are `server_error`.
 */
export function streamError(json: Record<string, unknown>): SegmentError {
  const { message, param, detail } = readErrorBody(json);
  const error = json.error as Record<string, unknown> | string | undefined;
  const named = typeof error === 'object' && error !== null ? error.code : undefined;
  const code: SegmentErrorCode =
    typeof named === 'string' && Object.hasOwn(CODES, named) ? (named as SegmentErrorCode) : 'server_error';
  const text = (message ?? 'unknown error').slice(0, 500);
  return new SegmentError(code, json.type === 'error' ? text : `The server failed mid-stream: ${text}.`, {
    detail,
    param,
  });
}

import {
  SegmentError,
  abortedError,
  isAbortError,
  readErrorBody,
  type SegmentErrorCode,
} from '../protocol/errors';
import type { SegmentEvent } from '../protocol/types';
import { fromWireEvent } from '../protocol/wire';
import { DEFAULT_MAX_LINE_LENGTH, SseLineSplitter } from './sse-lines';

export interface DecodeOptions {
  signal?: AbortSignal;
  /**
   * An event (one `data:` line, or several joined) longer than this many characters throws
   * `invalid_response`. Default 4,000,000.
   */
  maxEventLength?: number;
}

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
};

/**
 * The error a stream reports before closing: segmask's `error` event
 * (`{"type":"error","error":{message,type,code}}`, shared/docs/segment-protocol.md) keeps its
 * code (unknown codes become `server_error`); other error objects are `server_error`.
 */
function streamError(json: Record<string, unknown>): SegmentError {
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

/**
 * Decodes a Moondream `/segment` SSE body into typed events: `bbox`, `path_delta`*, `final`.
 * Correct for any split of the bytes; stops after `final`; throws `SegmentError`:
 * `stream_incomplete` when the body ends without `final`, `invalid_response` on garbage,
 * the code of an `error` event (`server_error` for other error objects) sent mid-stream,
 * `aborted` when `signal` fires.
 */
export async function* decodeSegmentStream(
  body: ReadableStream<Uint8Array>,
  options: DecodeOptions = {},
): AsyncGenerator<SegmentEvent, void, undefined> {
  const reader = body.getReader();
  const maxEventLength = options.maxEventLength ?? DEFAULT_MAX_LINE_LENGTH;
  const splitter = new SseLineSplitter(maxEventLength);
  const ready: SegmentEvent[] = [];
  let data: string[] = [];
  let dataLength = 0;
  // An error event is reported after the events that came before it in the same chunk.
  let failed: SegmentError | undefined;
  let sawFinal = false;
  let received = 0;

  const dispatch = () => {
    if (data.length === 0) return;
    const text = data.length === 1 ? data[0]! : data.join('\n');
    data = [];
    dataLength = 0;
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (cause) {
      throw new SegmentError(
        'invalid_response',
        `The server sent an event that is not JSON: ${text.slice(0, 80)}`,
        { cause },
      );
    }
    const event = fromWireEvent(json);
    if (event) {
      ready.push(event);
      return;
    }
    if (typeof json === 'object' && json !== null && 'error' in json)
      failed = streamError(json as Record<string, unknown>);
  };

  const onLine = (line: string) => {
    if (failed) return; // nothing after the error counts
    if (line.length === 0) return dispatch();
    if (line.charCodeAt(0) === 58 /* ':' comment */) return;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    if (field !== 'data') return; // event:, id:, retry: and unknown fields carry nothing here
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.charCodeAt(0) === 32) value = value.slice(1);
    dataLength += value.length + 1;
    if (dataLength > maxEventLength) {
      throw new SegmentError(
        'invalid_response',
        `The server sent an event of more than ${maxEventLength} characters (maxEventLength).`,
      );
    }
    data.push(value);
  };

  try {
    for (;;) {
      if (options.signal?.aborted) throw abortedError(options.signal.reason);
      const { done, value } = await reader.read();
      if (done) {
        splitter.end(onLine);
        dispatch(); // a last event without its blank line
      } else {
        received += value.byteLength;
        splitter.push(value, onLine);
      }
      while (ready.length > 0) {
        const event = ready.shift()!;
        if (sawFinal) continue;
        if (event.type === 'final') sawFinal = true;
        yield event;
        if (sawFinal) return;
      }
      if (failed) throw failed;
      if (done) break;
    }
    throw new SegmentError(
      'stream_incomplete',
      received === 0
        ? 'The server closed the stream before sending anything. Try again.'
        : 'The stream ended before its final event: the server stopped mid-answer. Try again.',
    );
  } catch (error) {
    if (error instanceof SegmentError) throw error;
    if (isAbortError(error) || options.signal?.aborted) throw abortedError(error);
    throw new SegmentError('network', `The connection failed while streaming: ${String(error)}`, {
      cause: error,
    });
  } finally {
    // Stops the download when the consumer leaves early or after `final`.
    reader.cancel().catch(() => {});
    reader.releaseLock();
  }
}

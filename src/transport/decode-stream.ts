import { SegmentError, abortedError, isAbortError, readErrorBody } from '../protocol/errors';
import type { SegmentEvent } from '../protocol/types';
import { fromWireEvent } from '../protocol/wire';
import { SseLineSplitter } from './sse-lines';

export interface DecodeOptions {
  signal?: AbortSignal;
}

/**
 * Decodes a Moondream `/segment` SSE body into typed events: `bbox`, `path_delta`*, `final`.
 * Correct for any split of the bytes; stops after `final`; throws `SegmentError`:
 * `stream_incomplete` when the body ends without `final`, `invalid_response` on garbage,
 * `server_error` for an error object sent mid-stream, `aborted` when `signal` fires.
 */
export async function* decodeSegmentStream(
  body: ReadableStream<Uint8Array>,
  options: DecodeOptions = {},
): AsyncGenerator<SegmentEvent, void, undefined> {
  const reader = body.getReader();
  const splitter = new SseLineSplitter();
  const ready: SegmentEvent[] = [];
  let data: string[] = [];
  let sawFinal = false;
  let received = 0;

  const dispatch = () => {
    if (data.length === 0) return;
    const text = data.length === 1 ? data[0]! : data.join('\n');
    data = [];
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
    if (typeof json === 'object' && json !== null && 'error' in json) {
      const { message, detail } = readErrorBody(json);
      throw new SegmentError('server_error', `The server failed mid-stream: ${message ?? 'unknown error'}.`, {
        detail,
      });
    }
  };

  const onLine = (line: string) => {
    if (line.length === 0) return dispatch();
    if (line.charCodeAt(0) === 58 /* ':' comment */) return;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    if (field !== 'data') return; // event:, id:, retry: and unknown fields carry nothing here
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.charCodeAt(0) === 32) value = value.slice(1);
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

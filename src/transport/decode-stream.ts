import { SegmentError, abortedError, isAbortError } from '../protocol/errors';
import type { SegmentEvent } from '../protocol/types';
import { SegmentEventAssembler } from './sse-events';
import { DEFAULT_MAX_LINE_LENGTH, SseLineSplitter } from './sse-lines';

export interface DecodeOptions {
  signal?: AbortSignal;
  /**
   * An event (one `data:` line, or several joined) longer than this many characters throws
   * `invalid_response`. Default 4,000,000.
   */
  maxEventLength?: number;
}

/**
 * Decodes a Moondream `/segment` SSE body into typed events: `bbox`, `path_delta`*, `final`.
 * Correct for any split of the bytes; stops after `final`; throws `SegmentError`:
 * `stream_incomplete` when the body ends without `final`, `invalid_response` on garbage,
 * the code of an `error` event (`server_error` for other error objects) sent mid-stream,
 * `aborted` when `signal` fires.
 */
// One loop in one try on purpose: every way out (final, end, garbage, abort, the consumer
// leaving) passes the one `finally` that cancels the download, and every failure is typed in the
// one `catch`; the lines and the events are already their own classes (sse-lines, sse-events).
export async function* decodeSegmentStream(
  body: ReadableStream<Uint8Array>,
  options: DecodeOptions = {},
): AsyncGenerator<SegmentEvent, void, undefined> {
  const reader = body.getReader();
  const maxEventLength = options.maxEventLength ?? DEFAULT_MAX_LINE_LENGTH;
  const splitter = new SseLineSplitter(maxEventLength);
  const events = new SegmentEventAssembler(maxEventLength);
  const ready = events.ready;
  let sawFinal = false;
  let received = 0;

  try {
    for (;;) {
      if (options.signal?.aborted) throw abortedError(options.signal.reason);
      const { done, value } = await reader.read();
      if (done) {
        splitter.end(events.onLine);
        events.dispatch(); // a last event without its blank line
      } else {
        received += value.byteLength;
        splitter.push(value, events.onLine);
      }
      while (ready.length > 0) {
        const event = ready.shift()!;
        if (sawFinal) continue;
        if (event.type === 'final') sawFinal = true;
        yield event;
        if (sawFinal) return;
      }
      if (events.failed) throw events.failed;
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

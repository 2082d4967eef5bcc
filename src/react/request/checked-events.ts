import { SegmentError, abortedError, isAbortError } from '../../protocol/errors';
import type { SegmentEvent } from '../../protocol/types';

/**
 * A segmenter's events as the UI relies on them: every failure a `SegmentError` (a user's own
 * segmenter may throw anything), and a stream that ends without its final event an error too.
 */
export async function* checkedEvents(events: AsyncIterable<SegmentEvent>): AsyncGenerator<SegmentEvent> {
  let ended = false;
  try {
    for await (const event of events) {
      if (event.type === 'final') ended = true;
      yield event;
    }
  } catch (error) {
    if (error instanceof SegmentError) throw error;
    if (isAbortError(error)) throw abortedError(error);
    throw new SegmentError('server_error', `Segmentation failed: ${String(error)}`, { cause: error });
  }
  if (!ended) throw new SegmentError('stream_incomplete', 'The stream ended before its final event.');
}

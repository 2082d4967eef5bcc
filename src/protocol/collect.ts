import { SegmentError } from '../protocol/errors';
import type { FinalEvent, SegmentEvent, SegmentResult } from '../protocol/types';

/** Turns a `final` event into a result, or throws `parse_error` when it carries none. */
export function resultFromFinal(event: FinalEvent): SegmentResult {
  if (event.parseError !== undefined || !event.bbox || event.path === '') {
    throw new SegmentError(
      'parse_error',
      `The model's outline could not be read${event.parseError ? ` (${event.parseError})` : ''}. Try again, or add a point or box.`,
      { detail: event.parseError },
    );
  }
  const result: SegmentResult = { path: event.path, bbox: event.bbox };
  if (event.requestId !== undefined) result.requestId = event.requestId;
  if (event.finishReason !== undefined) result.finishReason = event.finishReason;
  if (event.metrics !== undefined) result.metrics = event.metrics;
  if (event.engine !== undefined) result.engine = event.engine;
  return result;
}

/** Runs a stream to its end and returns the final result (what `segment()` does). */
export async function collectResult(events: AsyncIterable<SegmentEvent>): Promise<SegmentResult> {
  for await (const event of events) {
    if (event.type === 'final') return resultFromFinal(event);
  }
  throw new SegmentError('stream_incomplete', 'The stream ended before its final event.');
}

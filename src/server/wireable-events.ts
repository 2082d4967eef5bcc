import type { SegmentEvent, WireableEvent } from '../protocol/types';

/**
 * A segmenter's events as a server sends them: the kit's own `preview` (a hybrid segmenter's
 * local answer) never goes on the wire, where Moondream's protocol has no such event.
 */
export async function* wireableEvents(events: AsyncIterable<SegmentEvent>): AsyncGenerator<WireableEvent> {
  for await (const event of events) if (event.type !== 'preview') yield event;
}

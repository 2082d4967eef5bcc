import { SegmentError } from '../protocol/errors';
import type { SegmentEvent } from '../protocol/types';
import { fromWireEvent } from '../protocol/wire';
import { streamError } from './stream-error';

/**
 * Gathers SSE lines into segment events: `data:` lines accumulate until a blank line, then their
 * text is parsed as JSON and read as a wire event, or as the error the server reports before
 * closing. Comments and the other SSE fields (event:, id:, retry:) carry nothing here.
 */
export class SegmentEventAssembler {
  /** Events decoded and not yet taken by the reader. */
  readonly ready: SegmentEvent[] = [];
  /**
   * The error event the stream sent; the lines after it are ignored, and the reader reports it
   * after the events that came before it in the same chunk.
   */
  failed: SegmentError | undefined;
  private data: string[] = [];
  private dataLength = 0;

  constructor(private readonly maxEventLength: number) {}

  /** One line without its terminator (an arrow, so it can be handed to the line splitter). */
  readonly onLine = (line: string): void => {
    if (this.failed) return; // nothing after the error counts
    if (line.length === 0) return this.dispatch();
    if (line.charCodeAt(0) === 58 /* ':' comment */) return;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    if (field !== 'data') return; // event:, id:, retry: and unknown fields carry nothing here
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.charCodeAt(0) === 32) value = value.slice(1);
    this.dataLength += value.length + 1;
    if (this.dataLength > this.maxEventLength) {
      throw new SegmentError(
        'invalid_response',
        `The server sent an event of more than ${this.maxEventLength} characters (maxEventLength).`,
      );
    }
    this.data.push(value);
  };

  /** Ends the current event: at a blank line, and at the end of the body (no blank line needed). */
  dispatch(): void {
    const data = this.data;
    if (data.length === 0) return;
    const text = data.length === 1 ? data[0]! : data.join('\n');
    this.data = [];
    this.dataLength = 0;
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
      this.ready.push(event);
      return;
    }
    if (typeof json === 'object' && json !== null && 'error' in json)
      this.failed = streamError(json as Record<string, unknown>);
  }
}

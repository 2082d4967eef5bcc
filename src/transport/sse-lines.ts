/**
 * Splits a byte stream into SSE lines. Written by hand instead of using `eventsource-parser`
 * because the kit needs one behaviour that library lacks (a typed error on garbage, a stream
 * that must end in `final`) and this is ~60 lines with no copies: every byte is decoded once and
 * each new chunk is scanned only from where the last scan stopped.
 *
 * A line longer than `maxLineLength` characters throws `invalid_response` as soon as the
 * excess arrives, so a server that never sends a line end cannot grow a string until V8 gives
 * up ("Invalid string length", at hundreds of MB).
 */
import { SegmentError } from '../protocol/errors';

/**
 * 4 M characters: a `final` event carries one refined path (kilobytes; the path parser's own
 * cap is 2 M characters), so a longer line is garbage or hostile.
 */
export const DEFAULT_MAX_LINE_LENGTH = 4_000_000;

export class SseLineSplitter {
  private readonly decoder = new TextDecoder('utf-8');
  /** Pieces of the current unfinished line (joined once, when its end arrives). */
  private pieces: string[] = [];
  /** A chunk ended in '\r': a '\n' at the start of the next chunk belongs to it. */
  private pendingCr = false;
  /** Characters in `pieces`. */
  private pending = 0;

  constructor(private readonly maxLineLength = DEFAULT_MAX_LINE_LENGTH) {}

  private tooLong(length: number): never {
    throw new SegmentError(
      'invalid_response',
      `The server sent an event line of more than ${this.maxLineLength} characters (maxEventLength; got ${length} so far).`,
    );
  }

  /** Feeds bytes; calls `onLine` for each complete line (without its terminator). */
  push(bytes: Uint8Array, onLine: (line: string) => void): void {
    this.scan(this.decoder.decode(bytes, { stream: true }), onLine);
  }

  /** Ends the input; a last line without a terminator is delivered. */
  end(onLine: (line: string) => void): void {
    this.scan(this.decoder.decode(), onLine);
    if (this.pieces.length > 0) {
      const line = this.pieces.join('');
      this.pieces = [];
      this.pending = 0;
      onLine(line);
    }
  }

  private scan(text: string, onLine: (line: string) => void): void {
    let start = 0;
    if (this.pendingCr && text.length > 0) {
      this.pendingCr = false;
      if (text.charCodeAt(0) === 10) start = 1;
    }
    const n = text.length;
    // Native indexOf finds line ends far faster than a charCodeAt loop (see bench/core.bench.ts).
    let nl = text.indexOf('\n', start);
    let cr = text.indexOf('\r', start);
    while (nl !== -1 || cr !== -1) {
      const isCr = cr !== -1 && (nl === -1 || cr < nl);
      let i = isCr ? cr : nl;
      if (this.pending + (i - start) > this.maxLineLength) this.tooLong(this.pending + (i - start));
      const tail = text.slice(start, i);
      let line: string;
      if (this.pieces.length > 0) {
        this.pieces.push(tail);
        line = this.pieces.join('');
        this.pieces = [];
        this.pending = 0;
      } else {
        line = tail;
      }
      if (isCr) {
        if (i + 1 < n) {
          if (text.charCodeAt(i + 1) === 10) i++;
        } else {
          this.pendingCr = true;
        }
      }
      start = i + 1;
      if (nl !== -1 && nl < start) nl = text.indexOf('\n', start);
      if (cr !== -1 && cr < start) cr = text.indexOf('\r', start);
      onLine(line);
    }
    if (start < n) {
      this.pending += n - start;
      if (this.pending > this.maxLineLength) this.tooLong(this.pending);
      this.pieces.push(start === 0 ? text : text.slice(start));
    }
  }
}

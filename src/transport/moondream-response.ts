import { SegmentError, readErrorBody } from '../protocol/errors';
import { finalFromWire } from '../protocol/wire';
import { resultFromFinal } from '../protocol/collect';
import type { SegmentEvent } from '../protocol/types';
import { decodeSegmentStream } from './decode-stream';

/** A response body as JSON, or as text when it is not JSON ('' when it cannot be read). */
export async function readBody(response: Response): Promise<unknown> {
  const text = await response.text().catch(() => '');
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Events of a server that answered JSON although we asked for a stream. */
function* eventsFromJsonBody(body: unknown): Generator<SegmentEvent> {
  const record = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  if ('error' in record && !('path' in record)) {
    // Moondream Station answers 200 {"error": "Function 'segment' not available"}.
    const { message } = readErrorBody(record);
    throw new SegmentError(
      'unsupported',
      `This server cannot segment${message ? ` ("${message}")` : ''}. Use Moondream Cloud, a server with /segment, or segmask's offline engine.`,
      { detail: message },
    );
  }
  if (!('path' in record)) {
    throw new SegmentError(
      'invalid_response',
      'The server answered 200 with neither a stream nor a segment result.',
    );
  }
  const final = finalFromWire(record);
  resultFromFinal(final); // throws parse_error on an unusable result
  yield { type: 'bbox', bbox: final.bbox! };
  yield final;
}

/**
 * The events of a successful `/segment` response: the SSE stream decoded, or a JSON answer read
 * as its bbox and final. A final that cannot be drawn throws `parse_error`.
 */
export async function* eventsFromResponse(
  response: Response,
  signal: AbortSignal | undefined,
): AsyncGenerator<SegmentEvent, void, undefined> {
  const type = response.headers.get('Content-Type') ?? '';
  if (!type.includes('text/event-stream')) {
    yield* eventsFromJsonBody(await readBody(response));
    return;
  }
  if (!response.body) throw new SegmentError('stream_incomplete', 'The server sent an empty stream.');
  for await (const event of decodeSegmentStream(response.body, { signal })) {
    if (event.type === 'final') resultFromFinal(event); // throws parse_error on an unusable final
    yield event;
  }
}

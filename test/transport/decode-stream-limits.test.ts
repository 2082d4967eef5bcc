import { describe, expect, it } from 'vitest';
import { SegmentError, decodeSegmentStream, type SegmentEvent } from '../../src/index';
import { moondreamEvents, sseText } from '../helpers/fixtures';
import { collect, streamOf } from '../helpers/streams';

const encode = (text: string) => new TextEncoder().encode(text);

async function failure(body: ReadableStream<Uint8Array>, options = {}): Promise<SegmentError> {
  const events: SegmentEvent[] = [];
  const error = await (async () => {
    for await (const event of decodeSegmentStream(body, options)) events.push(event);
  })().then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SegmentError);
  return error as SegmentError;
}

describe('the error event (segmask extension)', () => {
  it('becomes a SegmentError with the code and message the server sent, after the events before it', async () => {
    const text =
      sseText([{ type: 'bbox', bbox: { x_min: 0.1, y_min: 0.2, x_max: 0.6, y_max: 0.9 } }]) +
      sseText([
        {
          type: 'error',
          error: { message: 'No "kangaroo" in the box.', type: 'invalid_request_error', code: 'ungrounded' },
        },
      ]);
    const events: SegmentEvent[] = [];
    const error = await (async () => {
      for await (const event of decodeSegmentStream(streamOf([encode(text)]))) events.push(event);
    })().catch((e: unknown) => e);
    expect(events.map((e) => e.type)).toEqual(['bbox']);
    expect(error).toBeInstanceOf(SegmentError);
    expect((error as SegmentError).code).toBe('ungrounded');
    expect((error as SegmentError).message).toBe('No "kangaroo" in the box.');
  });

  it('maps an unknown or missing code to server_error, and keeps the message', async () => {
    for (const error of [
      { message: 'GPU fell over', type: 'server_error', code: 'gpu_on_fire' },
      { message: 'GPU fell over' },
      { message: 'GPU fell over', code: 'toString' }, // inherited names are not codes
    ]) {
      const e = await failure(streamOf([encode(sseText([{ type: 'error', error }]))]));
      expect(e.code).toBe('server_error');
      expect(e.message).toBe('GPU fell over');
    }
    const e = await failure(
      streamOf([encode(sseText([{ type: 'error', error: { code: 'payload_too_large' } }]))]),
    );
    expect(e.code).toBe('payload_too_large');
  });

  it('still reads the older bare error object as server_error', async () => {
    const e = await failure(streamOf([encode(sseText([{ error: 'engine crashed' }]))]));
    expect(e.code).toBe('server_error');
    expect(e.message).toMatch(/engine crashed/);
  });
});

describe('event size cap', () => {
  it('refuses a line that never ends with invalid_response, without buffering it all', async () => {
    let sent = 0;
    const piece = encode('x'.repeat(65_536));
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        sent += piece.length;
        controller.enqueue(sent === piece.length ? encode('data: {"type": "bbox", "bbox": "') : piece);
      },
    });
    const error = await failure(endless);
    expect(error.code).toBe('invalid_response');
    expect(error.message).toMatch(/more than 4000000 characters \(maxEventLength/);
    expect(sent).toBeLessThan(4_000_000 + 3 * 65_536);
  });

  it('takes the cap as an option, for one line and for many data lines of one event', async () => {
    const events = sseText(moondreamEvents());
    expect(
      (await collect(decodeSegmentStream(streamOf([encode(events)]), { maxEventLength: 1000 }))).length,
    ).toBe(7);
    const long = `data: {"type": "path_delta", "chunk": "${'M 0 0 '.repeat(100)}"}\n\n`;
    expect((await failure(streamOf([encode(long)]), { maxEventLength: 200 })).code).toBe('invalid_response');
    const manyLines = `${'data: {}\n'.repeat(100)}\n`;
    const e = await failure(streamOf([encode(manyLines)]), { maxEventLength: 200 });
    expect(e.message).toMatch(/event of more than 200 characters/);
  });
});

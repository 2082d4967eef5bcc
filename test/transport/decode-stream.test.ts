import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SegmentError, decodeSegmentStream, type SegmentEvent } from '../../src/index';
import { moondreamEvents, sseText } from '../helpers/fixtures';
import { collect, errorOf, splitAt, streamOf, utf8 } from '../helpers/streams';

const decode = (chunks: Uint8Array[]) => collect(decodeSegmentStream(streamOf(chunks)));

describe('decodeSegmentStream', () => {
  const text = sseText(moondreamEvents());
  let expected: SegmentEvent[];

  it('decodes a Moondream stream into typed events', async () => {
    expected = await decode([utf8(text)]);
    expect(expected.map((e) => e.type)).toEqual([
      'bbox',
      'path_delta',
      'path_delta',
      'path_delta',
      'path_delta',
      'path_delta',
      'final',
    ]);
    expect(expected[0]).toEqual({ type: 'bbox', bbox: { xMin: 0.1, yMin: 0.2, xMax: 0.6, yMax: 0.9 } });
    expect(expected[1]).toEqual({ type: 'path_delta', chunk: 'M 0 0.76', tokenIndex: 1 });
    const final = expected[6]!;
    expect(final.type === 'final' && final.bbox).toEqual({ xMin: 0.12, yMin: 0.18, xMax: 0.62, yMax: 0.88 });
    expect(final.type === 'final' && final.metrics).toEqual({
      inputTokens: 812,
      outputTokens: 64,
      prefillTimeMs: 40.5,
      decodeTimeMs: 300,
      ttftMs: 52,
    });
    expect(final.type === 'final' && final.requestId).toBe('req-123');
  });

  it('gives the same events when split byte by byte', async () => {
    const bytes = utf8(text);
    const chunks = Array.from(bytes, (b) => new Uint8Array([b]));
    expect(await decode(chunks)).toEqual(await decode([bytes]));
  });

  it('accepts CRLF and lone CR line ends, comments, and other fields', async () => {
    const events = moondreamEvents();
    const crlf = `: keep-alive\r\n\r\nevent: message\r\nid: 7\r\n${sseText(events, '\r\n')}`;
    const cr = sseText(events, '\r');
    const reference = await decode([utf8(text)]);
    expect(await decode([utf8(crlf)])).toEqual(reference);
    expect(await decode([utf8(cr)])).toEqual(reference);
    // A CR at the end of one chunk and its LF at the start of the next are one line end.
    const bytes = utf8(crlf);
    const cuts = [...crlf.matchAll(/\r/g)].map((m) => m.index! + 1);
    expect(await decode(splitAt(bytes, cuts))).toEqual(reference);
  });

  it('decodes a multi-byte UTF-8 character split across chunks', async () => {
    const events = [
      { type: 'bbox', bbox: { x_min: 0, y_min: 0, x_max: 1, y_max: 1 } },
      {
        type: 'final',
        path: 'M 0 0 L 1 1 z',
        bbox: { x_min: 0, y_min: 0, x_max: 1, y_max: 1 },
        request_id: 'ünïcødé-猫-🐈',
      },
    ];
    const bytes = utf8(sseText(events));
    const cat = bytes.findIndex((b, i) => b === 0xf0 && i > 0); // first byte of the 4-byte emoji
    const out = await decode(splitAt(bytes, [cat + 1, cat + 2, cat + 3]));
    expect(out[1]!.type === 'final' && out[1]!.requestId).toBe('ünïcødé-猫-🐈');
  });

  it('takes several events in one chunk and a last event without its blank line', async () => {
    const events = moondreamEvents();
    const joined = sseText(events).replace(/\n\n$/, '');
    expect(await decode([utf8(joined)])).toEqual(await decode([utf8(text)]));
  });

  it('joins multi-line data fields with a newline (SSE spec)', async () => {
    const body =
      'data: {"type": "bbox",\ndata: "bbox": {"x_min": 0, "y_min": 0, "x_max": 1, "y_max": 1}}\n\ndata: {"type":"final","path":"M0 0L1 1z","bbox":{"x_min":0,"y_min":0,"x_max":1,"y_max":1}}\n\n';
    const out = await decode([utf8(body)]);
    expect(out.map((e) => e.type)).toEqual(['bbox', 'final']);
  });

  it('stops at final and ignores what follows', async () => {
    const out = await decode([
      utf8(`${text}data: {"type":"bbox","bbox":{"x_min":0,"y_min":0,"x_max":1,"y_max":1}}\n\n`),
    ]);
    expect(out.at(-1)!.type).toBe('final');
    expect(out).toHaveLength(7);
  });

  it('throws stream_incomplete when the stream ends without final', async () => {
    const cut = sseText(moondreamEvents().slice(0, 4));
    const error = await errorOf(decode([utf8(cut)]));
    expect(error.code).toBe('stream_incomplete');
    expect((await errorOf(decode([]))).code).toBe('stream_incomplete');
  });

  it('rejects garbage with a SegmentError, never a raw exception', async () => {
    for (const body of [
      'data: {not json}\n\n',
      'data: 42\n\n',
      'data: {"type":"bbox","bbox":{"x_min":"a"}}\n\n',
      'data: {"type":"path_delta","chunk":5}\n\n',
      'data: {"hello": 1}\n\n',
    ]) {
      const error = await errorOf(decode([utf8(body)]));
      expect(error.code).toBe('invalid_response');
    }
  });

  it('maps an error object sent mid-stream to server_error', async () => {
    const body = `${sseText(moondreamEvents().slice(0, 2))}data: {"error": "CUDA out of memory"}\n\n`;
    const error = await errorOf(decode([utf8(body)]));
    expect(error.code).toBe('server_error');
    expect(error.message).toContain('CUDA out of memory');
  });

  it('ignores events of unknown types (forward compatible)', async () => {
    const body = `data: {"type": "progress", "value": 3}\n\n${text}`;
    expect(await decode([utf8(body)])).toEqual(await decode([utf8(text)]));
  });

  it('aborts with code aborted', async () => {
    const controller = new AbortController();
    const stream = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(utf8(sseText(moondreamEvents().slice(0, 2))));
      },
    });
    const iterator = decodeSegmentStream(stream, { signal: controller.signal });
    expect((await iterator.next()).value?.type).toBe('bbox');
    controller.abort();
    const error = await errorOf(collect(iterator));
    expect(error.code).toBe('aborted');
  });

  it('property: any split of a valid stream yields the same events', async () => {
    const bytes = utf8(sseText(moondreamEvents(), '\r\n'));
    const reference = await decode([bytes]);
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 1, max: bytes.length - 1 }), { maxLength: 40 }),
        async (cuts) => {
          expect(await decode(splitAt(bytes, cuts))).toEqual(reference);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('property: random events round-trip through any split', async () => {
    const coord = fc.double({ min: -0.1, max: 1.1, noNaN: true });
    const wireBbox = fc.record({ x_min: coord, y_min: coord, x_max: coord, y_max: coord });
    const chunk = fc.string({ unit: 'grapheme', maxLength: 30 });
    await fc.assert(
      fc.asyncProperty(
        wireBbox,
        fc.array(chunk, { maxLength: 20 }),
        fc.string({ unit: 'grapheme', maxLength: 50 }),
        fc.array(fc.integer({ min: 1, max: 5000 }), { maxLength: 30 }),
        fc.constantFrom('\n', '\r\n', '\r'),
        async (bbox, chunks, path, cuts, eol) => {
          const events = [
            { type: 'bbox', bbox },
            ...chunks.map((c) => ({ type: 'path_delta', chunk: c, completed: false })),
            { type: 'final', chunk: '', completed: true, path, bbox },
          ];
          const out = await decode(splitAt(utf8(sseText(events, eol)), cuts));
          expect(out).toHaveLength(chunks.length + 2);
          expect(out.slice(1, -1).map((e) => e.type === 'path_delta' && e.chunk)).toEqual(chunks);
          const final = out.at(-1)!;
          expect(final.type === 'final' && final.path).toBe(path);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('property: arbitrary bytes never escape as anything but SegmentError', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 300 }),
        fc.array(fc.integer({ min: 1, max: 300 }), { maxLength: 10 }),
        async (bytes, cuts) => {
          try {
            await decode(splitAt(bytes, cuts));
          } catch (error) {
            expect(error).toBeInstanceOf(SegmentError);
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});

/**
 * The hybrid segmenter with real segmenters on both sides: the offline engine (graph cut) as the
 * preview, and the Moondream transport calling a real segmask handler over the offline engine
 * that the test holds back (a final slower than any preview, without timing).
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  createHybridSegmenter,
  createMoondreamSegmenter,
  SegmentError,
  type SegmentEvent,
  type Segmenter,
} from '../../src/index';
import { createLocalSegmenter } from '../../src/engine/index';
import { dataUrlOf, rectanglePng } from '../helpers/fixtures';
import { startSlowedEngineServer, type SlowedEngineServer } from '../helpers/slowed-engine-server';
import { collect } from '../helpers/streams';

let image: string;
let server: SlowedEngineServer | undefined;
beforeAll(async () => {
  image = dataUrlOf(await rectanglePng(160, 120, [40, 30, 120, 90]));
});
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const offline = () => createLocalSegmenter({ worker: false, model: false, detector: false });
const remote = (url: string) => createMoondreamSegmenter({ endpoint: url, retry: false });
const point = { object: 'box', spatialRefs: [[0.5, 0.5]] as const };

async function hybrid(
  options: { preview?: Segmenter; capabilities?: { negativeRefs: boolean; previous: boolean } } = {},
) {
  server = await startSlowedEngineServer(options.capabilities);
  const previewErrors: SegmentError[] = [];
  const segmenter = createHybridSegmenter({
    preview: options.preview ?? offline(),
    final: remote(server.url),
    onPreviewError: (e) => previewErrors.push(e),
  });
  return { segmenter, server, previewErrors };
}

describe('createHybridSegmenter', () => {
  it("yields the preview while the final is still held, then the final's own events; both started at once", async () => {
    const { segmenter, server } = await hybrid();
    const events = segmenter.stream({ image, ...point })[Symbol.asyncIterator]();
    const first = (await events.next()).value as SegmentEvent;
    expect(first).toMatchObject({ type: 'preview', engine: 'graph-cut', awaiting: 'Moondream' });
    if (first.type !== 'preview') throw new Error('no preview');
    // The preview is the offline engine's answer: the rectangle.
    expect(first.bbox.xMin).toBeCloseTo(0.25, 1);
    expect(first.bbox.xMax).toBeCloseTo(0.75, 1);
    // The final's request went out without waiting for it, and is still held.
    await expect.poll(() => server.seen.length).toBe(1);
    server.release();
    const rest: SegmentEvent[] = [];
    for (let step = await events.next(); !step.done; step = await events.next()) rest.push(step.value);
    expect(rest[0]!.type).toBe('bbox');
    expect(rest.slice(1, -1).every((e) => e.type === 'path_delta')).toBe(true);
    expect(rest.at(-1)).toMatchObject({ type: 'final' });
    expect(rest.filter((e) => e.type === 'preview')).toHaveLength(0);
    // segment() is the final's answer, not the preview's.
    const result = await segmenter.segment({ image, ...point });
    expect(result.engine).toBe('graph-cut'); // the served engine names its tier on the wire
    expect(server.seen).toHaveLength(2);
  });

  it('a failed preview is reported and the stream goes on with the final', async () => {
    const broken = createLocalSegmenter({
      worker: false,
      detector: false,
      model: { name: 'broken', encoder: new Uint8Array([1, 2, 3]), decoder: new Uint8Array([4]) },
    });
    const { segmenter, server, previewErrors } = await hybrid({ preview: broken });
    const stream = segmenter.stream({ image, ...point })[Symbol.asyncIterator]();
    const first = stream.next();
    await expect.poll(() => previewErrors.length).toBe(1);
    server.release();
    const events = [(await first).value as SegmentEvent];
    for (let step = await stream.next(); !step.done; step = await stream.next()) events.push(step.value);
    expect(events.map((e) => e.type)).not.toContain('preview');
    expect(events[0]!.type).toBe('bbox');
    expect(events.at(-1)!.type).toBe('final');
    expect(previewErrors[0]).toBeInstanceOf(SegmentError);
    expect(previewErrors[0]!.code).toBe('model_unavailable');
  });

  it("a final that fails after the preview throws the final's SegmentError", async () => {
    const { segmenter, server } = await hybrid();
    const events = segmenter.stream({ image, ...point })[Symbol.asyncIterator]();
    expect((await events.next()).value).toMatchObject({ type: 'preview' });
    server.failAfterFirstEvent('The model crashed.');
    expect((await events.next()).value).toMatchObject({ type: 'bbox' });
    const error = await events.next().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SegmentError);
    expect(error).toMatchObject({ code: 'server_error' });
    expect((error as SegmentError).message).toMatch(/The model crashed/);
  });

  it('exclude points and a previous answer, which Moondream cannot take, are answered by the preview alone', async () => {
    const { segmenter, server } = await hybrid();
    server.release();
    const first = await segmenter.segment({ image, ...point });
    expect(server.seen).toHaveLength(1);
    const excluded = await collect(segmenter.stream({ image, ...point, negativeRefs: [[0.3, 0.3]] }));
    expect(excluded.map((e) => e.type)).not.toContain('preview');
    expect(excluded.at(-1)).toMatchObject({ type: 'final', engine: 'graph-cut' });
    const corrected = await segmenter.segment({
      image,
      object: 'box',
      spatialRefs: [
        [0.5, 0.5],
        [0.6, 0.6],
      ],
      previous: { path: first.path, bbox: first.bbox },
    });
    expect(corrected.engine).toBe('graph-cut');
    expect(server.seen).toHaveLength(1); // only the first request went to the final
    // What the hybrid takes: what its preview takes.
    await expect(segmenter.capabilities!()).resolves.toMatchObject({ negativeRefs: true, previous: true });
  });

  it('a server that takes exclude points gets them, with a preview first', async () => {
    const { segmenter, server } = await hybrid({ capabilities: { negativeRefs: true, previous: true } });
    const stream = segmenter.stream({ image, ...point, negativeRefs: [[0.1, 0.1]] })[Symbol.asyncIterator]();
    expect((await stream.next()).value).toMatchObject({ type: 'preview', awaiting: 'Moondream' });
    server.release();
    const rest: SegmentEvent[] = [];
    for (let step = await stream.next(); !step.done; step = await stream.next()) rest.push(step.value);
    expect(rest.at(-1)!.type).toBe('final');
    expect(server.seen).toHaveLength(1);
    expect(server.seen[0]!.negativeRefs).toEqual([[0.1, 0.1]]);
  });

  it('cancelling cancels both: the held final request is closed, the stream ends aborted', async () => {
    const { segmenter, server } = await hybrid();
    const controller = new AbortController();
    const events = segmenter.stream({ image, ...point, signal: controller.signal })[Symbol.asyncIterator]();
    expect((await events.next()).value).toMatchObject({ type: 'preview' });
    await expect.poll(() => server.seen.length).toBe(1);
    controller.abort();
    await expect(events.next()).rejects.toMatchObject({ code: 'aborted' });
    await expect.poll(() => server.seen[0]!.signal!.aborted).toBe(true);
  });

  it('with both held: cancelling aborts both requests; a final that speaks first drops and aborts the preview', async () => {
    const previewServer = await startSlowedEngineServer();
    try {
      const { segmenter, server } = await hybrid({ preview: remote(previewServer.url) });
      const controller = new AbortController();
      const events = segmenter.stream({ image, ...point, signal: controller.signal })[Symbol.asyncIterator]();
      const first = events.next();
      await expect.poll(() => previewServer.seen.length + server.seen.length).toBe(2);
      controller.abort();
      await expect(first).rejects.toMatchObject({ code: 'aborted' });
      await expect.poll(() => previewServer.seen[0]!.signal!.aborted).toBe(true);
      await expect.poll(() => server.seen[0]!.signal!.aborted).toBe(true);

      server.release(); // the final answers; the preview is still held
      const all = await collect(segmenter.stream({ image, ...point }));
      expect(all.map((e) => e.type)).not.toContain('preview');
      expect(all[0]!.type).toBe('bbox');
      expect(all.at(-1)!.type).toBe('final');
      await expect.poll(() => previewServer.seen[1]?.signal?.aborted).toBe(true);
    } finally {
      await previewServer.close();
    }
  });

  it('a consumer that stops reading cancels the final too', async () => {
    const { segmenter, server } = await hybrid();
    for await (const event of segmenter.stream({ image, ...point })) {
      expect(event.type).toBe('preview');
      break;
    }
    await expect.poll(() => server.seen[0]?.signal?.aborted).toBe(true);
  });
});

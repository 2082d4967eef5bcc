import { describe, expect, it, vi } from 'vitest';
import { createLocalSegmenter } from '../../src/engine/index';
import { rectanglePng } from '../helpers/fixtures';
import { collect } from '../helpers/streams';

// Count the worker threads the engine starts.
const started = vi.hoisted(() => ({ workers: 0, exited: 0 }));
vi.mock('node:worker_threads', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:worker_threads')>();
  class CountedWorker extends actual.Worker {
    constructor(...args: ConstructorParameters<typeof actual.Worker>) {
      super(...args);
      started.workers++;
      this.once('exit', () => started.exited++);
    }
  }
  return { ...actual, Worker: CountedWorker };
});

describe('createLocalSegmenter in Node', () => {
  it('runs on a worker thread by default, started on first use and reused', async () => {
    const engine = createLocalSegmenter({ threads: 1, model: false });
    expect(started.workers).toBe(0); // nothing loads before the first request
    const image = await rectanglePng(320, 240, [80, 60, 240, 180]);
    for (let i = 0; i < 2; i++) {
      const events = await collect(
        engine.stream({ image, object: 'box', spatialRefs: [[0.2, 0.2, 0.8, 0.8]] }),
      );
      const final = events.at(-1)!;
      expect(final.type).toBe('final');
      if (final.type === 'final') expect(final.bbox!.xMin).toBeCloseTo(0.25, 1);
    }
    expect(started.workers).toBe(1);
  });

  it('dispose() ends its threads, is idempotent, and a later request starts a new one', async () => {
    const engine = createLocalSegmenter({ threads: 2, detector: false, model: false });
    const before = { ...started };
    const image = await rectanglePng(160, 120, [40, 30, 120, 90]);
    const request = { image, object: 'box', spatialRefs: [[0.2, 0.2, 0.8, 0.8]] as const };
    await Promise.all([engine.segment(request), engine.segment(request)]);
    expect(started.workers - before.workers).toBe(2);
    expect(started.exited - before.exited).toBe(0);
    engine.dispose!();
    engine.dispose!();
    await vi.waitFor(() => expect(started.exited - before.exited).toBe(2), { timeout: 5000 });

    expect((await engine.segment(request)).path).not.toBe('');
    expect(started.workers - before.workers).toBe(3);
    engine.dispose!();
    await vi.waitFor(() => expect(started.exited - before.exited).toBe(3), { timeout: 5000 });
  });

  it('runs in this thread with worker: false', async () => {
    const before = started.workers;
    const image = await rectanglePng(160, 120, [40, 30, 120, 90]);
    expect(
      (
        await createLocalSegmenter({ worker: false, model: false }).segment({
          image,
          object: 'box',
          spatialRefs: [[0.5, 0.5]],
        })
      ).path,
    ).not.toBe('');
    expect(started.workers).toBe(before);
  });
});

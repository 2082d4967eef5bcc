import { describe, expect, it } from 'vitest';
import { maskIoU } from '../../src/index';
import { segmentRegion } from '../../src/engine/algorithm/segment-region';
import {
  TEXTURE_BINS,
  fitTextureModel,
  textureBins,
  textureShares,
} from '../../src/engine/algorithm/texture-model';

const DARK = 80,
  LIGHT = 170;

/** A deterministic coin per pixel (an integer hash), so the noise is the same on every run. */
const coin = (x: number, y: number) =>
  ((Math.imul((x * 73856093) ^ (y * 19349663), 0x9e3779b1) >>> 15) & 1) === 1;

/**
 * An ellipse of vertical stripes on a background of random dots, both made of the same two
 * greys in equal shares: the colour histograms match, only the texture tells them apart.
 */
function stripesOnNoise(w = 160, h = 120) {
  const rgba = new Uint8Array(w * h * 4);
  const truth = new Uint8Array(w * h);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const inside = ((x + 0.5 - 80) / 45) ** 2 + ((y + 0.5 - 60) / 35) ** 2 <= 1;
      const v = inside ? ((x >> 1) & 1 ? LIGHT : DARK) : coin(x, y) ? LIGHT : DARK;
      rgba.set([v, v, v, 255], (y * w + x) * 4);
      truth[y * w + x] = inside ? 1 : 0;
    }
  return { rgba, truth, w, h };
}

describe('texture model', () => {
  it('gives stripes and random dots of the same greys different texture classes', () => {
    const { rgba, truth, w, h } = stripesOnNoise();
    const bins = textureBins(rgba, w, h);
    expect(bins.length).toBe(w * h);
    expect(Math.max(...bins)).toBeLessThan(TEXTURE_BINS);
    // The coherence level (bins % 6; 0..5) of the stripes' interior is well above the dots'.
    const coherence = (select: (x: number, y: number) => boolean) => {
      let sum = 0,
        count = 0;
      for (let y = 0; y < h; y++)
        for (let x = 0; x < w; x++)
          if (select(x, y)) {
            sum += bins[y * w + x]! % 6;
            count++;
          }
      return sum / count;
    };
    const deepInside = (x: number, y: number) => ((x - 80) / 35) ** 2 + ((y - 60) / 25) ** 2 <= 1;
    const farOutside = (x: number) => x < 20 || x > 140;
    expect(coherence(deepInside)).toBeGreaterThanOrEqual(4);
    expect(coherence(farOutside)).toBeLessThan(2);
    expect(truth.some((t) => t === 1)).toBe(true);
  });

  it('fits a likelihood that favours the classes it was fitted on, pulled toward the crop mix', () => {
    const bins = new Uint8Array([0, 0, 0, 5, 35, 35]);
    const nll = fitTextureModel(bins, (p) => (p < 3 ? 1 : 0), textureShares(bins));
    expect(nll[0]).toBeLessThan(nll[5]!);
    // Unseen classes: those the crop holds more of are likelier; none is impossible.
    expect(nll[35]).toBeLessThan(nll[5]!);
    expect(nll[5]).toBeLessThan(nll[7]!);
    expect(nll.every((v) => Number.isFinite(v) && v > 0)).toBe(true);
  });

  it('does not grow a crisp object into a flat background (windows straddling its edge)', () => {
    const w = 160,
      h = 120;
    const rgba = new Uint8Array(w * h * 4);
    const truth = new Uint8Array(w * h);
    for (let y = 0; y < h; y++)
      for (let x = 0; x < w; x++) {
        const inside = x >= 40 && x < 120 && y >= 30 && y < 90;
        rgba.set(inside ? [255, 255, 255, 255] : [0, 0, 0, 255], (y * w + x) * 4);
        truth[y * w + x] = inside ? 1 : 0;
      }
    const rounds = segmentRegion({
      rgba,
      width: w,
      height: h,
      box: [25, 18, 135, 102],
      points: [],
      minArea: 4,
    });
    let step = rounds.next();
    while (!step.done) step = rounds.next();
    // Without the pull toward the crop's texture mix the mask was 3 px too large on every side.
    expect(maskIoU(step.value, truth)).toBe(1);
  });

  it('lets a box find an object whose colours match its background', () => {
    const { rgba, truth, w, h } = stripesOnNoise();
    const rounds = segmentRegion({
      rgba,
      width: w,
      height: h,
      box: [30, 20, 130, 100],
      points: [],
      minArea: 4,
    });
    let step = rounds.next();
    while (!step.done) step = rounds.next();
    // Without the texture term the cut keeps nothing here (IoU 0): both sides hold the same greys.
    expect(maskIoU(step.value, truth)).toBeGreaterThan(0.85);
  });
});

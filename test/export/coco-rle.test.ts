import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  cocoRleArea,
  cocoRleToMask,
  maskToCocoRle,
  maskToRuns,
  runsToString,
  stringToRuns,
} from '../../src/index';
import { hasDevData, loadManifest, loadTruth } from '../helpers/dev-set';

describe('COCO RLE', () => {
  it('uses column-major runs starting with background', () => {
    // 3x3 row-major; columns read top to bottom: [0,1,0], [0,1,0], [1,0,0] -> 0 1 0 0 1 0 1 0 0
    const mask = Uint8Array.from([0, 0, 1, 1, 1, 0, 0, 0, 0]);
    expect(maskToRuns(mask, 3, 3)).toEqual([1, 1, 2, 1, 1, 1, 2]);
    expect(maskToRuns(Uint8Array.from([1, 1, 1, 1]), 2, 2)).toEqual([0, 4]);
  });

  it('writes the pycocotools string form (hand-checked against rleToString)', () => {
    expect(runsToString([2, 3, 4])).toBe('234');
    // 100 needs two 5-bit groups ("T3"); the 4th count is stored as 50 - 100 = -50 ("^N").
    expect(runsToString([5, 100, 3, 50])).toBe('5T33^N');
    expect(stringToRuns('5T33^N')).toEqual([5, 100, 3, 50]);
    // Deltas: runs[3] = 1 - 1 = 0, runs[4] = 1 - 2 = -1 ("O" is -1 in one group), runs[5] = 1 - 1 = 0.
    expect(maskToCocoRle(Uint8Array.from([0, 0, 1, 1, 1, 0, 0, 0, 0]), 3, 3)).toEqual({
      size: [3, 3],
      counts: '1120O01',
    });
  });

  it('property: runs and strings round-trip, masks round-trip', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 5_000_000 }), { maxLength: 50 }), (runs) => {
        expect(stringToRuns(runsToString(runs))).toEqual(runs);
      }),
      { numRuns: 500 },
    );
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 1, max: 30 }),
        fc.infiniteStream(fc.boolean()),
        (w, h, bits) => {
          const mask = new Uint8Array(w * h);
          let i = 0;
          for (const b of bits) {
            if (i === mask.length) break;
            mask[i++] = b ? 1 : 0;
          }
          const rle = maskToCocoRle(mask, w, h);
          expect(cocoRleToMask(rle)).toEqual({ mask, width: w, height: h });
          expect(cocoRleArea(rle)).toBe(mask.reduce((a, b) => a + b, 0));
          expect(cocoRleToMask({ size: rle.size, counts: stringToRuns(rle.counts) }).mask).toEqual(mask);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('rejects RLE that does not fit its size', () => {
    expect(() => cocoRleToMask({ size: [2, 2], counts: [1, 1] })).toThrow(/covers 2 pixels/);
    expect(() => cocoRleToMask({ size: [2, 2], counts: [1, 9] })).toThrow(/do not fit/);
  });

  it.skipIf(!hasDevData)('round-trips exactly on every dev-set mask', () => {
    const items = loadManifest();
    expect(items.length).toBeGreaterThan(0);
    for (const item of items) {
      const { mask } = loadTruth(item);
      const rle = maskToCocoRle(mask, item.width, item.height);
      expect(rle.size).toEqual([item.height, item.width]);
      const back = cocoRleToMask(rle);
      // Buffer.equals: a deep toEqual over 300k elements takes seconds.
      expect(Buffer.from(back.mask).equals(Buffer.from(mask)), item.id).toBe(true);
      expect(cocoRleArea(rle)).toBe(mask.reduce((a, b) => a + b, 0));
    }
  });
});

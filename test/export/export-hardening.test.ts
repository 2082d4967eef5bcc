import { describe, expect, it } from 'vitest';
import {
  SegmentError,
  bboxToPixels,
  cocoRleToMask,
  maskBbox,
  maskIoU,
  maskToCocoRle,
  maskToPng,
  objectsToLabelMap,
  parsePath,
  pathToCocoPolygons,
  rasterizePath,
  rasterizeRings,
  resultsToSvg,
  serializePath,
  toCocoDataset,
} from '../../src/index';

const BOX = { xMin: 0.1, yMin: 0.1, xMax: 0.9, yMax: 0.9 };
const PATH = 'M0 0L1 0L1 1L0 1z';

function refusal(fn: () => unknown): SegmentError {
  let error: unknown;
  try {
    fn();
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(SegmentError);
  expect((error as SegmentError).code).toBe('invalid_input');
  return error as SegmentError;
}

async function asyncRefusal(promise: Promise<unknown>): Promise<SegmentError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SegmentError);
  expect((error as SegmentError).code).toBe('invalid_input');
  return error as SegmentError;
}

const BAD_SIZES: [unknown, unknown][] = [
  [-10, 10],
  [10, -10],
  [0, 10],
  [1.5, 10],
  [Number.NaN, 10],
  [Infinity, 10],
  ['10', 10],
  [50_000, 50_000], // 2.5 GB of mask
];

describe('every function that takes a size refuses a bad one with invalid_input', () => {
  it('rasterizePath, rasterizeRings, objectsToLabelMap, cocoRleToMask, maskToPng, toCocoDataset', async () => {
    for (const [w, h] of BAD_SIZES) {
      const W = w as number;
      const H = h as number;
      const e = refusal(() => rasterizePath(PATH, BOX, W, H));
      expect(e.param).toMatch(/^(width|height)$/);
      refusal(() => rasterizeRings([new Float64Array([0, 0, 1, 0, 1, 1])], W, H));
      refusal(() => objectsToLabelMap([{ path: PATH, bbox: BOX }], W, H));
      refusal(() => cocoRleToMask({ size: [H, W], counts: [] }));
      if (W !== 50_000) refusal(() => pathToCocoPolygons(PATH, BOX, W, H)); // allocates no mask
      await asyncRefusal(maskToPng(new Uint8Array(4), W, H));
      const d = refusal(() => toCocoDataset([{ fileName: 'a.jpg', width: W, height: H, objects: [] }]));
      expect(d.param).toMatch(/^images\[0\]\.(width|height)$/);
    }
  });

  it('names the limit for oversized masks, and takes maxPixels to raise or lower it', () => {
    expect(refusal(() => rasterizePath(PATH, BOX, 50_000, 50_000)).message).toMatch(
      /limit of 100000000 \(maxPixels\)/,
    );
    refusal(() => rasterizePath(PATH, BOX, 100, 100, { maxPixels: 9_999 }));
    expect(rasterizePath(PATH, BOX, 100, 100, { maxPixels: 10_000 }).length).toBe(10_000);
    refusal(() => objectsToLabelMap([], 100, 100, { maxPixels: 10 }));
    refusal(() => cocoRleToMask({ size: [100, 100], counts: [10_000] }, { maxPixels: 10 }));
    refusal(() =>
      toCocoDataset([{ fileName: 'a', width: 100, height: 100, objects: [] }], { maxPixels: 10 }),
    );
  });

  it('maskToPng never writes a PNG claiming a size it does not have', async () => {
    const e = await asyncRefusal(maskToPng(new Uint8Array(100), -10, -10));
    expect(e.param).toBe('width');
    await asyncRefusal(maskToPng(new Uint8Array(100), 10, 11)); // length mismatch
    await asyncRefusal(maskToPng(new Uint8Array(100), 10, 10, 256));
    await asyncRefusal(maskToPng(new Uint8Array(100), 10, 10, Number.NaN));
    expect((await maskToPng(new Uint8Array(100), 10, 10)).length).toBeGreaterThan(50);
  });

  it('refuses non-finite bboxes, tolerances and coordinates', () => {
    refusal(() => rasterizePath(PATH, { ...BOX, xMax: Number.NaN }, 10, 10));
    refusal(() => rasterizePath(PATH, { ...BOX, yMin: Infinity }, 10, 10));
    refusal(() => rasterizePath(PATH, BOX, 10, 10, { tolerance: 0 }));
    refusal(() => pathToCocoPolygons(PATH, BOX, 10, 10, Number.NaN));
    refusal(() =>
      rasterizePath(
        [
          { type: 'M', x: Number.NaN, y: 0 },
          { type: 'L', x: 1, y: 1 },
          { type: 'L', x: 0, y: 1 },
        ],
        BOX,
        10,
        10,
      ),
    );
    refusal(() => bboxToPixels({ ...BOX, xMin: Number.NaN }, 10, 10));
    refusal(() => maskBbox(new Uint8Array(5), 10, 10));
    refusal(() => maskIoU(new Uint8Array(5), new Uint8Array(6)));
    refusal(() => serializePath(parsePath(PATH), 101));
  });

  it('cocoRleToMask refuses malformed RLE: bad runs, overlong numbers, missing size', () => {
    refusal(() => cocoRleToMask({ size: [2, 2], counts: [1.5, 2.5] }));
    refusal(() => cocoRleToMask({ size: [2, 2], counts: [Number.NaN, 4] }));
    refusal(() => cocoRleToMask({ size: [2, 2], counts: 'oooooooooooooooooooooooo1' }));
    refusal(() => cocoRleToMask({ counts: [4] } as never));
    refusal(() => cocoRleToMask(null as never));
    const mask = new Uint8Array([0, 1, 1, 0]);
    expect(Array.from(cocoRleToMask(maskToCocoRle(mask, 2, 2)).mask)).toEqual([0, 1, 1, 0]);
  });
});

describe('resultsToSvg writes only validated numbers', () => {
  const hostile = '1" onload="alert(1)';
  it('refuses strings where numbers belong, instead of writing them into attributes', () => {
    const ok = { path: PATH, bbox: BOX };
    expect(refusal(() => resultsToSvg([ok], hostile as never, 10)).param).toBe('width');
    expect(refusal(() => resultsToSvg([ok], 10, hostile as never)).param).toBe('height');
    expect(refusal(() => resultsToSvg([ok], 10, 10, { opacity: hostile as never })).param).toBe('opacity');
    expect(
      refusal(() => resultsToSvg([{ path: PATH, bbox: { ...BOX, xMin: hostile as never } }], 10, 10)).param,
    ).toBe('objects[0].bbox.xMin');
    refusal(() => resultsToSvg([ok], 10, 10, { opacity: 2 }));
    refusal(() => resultsToSvg([ok], -1, 10));
    refusal(() => resultsToSvg([ok], Infinity, 10));
    refusal(() => resultsToSvg([{ path: 5 as never, bbox: BOX }], 10, 10));
  });

  it('escapes every string it writes', () => {
    const svg = resultsToSvg(
      [{ path: `${PATH}" onload="x`, bbox: BOX, label: '</title><script>', color: 'red" onclick="x' }],
      640,
      480,
      { imageHref: 'a.jpg" onerror="x' },
    );
    expect(svg).not.toMatch(/" on(load|click|error)=/);
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('width="640" height="480"');
  });
});

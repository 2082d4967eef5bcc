import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  flattenPath,
  maskBbox,
  maskIoU,
  parsePath,
  pathToCocoPolygons,
  rasterizePath,
  ringArea,
} from '../../src/index';
import { REFINED_PATH } from '../helpers/fixtures';

const full = { xMin: 0, yMin: 0, xMax: 1, yMax: 1 };
const sum = (m: Uint8Array) => m.reduce((a, b) => a + b, 0);

describe('rasterizePath', () => {
  it('fills a square by pixel centres', () => {
    const mask = rasterizePath('M 0.25 0.25 L 0.75 0.25 L 0.75 0.75 L 0.25 0.75 z', full, 8, 8);
    expect(sum(mask)).toBe(16);
    for (let y = 0; y < 8; y++)
      for (let x = 0; x < 8; x++) expect(mask[y * 8 + x]).toBe(x >= 2 && x < 6 && y >= 2 && y < 6 ? 1 : 0);
  });

  it('places the path in its bbox, and never clips what leaves it', () => {
    const bbox = { xMin: 0.5, yMin: 0.5, xMax: 0.75, yMax: 0.75 };
    const mask = rasterizePath('M 0 0 L 2 0 L 2 1 L 0 1 z', bbox, 100, 100); // x runs to 2 = twice the box
    expect(maskBbox(mask, 100, 100)).toEqual({ xMin: 0.5, yMin: 0.5, xMax: 1, yMax: 0.75 });
    expect(sum(mask)).toBe(50 * 25);
  });

  it('nonzero: an opposite-wound inner ring is a hole; a same-wound one is not (evenodd: both holes)', () => {
    const outer = 'M 0.1 0.1 L 0.9 0.1 L 0.9 0.9 L 0.1 0.9 z';
    const holeCcw = 'M 0.3 0.3 L 0.3 0.7 L 0.7 0.7 L 0.7 0.3 z';
    const innerCw = 'M 0.3 0.3 L 0.7 0.3 L 0.7 0.7 L 0.3 0.7 z';
    const n = 100;
    const withHole = rasterizePath(`${outer} ${holeCcw}`, full, n, n);
    expect(sum(withHole)).toBe(80 * 80 - 40 * 40);
    expect(withHole[50 * n + 50]).toBe(0);
    expect(sum(rasterizePath(`${outer} ${innerCw}`, full, n, n))).toBe(80 * 80);
    expect(sum(rasterizePath(`${outer} ${innerCw}`, full, n, n, { fillRule: 'evenodd' }))).toBe(
      80 * 80 - 40 * 40,
    );
  });

  it('fills curves to their true area (a circle of arcs)', () => {
    const r = 0.4;
    const circle = `M ${0.5 - r} 0.5 A ${r} ${r} 0 1 0 ${0.5 + r} 0.5 A ${r} ${r} 0 1 0 ${0.5 - r} 0.5 z`;
    const n = 1000;
    const area = sum(rasterizePath(circle, full, n, n)) / (n * n);
    expect(area).toBeCloseTo(Math.PI * r * r, 3);
  });

  it('rasterizes the refined compact path with its second subpath as a hole', () => {
    const mask = rasterizePath(REFINED_PATH, full, 200, 200);
    expect(mask[100 * 200 + 100]).toBe(0); // inside the hole
    expect(mask[60 * 200 + 40]).toBe(1);
  });

  it('property: an axis-aligned rectangle fills exactly its pixels', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 0, max: 39 }),
        fc.integer({ min: 0, max: 39 }),
        (w, h, x0, y0) => {
          const size = 80;
          const d = `M ${x0} ${y0} L ${x0 + w} ${y0} L ${x0 + w} ${y0 + h} L ${x0} ${y0 + h} z`;
          // A bbox of 1/size maps path units to pixels one to one.
          const mask = rasterizePath(d, { xMin: 0, yMin: 0, xMax: 1 / size, yMax: 1 / size }, size, size);
          expect(sum(mask)).toBe(w * h);
          expect(maskBbox(mask, size, size)).toEqual({
            xMin: x0 / size,
            yMin: y0 / size,
            xMax: (x0 + w) / size,
            yMax: (y0 + h) / size,
          });
        },
      ),
      { numRuns: 200 },
    );
  });

  it('flattening keeps the area within tolerance and knows winding', () => {
    const rings = flattenPath(parsePath('M0 0C0 -1 1 -1 1 0C1 1 0 1 0 0z'), 0.001);
    expect(rings).toHaveLength(1);
    // Each lobe encloses 18 * integral t^2 (1-t)^2 dt = 0.6.
    expect(Math.abs(ringArea(rings[0]!))).toBeCloseTo(1.2, 2);
  });

  it('a hostile path flattens within a budget of points, and an ordinary one is untouched by it', () => {
    // Issue 25: 50,000 curves of 4 characters each, 256 segments apiece without a budget.
    const hostile = parsePath(`M0 0Q99 99 0 0T${'0 0 '.repeat(49_996)}`);
    const points = (rings: Float64Array[]) => rings.reduce((n, r) => n + r.length / 2, 0);
    expect(points(flattenPath(hostile, 0.2, 65_536))).toBeLessThanOrEqual(65_536);
    expect(points(flattenPath(hostile, 0.2, 10))).toBeLessThanOrEqual(hostile.length); // one per command at least
    const ordinary = parsePath('M0 0C0 -1 1 -1 1 0C1 1 0 1 0 0z');
    expect(flattenPath(ordinary, 0.001, 65_536)).toEqual(flattenPath(ordinary, 0.001));
    // Exports take the same path code: COCO polygons over a 256×192 image get at most 65,536 points.
    const polygons = pathToCocoPolygons(hostile, { xMin: 0, yMin: 0, xMax: 1, yMax: 1 }, 256, 192);
    expect(polygons.reduce((n, p) => n + p.length / 2, 0)).toBeLessThanOrEqual(65_536);
  });

  it('maskIoU ignores pixels marked ignore', () => {
    const a = Uint8Array.from([1, 1, 0, 0]);
    const b = Uint8Array.from([1, 0, 1, 0]);
    expect(maskIoU(a, b)).toBeCloseTo(1 / 3);
    expect(maskIoU(a, b, Uint8Array.from([0, 1, 1, 0]))).toBe(1);
    expect(maskIoU(new Uint8Array(4), new Uint8Array(4))).toBe(1);
  });
});

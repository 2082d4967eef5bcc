import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createGridCut, setPairwise, solveGridCut } from '../../src/engine/algorithm/grid-graph-cut';

/** Energy of a labelling: unary costs plus weights of cut neighbour pairs. */
function energy(
  w: number,
  h: number,
  source: number[],
  sink: number[],
  right: number[],
  down: number[],
  labels: ArrayLike<number>,
): number {
  let e = 0;
  for (let p = 0; p < w * h; p++) {
    e += labels[p] ? sink[p]! : source[p]!;
    if ((p % w) + 1 < w && labels[p] !== labels[p + 1]) e += right[p]!;
    if (p + w < w * h && labels[p] !== labels[p + w]) e += down[p]!;
  }
  return e;
}

describe('grid graph cut', () => {
  it('property: finds a minimum-energy labelling (brute force on 3x3 grids)', () => {
    const cost = fc.integer({ min: 0, max: 20 });
    fc.assert(
      fc.property(
        fc.array(cost, { minLength: 9, maxLength: 9 }),
        fc.array(cost, { minLength: 9, maxLength: 9 }),
        fc.array(cost, { minLength: 9, maxLength: 9 }),
        fc.array(cost, { minLength: 9, maxLength: 9 }),
        (source, sink, right, down) => {
          const w = 3,
            h = 3;
          const cut = createGridCut(w, h);
          for (let p = 0; p < 9; p++) {
            cut.terminals[p] = source[p]! - sink[p]!;
            if (p % w < w - 1) setPairwise(cut, p, 0, right[p]!);
            if (p + w < 9) setPairwise(cut, p, 1, down[p]!);
          }
          const labels = solveGridCut(cut);
          let best = Infinity;
          for (let m = 0; m < 512; m++) {
            const l = Array.from({ length: 9 }, (_, i) => (m >> i) & 1);
            best = Math.min(best, energy(w, h, source, sink, right, down, l));
          }
          expect(energy(w, h, source, sink, right, down, labels)).toBe(best);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('separates two flat regions along the weak edge', () => {
    const w = 40,
      h = 30;
    const cut = createGridCut(w, h);
    for (let p = 0; p < w * h; p++) {
      const x = p % w;
      cut.terminals[p] = x === 0 ? 1e6 : x === w - 1 ? -1e6 : 0;
      if (x < w - 1) setPairwise(cut, p, 0, x === 24 ? 1 : 10);
      if (p + w < w * h) setPairwise(cut, p, 1, 10);
    }
    const labels = solveGridCut(cut);
    for (let p = 0; p < w * h; p++) expect(labels[p]).toBe(p % w <= 24 ? 1 : 0);
  });
});

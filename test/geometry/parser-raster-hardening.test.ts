import { describe, expect, it } from 'vitest';
import { PathParser, SegmentError, parsePath, rasterizeRings } from '../../src/index';

function error(fn: () => unknown): SegmentError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(SegmentError);
    return e as SegmentError;
  }
  throw new Error('did not throw');
}

describe('parsePath refuses non-finite numbers and oversized input', () => {
  it('refuses 1e309 and other numbers that overflow, wherever they are', () => {
    for (const d of ['M 1e309 0 L 1 1 z', 'M0 0 L -1e400 1', 'M0 0 C 0 0 0 0 1e999 0', 'M1e308 0 l1e308 0']) {
      const e = error(() => parsePath(d));
      expect(e.code).toBe('parse_error');
      expect(e.param).toBe('path');
    }
    expect(parsePath('M 1e300 0 L 1 1')[0]).toEqual({ type: 'M', x: 1e300, y: 0 });
  });

  it('refuses an arc whose radii overflow instead of dropping it', () => {
    for (const d of ['M0 0A1e308 1e308 0 0 1 1 1z', 'M0 0a1e200 1 0 0 1 1 1']) {
      const e = error(() => parsePath(d));
      expect(e.code).toBe('parse_error');
      expect(e.message).toMatch(/radii are too large/);
    }
    expect(parsePath('M0 0A1e5 1e5 0 0 1 1 1').at(-1)).toMatchObject({ type: 'C', x: 1, y: 1 });
  });

  it('caps the length and the command count, configurably, with invalid_input', () => {
    const long = `M0 0${' L1 1'.repeat(250_000)}`; // 1.25 M characters, 250,001 commands
    const commands = error(() => parsePath(long));
    expect(commands.code).toBe('invalid_input');
    expect(commands.message).toMatch(/more than 200000 commands \(maxCommands\)/);
    expect(parsePath(long, { maxCommands: 300_000 }).length).toBe(250_001);
    const length = error(() => parsePath(long, { maxLength: 1000, maxCommands: Infinity }));
    expect(length.message).toMatch(/longer than 1000 characters \(maxLength\)/);
    // Streaming: the length counts over all chunks.
    const parser = new PathParser({ maxLength: 20 });
    parser.push('M0 0 L1 1 ');
    expect(error(() => parser.push('L2 2 L3 3 L4 4')).code).toBe('invalid_input');
  });
});

/** Nonzero winding number of the point (px, py) for a closed polygon ring. */
function winding(ring: Float64Array, px: number, py: number): number {
  let w = 0;
  const n = ring.length;
  for (let i = 0; i < n; i += 2) {
    const j = (i + 2) % n;
    const [ax, ay, bx, by] = [ring[i]!, ring[i + 1]!, ring[j]!, ring[j + 1]!];
    if (ay <= py && by > py && (bx - ax) * (py - ay) - (px - ax) * (by - ay) > 0) w++;
    else if (ay > py && by <= py && (bx - ax) * (py - ay) - (px - ax) * (by - ay) < 0) w--;
  }
  return w;
}

describe('rasterizing a path with many crossings per row', () => {
  it('fills exactly the pixels whose centres have a nonzero winding (or odd, evenodd)', () => {
    // 3000 random points: every row is crossed by ~1000 edges, the case that was quadratic.
    const ring = new Float64Array(6000);
    let seed = 3;
    for (let i = 0; i < ring.length; i++) {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      ring[i] = (seed / 2 ** 32) * 120 - 10; // some points outside the mask
    }
    const W = 100;
    const H = 90;
    const nonzero = rasterizeRings([ring], W, H);
    const evenodd = rasterizeRings([ring], W, H, { fillRule: 'evenodd' });
    let mismatches = 0;
    let inside = 0;
    for (let y = 0; y < H; y++)
      for (let x = 0; x < W; x++) {
        const w = winding(ring, x + 0.5, y + 0.5);
        if (nonzero[y * W + x] !== (w !== 0 ? 1 : 0)) mismatches++;
        if (evenodd[y * W + x] !== (w % 2 !== 0 ? 1 : 0)) mismatches++;
        inside += w !== 0 ? 1 : 0;
      }
    expect(inside).toBeGreaterThan(1000);
    expect(inside).toBeLessThan(W * H);
    expect(mismatches).toBe(0);
  });

  it('processes tall masks in bands with the same result as one pass', () => {
    // 3000 wide: the accumulator holds ~349 rows, so 1000 rows take three bands.
    const ring = new Float64Array([100, -5, 2900, 300, 1500, 1005, 200, 700]);
    const mask = rasterizeRings([ring], 3000, 1000);
    for (const [x, y] of [
      [1500, 349],
      [1500, 350],
      [1500, 699],
      [1500, 700],
      [1400, 990],
    ] as const)
      expect(mask[y * 3000 + x]).toBe(winding(ring, x + 0.5, y + 0.5) !== 0 ? 1 : 0);
    let mismatches = 0;
    for (let i = 0; i < mask.length; i += 97) {
      const x = i % 3000;
      const y = Math.floor(i / 3000);
      if (mask[i] !== (winding(ring, x + 0.5, y + 0.5) !== 0 ? 1 : 0)) mismatches++;
    }
    expect(mismatches).toBe(0);
  });
});

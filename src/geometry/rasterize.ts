import type { Bbox } from '../protocol/types';
import { pathToPixels } from './bbox';
import { flattenPath } from './flatten';
import type { PathCommand } from './path-commands';
import { parsePath } from './path-parser';

export interface RasterizeOptions {
  /** `nonzero` (default, what Moondream's refined paths are traced for) or `evenodd`. */
  fillRule?: 'nonzero' | 'evenodd';
  /** Curve flattening tolerance in pixels. Default 0.2. */
  tolerance?: number;
}

/**
 * Fills polygons (pixel coordinates) into a row-major mask of 0/1, sampling pixel centres.
 * A scanline fill with an active edge table, written here rather than taken from a canvas so it
 * runs in Node and workers and gives the same pixels everywhere.
 */
export function rasterizeRings(
  rings: readonly Float64Array[],
  width: number,
  height: number,
  options: RasterizeOptions = {},
): Uint8Array {
  const mask = new Uint8Array(width * height);
  const evenOdd = options.fillRule === 'evenodd';
  let count = 0;
  for (const r of rings) count += r.length / 2;
  // Edge table in typed arrays: first row, last row, x at the first row's centre, dx per row, winding.
  const first = new Int32Array(count);
  const last = new Int32Array(count);
  const x0s = new Float64Array(count);
  const slopes = new Float64Array(count);
  const dirs = new Int8Array(count);
  let edges = 0;
  for (const r of rings) {
    const n = r.length;
    for (let i = 0; i < n; i += 2) {
      const j = i + 2 === n ? 0 : i + 2;
      let ax = r[i]!,
        ay = r[i + 1]!,
        bx = r[j]!,
        by = r[j + 1]!;
      if (ay === by) continue;
      let dir = 1;
      if (ay > by) {
        [ax, bx] = [bx, ax];
        [ay, by] = [by, ay];
        dir = -1;
      }
      const jStart = Math.max(0, Math.ceil(ay - 0.5));
      const jEnd = Math.min(height - 1, Math.ceil(by - 0.5) - 1);
      if (jEnd < jStart) continue;
      const slope = (bx - ax) / (by - ay);
      first[edges] = jStart;
      last[edges] = jEnd;
      x0s[edges] = ax + (jStart + 0.5 - ay) * slope;
      slopes[edges] = slope;
      dirs[edges] = dir;
      edges++;
    }
  }
  // Bucket edges by first row (counting sort).
  const starts = new Int32Array(height + 1);
  for (let e = 0; e < edges; e++) starts[first[e]! + 1]!++;
  for (let j = 0; j < height; j++) starts[j + 1]! += starts[j]!;
  const order = new Int32Array(edges);
  const fill = starts.slice();
  for (let e = 0; e < edges; e++) order[fill[first[e]!]!++] = e;

  let active = new Int32Array(64);
  let activeCount = 0;
  let xs = new Float64Array(64);
  let ds = new Int8Array(64);
  for (let row = 0; row < height; row++) {
    // Add edges starting here; drop those that ended.
    for (let k = starts[row]!; k < starts[row + 1]!; k++) {
      if (activeCount === active.length) {
        const grown = new Int32Array(active.length * 2);
        grown.set(active);
        active = grown;
        xs = new Float64Array(active.length);
        ds = new Int8Array(active.length);
      }
      active[activeCount++] = order[k]!;
    }
    let m = 0;
    for (let k = 0; k < activeCount; k++) {
      const e = active[k]!;
      if (last[e]! >= row) active[m++] = e;
    }
    activeCount = m;
    if (activeCount === 0) continue;
    // Crossings at this row's centre, insertion-sorted by x (few per row).
    for (let k = 0; k < activeCount; k++) {
      const e = active[k]!;
      const x = x0s[e]! + (row - first[e]!) * slopes[e]!;
      const d = dirs[e]!;
      let p = k;
      while (p > 0 && xs[p - 1]! > x) {
        xs[p] = xs[p - 1]!;
        ds[p] = ds[p - 1]!;
        p--;
      }
      xs[p] = x;
      ds[p] = d;
    }
    let winding = 0;
    const base = row * width;
    for (let k = 0; k < activeCount - 1; k++) {
      winding = evenOdd ? winding ^ 1 : winding + ds[k]!;
      if (winding === 0) continue;
      const from = Math.max(0, Math.ceil(xs[k]! - 0.5));
      const to = Math.min(width, Math.ceil(xs[k + 1]! - 0.5));
      if (to > from) mask.fill(1, base + from, base + to);
    }
  }
  return mask;
}

/**
 * Rasterizes a bbox-relative path (a `d` string or parsed commands) over a `width` x `height`
 * image: a row-major `Uint8Array` with 1 inside, 0 outside. Parts outside the bbox are kept.
 */
export function rasterizePath(
  path: string | readonly PathCommand[],
  bbox: Bbox,
  width: number,
  height: number,
  options: RasterizeOptions = {},
): Uint8Array {
  const commands = typeof path === 'string' ? parsePath(path) : path;
  const rings = flattenPath(pathToPixels(commands, bbox, width, height), options.tolerance ?? 0.2);
  return rasterizeRings(rings, width, height, options);
}

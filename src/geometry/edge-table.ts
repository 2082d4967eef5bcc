import { SegmentError } from '../protocol/errors';

/**
 * The scanline fill's edge table: every non-horizontal polygon edge that covers at least one pixel
 * centre row, in typed arrays (one slot per edge), with the edges bucketed by their first row.
 */
export interface EdgeTable {
  /** First and last pixel row whose centre the edge crosses. */
  first: Int32Array;
  last: Int32Array;
  /** x where the edge crosses the first row's centre, and its change per row. */
  x0s: Float64Array;
  slopes: Float64Array;
  /** +1 for an edge going down (increasing y), -1 going up: its share of the winding number. */
  dirs: Int8Array;
  /**
   * The edges whose first row is j are `order[starts[j]]` up to `order[starts[j + 1]]`; there
   * are `starts[height]` edges in all.
   */
  starts: Int32Array;
  order: Int32Array;
}

/** The edges of closed rings (x, y pairs in pixels) over a mask `height` rows tall. */
export function buildEdgeTable(rings: readonly Float64Array[], height: number): EdgeTable {
  let capacity = 0;
  for (const r of rings) capacity += r.length / 2;
  const first = new Int32Array(capacity);
  const last = new Int32Array(capacity);
  const x0s = new Float64Array(capacity);
  const slopes = new Float64Array(capacity);
  const dirs = new Int8Array(capacity);
  let count = 0;
  for (const r of rings) {
    const n = r.length;
    for (let i = 0; i < n; i += 2) {
      const j = i + 2 === n ? 0 : i + 2;
      let ax = r[i]!,
        ay = r[i + 1]!,
        bx = r[j]!,
        by = r[j + 1]!;
      if (!(Number.isFinite(ax) && Number.isFinite(ay) && Number.isFinite(bx) && Number.isFinite(by)))
        throw new SegmentError('invalid_input', 'A path coordinate is not a finite number.', {
          param: 'path',
        });
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
      first[count] = jStart;
      last[count] = jEnd;
      x0s[count] = ax + (jStart + 0.5 - ay) * slope;
      slopes[count] = slope;
      dirs[count] = dir;
      count++;
    }
  }
  // Bucket the edges by first row (a counting sort).
  const starts = new Int32Array(height + 1);
  for (let e = 0; e < count; e++) starts[first[e]! + 1]!++;
  for (let j = 0; j < height; j++) starts[j + 1]! += starts[j]!;
  const order = new Int32Array(count);
  const fill = starts.slice();
  for (let e = 0; e < count; e++) order[fill[first[e]!]!++] = e;
  return { first, last, x0s, slopes, dirs, starts, order };
}

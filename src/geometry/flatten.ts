import type { PathCommand } from './path-commands';

/** Most segments one curve is cut into, whatever its size. */
const MAX_CURVE_SEGMENTS = 256;

/**
 * Segments for a cubic from (x, y) within `tolerance`, from its second differences (Wang's
 * formula): the uniform subdivision error is at most 3/4 * max|second difference| / n^2.
 */
function curveSegments(x: number, y: number, c: PathCommand & { type: 'C' }, tolerance: number): number {
  const ddx = Math.max(Math.abs(x - 2 * c.x1 + c.x2), Math.abs(c.x1 - 2 * c.x2 + c.x));
  const ddy = Math.max(Math.abs(y - 2 * c.y1 + c.y2), Math.abs(c.y1 - 2 * c.y2 + c.y));
  const dd = Math.hypot(ddx, ddy);
  return Math.max(1, Math.min(MAX_CURVE_SEGMENTS, Math.ceil(Math.sqrt((0.75 * dd) / tolerance))));
}

/**
 * Each curve's segment count within `tolerance` (0 for the other commands), cut down in
 * proportion when the whole path would pass `maxPoints`: a path's points are budgeted by what
 * its output can show, not per curve, so 50,000 tiny curves drawn far outside a 256² mask cost
 * a mask's worth of points instead of 12.8 million (issue 25). A curve keeps at least one
 * segment, so the budget never drops below one point per command.
 */
function segmentCounts(commands: readonly PathCommand[], tolerance: number, maxPoints: number): Uint16Array {
  const counts = new Uint16Array(commands.length);
  let x = 0,
    y = 0,
    startX = 0,
    startY = 0,
    extra = 0; // points beyond one per command
  commands.forEach((c, i) => {
    if (c.type === 'Z') {
      x = startX;
      y = startY;
      return;
    }
    if (c.type === 'C') {
      counts[i] = curveSegments(x, y, c, tolerance);
      extra += counts[i]! - 1;
    } else if (c.type === 'M') {
      startX = c.x;
      startY = c.y;
    }
    x = c.x;
    y = c.y;
  });
  const room = maxPoints - commands.length;
  if (extra > room) {
    const share = Math.max(0, room) / extra;
    for (let i = 0; i < counts.length; i++)
      if (counts[i]! > 1) counts[i] = 1 + Math.floor((counts[i]! - 1) * share);
  }
  return counts;
}

/**
 * Flattens commands into closed polygons (`[x0, y0, x1, y1, ...]`, one per subpath) whose
 * distance from the curves is at most `tolerance`, in the commands' own units, with at most
 * `maxPoints` points in all (or one per command, if more): past it, curves are cut into fewer
 * segments. Default: no budget.
 */
export function flattenPath(
  commands: readonly PathCommand[],
  tolerance: number,
  maxPoints = Infinity,
): Float64Array[] {
  const counts = segmentCounts(commands, tolerance, maxPoints);
  const rings: Float64Array[] = [];
  let ring: number[] = [];
  let x = 0,
    y = 0;
  const close = () => {
    if (ring.length >= 6) rings.push(Float64Array.from(ring));
    ring = [];
  };
  commands.forEach((c, index) => {
    switch (c.type) {
      case 'M':
        close();
        ring.push(c.x, c.y);
        x = c.x;
        y = c.y;
        break;
      case 'L':
        if (ring.length === 0) ring.push(x, y);
        ring.push(c.x, c.y);
        x = c.x;
        y = c.y;
        break;
      case 'C': {
        if (ring.length === 0) ring.push(x, y);
        const n = counts[index]!;
        for (let i = 1; i <= n; i++) {
          const t = i / n;
          const mt = 1 - t;
          const a = mt * mt * mt,
            b = 3 * mt * mt * t,
            d = 3 * mt * t * t,
            e = t * t * t;
          ring.push(a * x + b * c.x1 + d * c.x2 + e * c.x, a * y + b * c.y1 + d * c.y2 + e * c.y);
        }
        x = c.x;
        y = c.y;
        break;
      }
      case 'Z':
        if (ring.length >= 2) {
          x = ring[0]!;
          y = ring[1]!;
        }
        close();
        break;
    }
  });
  close();
  return rings;
}

/** Signed area of a flat ring (positive when clockwise in image coordinates, y down). */
export function ringArea(ring: Float64Array): number {
  let sum = 0;
  const n = ring.length;
  for (let i = 0; i < n; i += 2) {
    const j = (i + 2) % n;
    sum += ring[i]! * ring[j + 1]! - ring[j]! * ring[i + 1]!;
  }
  return sum / 2;
}

import type { PathCommand } from './path-commands';

/**
 * Flattens commands into closed polygons (`[x0, y0, x1, y1, ...]`, one per subpath) whose
 * distance from the curves is at most `tolerance`, in the commands' own units.
 */
export function flattenPath(commands: readonly PathCommand[], tolerance: number): Float64Array[] {
  const rings: Float64Array[] = [];
  let ring: number[] = [];
  let x = 0,
    y = 0;
  const close = () => {
    if (ring.length >= 6) rings.push(Float64Array.from(ring));
    ring = [];
  };
  for (const c of commands) {
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
        // Segment count from the curve's second differences (Wang's formula): the uniform
        // subdivision error is at most 3/4 * max|second difference| / n^2.
        const ddx = Math.max(Math.abs(x - 2 * c.x1 + c.x2), Math.abs(c.x1 - 2 * c.x2 + c.x));
        const ddy = Math.max(Math.abs(y - 2 * c.y1 + c.y2), Math.abs(c.y1 - 2 * c.y2 + c.y));
        const dd = Math.hypot(ddx, ddy);
        const n = Math.max(1, Math.min(256, Math.ceil(Math.sqrt((0.75 * dd) / tolerance))));
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
  }
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

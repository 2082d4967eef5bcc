/**
 * An SVG elliptical arc (endpoint parameterization) as cubic Béziers of at most 90 degrees each,
 * following the SVG spec's appendix B.2.4: first the centre parameterization, then the cubics.
 */

/** The arc's centre form: centre, radii (scaled up when too small), start angle and sweep. */
interface ArcCenter {
  cx: number;
  cy: number;
  rx: number;
  ry: number;
  cos: number;
  sin: number;
  theta1: number;
  delta: number;
}

const vectorAngle = (ux: number, uy: number, vx: number, vy: number) =>
  Math.atan2(ux * vy - uy * vx, ux * vx + uy * vy);

/** B.2.4 conversion from endpoint to centre parameterization; radii must be non-zero. */
function arcCenter(
  x0: number,
  y0: number,
  rxIn: number,
  ryIn: number,
  angle: number,
  large: number,
  sweep: number,
  x: number,
  y: number,
): ArcCenter {
  let rx = Math.abs(rxIn);
  let ry = Math.abs(ryIn);
  const phi = (angle * Math.PI) / 180;
  const cos = Math.cos(phi);
  const sin = Math.sin(phi);
  const dx = (x0 - x) / 2;
  const dy = (y0 - y) / 2;
  const x1p = cos * dx + sin * dy;
  const y1p = -sin * dx + cos * dy;
  const lambda = (x1p * x1p) / (rx * rx) + (y1p * y1p) / (ry * ry);
  if (lambda > 1) {
    rx *= Math.sqrt(lambda);
    ry *= Math.sqrt(lambda);
  }
  const num = rx * rx * ry * ry - rx * rx * y1p * y1p - ry * ry * x1p * x1p;
  const den = rx * rx * y1p * y1p + ry * ry * x1p * x1p;
  let k = Math.sqrt(Math.max(0, num / den));
  if (large === sweep) k = -k;
  const cxp = (k * rx * y1p) / ry;
  const cyp = (-k * ry * x1p) / rx;
  const cx = cos * cxp - sin * cyp + (x0 + x) / 2;
  const cy = sin * cxp + cos * cyp + (y0 + y) / 2;
  const theta1 = vectorAngle(1, 0, (x1p - cxp) / rx, (y1p - cyp) / ry);
  let delta = vectorAngle((x1p - cxp) / rx, (y1p - cyp) / ry, (-x1p - cxp) / rx, (-y1p - cyp) / ry);
  if (!sweep && delta > 0) delta -= 2 * Math.PI;
  if (sweep && delta < 0) delta += 2 * Math.PI;
  return { cx, cy, rx, ry, cos, sin, theta1, delta };
}

/**
 * The cubics of the arc from (x0, y0) to (x, y), six numbers each (x1 y1 x2 y2 x y), the last
 * ending exactly at (x, y). The caller handles the degenerate arcs the spec draws otherwise: equal
 * endpoints (nothing) and a zero radius (a line).
 */
export function arcToCubics(
  x0: number,
  y0: number,
  rx: number,
  ry: number,
  angle: number,
  large: number,
  sweep: number,
  x: number,
  y: number,
): number[] {
  const arc = arcCenter(x0, y0, rx, ry, angle, large, sweep, x, y);
  const { cx, cy, cos, sin, delta } = arc;
  const segments = Math.max(1, Math.ceil(Math.abs(delta) / (Math.PI / 2) - 1e-9));
  const step = delta / segments;
  const t = (4 / 3) * Math.tan(step / 4);
  const point = (a: number) =>
    [
      cx + arc.rx * Math.cos(a) * cos - arc.ry * Math.sin(a) * sin,
      cy + arc.rx * Math.cos(a) * sin + arc.ry * Math.sin(a) * cos,
    ] as const;
  const deriv = (a: number) =>
    [
      -arc.rx * Math.sin(a) * cos - arc.ry * Math.cos(a) * sin,
      -arc.rx * Math.sin(a) * sin + arc.ry * Math.cos(a) * cos,
    ] as const;
  const cubics: number[] = [];
  let a1 = arc.theta1;
  for (let s = 0; s < segments; s++) {
    const a2 = a1 + step;
    const [px1, py1] = point(a1);
    const [dx1, dy1] = deriv(a1);
    const [px2, py2] = s === segments - 1 ? [x, y] : point(a2);
    const [dx2, dy2] = deriv(a2);
    cubics.push(px1 + t * dx1, py1 + t * dy1, px2 - t * dx2, py2 - t * dy2, px2, py2);
    a1 = a2;
  }
  return cubics;
}

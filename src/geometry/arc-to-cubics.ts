import type { PathCommand } from './path-commands';

/**
 * Writes to `out` the cubics of the SVG elliptical arc from (x0, y0) to (x, y) (endpoint
 * parameterization, spec appendix B.2.4), at most 90 degrees each, the last ending exactly at
 * (x, y). The caller handles the degenerate arcs the spec draws otherwise:
 * equal endpoints (nothing) and a zero radius (a line).
 */
export function arcToCubics(
  x0: number,
  y0: number,
  rxIn: number,
  ryIn: number,
  angle: number,
  large: number,
  sweep: number,
  x: number,
  y: number,
  out: PathCommand[],
): void {
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
  const vecAngle = (ux: number, uy: number, vx: number, vy: number) =>
    Math.atan2(ux * vy - uy * vx, ux * vx + uy * vy);
  const theta1 = vecAngle(1, 0, (x1p - cxp) / rx, (y1p - cyp) / ry);
  let delta = vecAngle((x1p - cxp) / rx, (y1p - cyp) / ry, (-x1p - cxp) / rx, (-y1p - cyp) / ry);
  if (!sweep && delta > 0) delta -= 2 * Math.PI;
  if (sweep && delta < 0) delta += 2 * Math.PI;
  const segments = Math.max(1, Math.ceil(Math.abs(delta) / (Math.PI / 2) - 1e-9));
  const step = delta / segments;
  const t = (4 / 3) * Math.tan(step / 4);
  const point = (a: number) =>
    [
      cx + rx * Math.cos(a) * cos - ry * Math.sin(a) * sin,
      cy + rx * Math.cos(a) * sin + ry * Math.sin(a) * cos,
    ] as const;
  const deriv = (a: number) =>
    [
      -rx * Math.sin(a) * cos - ry * Math.cos(a) * sin,
      -rx * Math.sin(a) * sin + ry * Math.cos(a) * cos,
    ] as const;
  let a1 = theta1;
  for (let s = 0; s < segments; s++) {
    const a2 = a1 + step;
    const [px1, py1] = point(a1);
    const [dx1, dy1] = deriv(a1);
    const [px2, py2] = s === segments - 1 ? [x, y] : point(a2);
    const [dx2, dy2] = deriv(a2);
    out.push({
      type: 'C',
      x1: px1 + t * dx1,
      y1: py1 + t * dy1,
      x2: px2 - t * dx2,
      y2: py2 - t * dy2,
      x: px2,
      y: py2,
    });
    a1 = a2;
  }
}

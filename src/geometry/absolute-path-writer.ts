import { SegmentError } from '../protocol/errors';
import { arcToCubics } from './arc-to-cubics';
import type { PathCommand } from './path-commands';
import { pathSyntaxError } from './path-syntax';

/**
 * Reduces complete SVG commands (any of the ten, absolute or relative) to absolute M/L/C/Z,
 * keeping the pen's state between them: the current point, the subpath's start, and the last
 * control point that S (cubic) and T (quadratic) reflect. Counts what it writes against a cap
 * and refuses coordinates that overflow to non-finite numbers.
 */
export class AbsolutePathWriter {
  private commands = 0;
  private x = 0;
  private y = 0;
  private startX = 0;
  private startY = 0;
  private lastControlX = 0;
  private lastControlY = 0;
  private lastKind = '';
  /** Whether a moveto has set a current point (every other command needs one). */
  hasCurrentPoint = false;

  constructor(private readonly maxCommands: number) {}

  /**
   * Writes the command `kind` (upper case) with all its numbers `a` to `out`. `offset` is where
   * the input stands, for the error message when a coordinate overflows.
   */
  write(kind: string, relative: boolean, a: readonly number[], out: PathCommand[], offset: number): void {
    const before = out.length;
    const rx = relative ? this.x : 0;
    const ry = relative ? this.y : 0;
    switch (kind) {
      case 'M':
        this.x = a[0]! + rx;
        this.y = a[1]! + ry;
        this.startX = this.x;
        this.startY = this.y;
        this.hasCurrentPoint = true;
        out.push({ type: 'M', x: this.x, y: this.y });
        break;
      case 'L':
        this.lineTo(a[0]! + rx, a[1]! + ry, out);
        break;
      case 'H':
        this.lineTo(a[0]! + rx, this.y, out);
        break;
      case 'V':
        this.lineTo(this.x, a[0]! + ry, out);
        break;
      case 'C':
        this.cubicTo(a[0]! + rx, a[1]! + ry, a[2]! + rx, a[3]! + ry, a[4]! + rx, a[5]! + ry, out);
        break;
      case 'S': {
        const [x1, y1] =
          this.lastKind === 'C'
            ? [2 * this.x - this.lastControlX, 2 * this.y - this.lastControlY]
            : [this.x, this.y];
        this.cubicTo(x1, y1, a[0]! + rx, a[1]! + ry, a[2]! + rx, a[3]! + ry, out);
        break;
      }
      case 'Q':
        this.quadTo(a[0]! + rx, a[1]! + ry, a[2]! + rx, a[3]! + ry, out);
        break;
      case 'T': {
        const [qx, qy] =
          this.lastKind === 'Q'
            ? [2 * this.x - this.lastControlX, 2 * this.y - this.lastControlY]
            : [this.x, this.y];
        this.quadTo(qx, qy, a[0]! + rx, a[1]! + ry, out);
        break;
      }
      case 'A':
        this.arcTo(a[0]!, a[1]!, a[2]!, a[3]!, a[4]!, a[5]! + rx, a[6]! + ry, out, offset);
        break;
      case 'Z':
        out.push({ type: 'Z' });
        this.x = this.startX;
        this.y = this.startY;
        this.lastKind = '';
        break;
    }
    this.count(out, before, offset);
  }

  /** Counts the commands just written against the cap, and checks they are finite. */
  private count(out: PathCommand[], before: number, offset: number): void {
    this.commands += out.length - before;
    if (this.commands > this.maxCommands) {
      throw new SegmentError(
        'invalid_input',
        `The path has more than ${this.maxCommands} commands (maxCommands).`,
        { param: 'path' },
      );
    }
    for (let k = before; k < out.length; k++) {
      const c = out[k]!;
      const finite =
        c.type === 'Z' ||
        ((c.type === 'C'
          ? Number.isFinite(c.x1) && Number.isFinite(c.y1) && Number.isFinite(c.x2) && Number.isFinite(c.y2)
          : true) &&
          Number.isFinite(c.x) &&
          Number.isFinite(c.y));
      if (!finite) pathSyntaxError('a coordinate overflows to a non-finite number', offset);
    }
  }

  private lineTo(x: number, y: number, out: PathCommand[]): void {
    out.push({ type: 'L', x, y });
    this.x = x;
    this.y = y;
    this.lastKind = 'L';
  }

  private cubicTo(
    x1: number,
    y1: number,
    x2: number,
    y2: number,
    x: number,
    y: number,
    out: PathCommand[],
  ): void {
    out.push({ type: 'C', x1, y1, x2, y2, x, y });
    this.lastControlX = x2;
    this.lastControlY = y2;
    this.x = x;
    this.y = y;
    this.lastKind = 'C';
  }

  private quadTo(qx: number, qy: number, x: number, y: number, out: PathCommand[]): void {
    // A quadratic is exactly the cubic with controls 2/3 of the way to its control point.
    const x0 = this.x;
    const y0 = this.y;
    out.push({
      type: 'C',
      x1: x0 + (2 / 3) * (qx - x0),
      y1: y0 + (2 / 3) * (qy - y0),
      x2: x + (2 / 3) * (qx - x),
      y2: y + (2 / 3) * (qy - y),
      x,
      y,
    });
    this.lastControlX = qx;
    this.lastControlY = qy;
    this.x = x;
    this.y = y;
    this.lastKind = 'Q';
  }

  private arcTo(
    rx: number,
    ry: number,
    angle: number,
    large: number,
    sweep: number,
    x: number,
    y: number,
    out: PathCommand[],
    offset: number,
  ): void {
    if (this.x === x && this.y === y) {
      this.lastKind = 'A'; // the spec omits an arc that ends where it starts
      return;
    }
    if (rx === 0 || ry === 0) {
      this.lineTo(x, y, out); // and draws a line for an arc with a zero radius
      return;
    }
    const before = out.length;
    arcToCubics(this.x, this.y, rx, ry, angle, large, sweep, x, y, out);
    // Such an arc always draws: nothing written means its numbers overflowed (a radius of 1e308
    // squares to Infinity), and dropping it silently would read a different shape.
    if (out.length === before) pathSyntaxError('an arc whose radii are too large to draw', offset);
    this.x = x;
    this.y = y;
    this.lastKind = 'A';
  }
}

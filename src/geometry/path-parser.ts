import { SegmentError } from '../protocol/errors';
import type { PathCommand } from './path-commands';

const ARITY: Record<string, number> = { M: 2, L: 2, H: 1, V: 1, C: 6, S: 4, Q: 4, T: 2, A: 7, Z: 0 };
const NUMBER = /[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/y;
/** Text that is a number, or the start of one, up to the end of the chunk. */
const NUMBER_PREFIX = /^[+-]?\d*\.?\d*(?:[eE][+-]?\d*)?$/;

export interface PathParserOptions {
  /**
   * Treat the end of each pushed chunk as a separator. True by default: Moondream streams whole
   * commands, so a command is emitted as soon as its chunk arrives. Set false when chunks may
   * split a number ("0.3" + "5"); the last number then waits for the next chunk or `end()`.
   */
  wholeChunks?: boolean;
  /** Longer input (characters, over all chunks) is refused. Default 2,000,000. */
  maxLength?: number;
  /** More output commands are refused. Default 200,000. */
  maxCommands?: number;
}

/**
 * Real mask outlines have hundreds to a few thousand commands (Moondream's refined paths, the
 * engine's vectorized contours); the defaults sit far above that and bound the memory and the
 * rasterizing time a hostile path can cost.
 */
export const DEFAULT_MAX_PATH_LENGTH = 2_000_000;
export const DEFAULT_MAX_PATH_COMMANDS = 200_000;

function fail(message: string, offset: number): never {
  throw new SegmentError('parse_error', `Invalid SVG path at character ${offset}: ${message}.`, {
    param: 'path',
  });
}

/**
 * An incremental SVG path parser over the full path grammar (absolute and relative commands,
 * implicit repeats, exponents, compact forms like `M.1.2` and arc flags without separators).
 * Everything is reduced to absolute M/L/C/Z. Each `push` scans only the new text.
 */
export class PathParser {
  private wholeChunks: boolean;
  private maxLength: number;
  private maxCommands: number;
  private commands = 0;
  private command = '';
  private relative = false;
  private args: number[] = [];
  private carry = ''; // an unfinished number (only when chunks may split numbers)
  private offset = 0; // characters consumed before the current chunk, for error messages
  private x = 0;
  private y = 0;
  private startX = 0;
  private startY = 0;
  private lastControlX = 0; // reflected by S (cubic) and T (quadratic)
  private lastControlY = 0;
  private lastKind = '';
  private hasCurrent = false;

  constructor(options: PathParserOptions = {}) {
    this.wholeChunks = options.wholeChunks ?? true;
    this.maxLength = options.maxLength ?? DEFAULT_MAX_PATH_LENGTH;
    this.maxCommands = options.maxCommands ?? DEFAULT_MAX_PATH_COMMANDS;
  }

  /** Parses a chunk; returns the commands it completed. */
  push(chunk: string, out: PathCommand[] = []): PathCommand[] {
    if (typeof chunk !== 'string')
      throw new SegmentError('invalid_input', 'A path chunk must be a string.', { param: 'path' });
    if (this.offset + chunk.length > this.maxLength) {
      throw new SegmentError(
        'invalid_input',
        `The path is longer than ${this.maxLength} characters (maxLength).`,
        { param: 'path' },
      );
    }
    let text = chunk;
    let base = this.offset;
    if (this.carry) {
      text = this.carry + chunk;
      base -= this.carry.length;
      this.carry = '';
    }
    this.offset += chunk.length;
    const n = text.length;
    let i = 0;
    while (i < n) {
      const c = text.charCodeAt(i);
      // Separators: whitespace and comma.
      if (c === 32 || c === 44 || c === 9 || c === 10 || c === 13 || c === 12) {
        i++;
        continue;
      }
      const isLetter = (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
      if (isLetter && c !== 101 && c !== 69) {
        const letter = text[i]!;
        const upper = letter.toUpperCase();
        if (!(upper in ARITY)) fail(`unknown command "${letter}"`, base + i);
        if (this.args.length > 0)
          fail(`command "${this.command}" is missing arguments before "${letter}"`, base + i);
        if (!this.hasCurrent && upper !== 'M') fail(`a path must start with M, not "${letter}"`, base + i);
        this.command = upper;
        this.relative = letter !== upper;
        i++;
        if (upper === 'Z') this.emit(out);
        continue;
      }
      if (!this.command) fail(`a path must start with a command, not "${text[i]}"`, base + i);
      if (this.command === 'Z') fail('numbers after Z need a command', base + i);
      // Arc flags are single digits that may touch the next number ("a1 1 0 00.5.5").
      const slot = this.args.length;
      if (this.command === 'A' && (slot === 3 || slot === 4)) {
        if (c !== 48 && c !== 49) fail('an arc flag must be 0 or 1', base + i);
        this.args.push(c - 48);
        i++;
      } else {
        NUMBER.lastIndex = i;
        const match = NUMBER.exec(text);
        if (!this.wholeChunks) {
          // The chunk ends inside or right after a number ("0.3", "-", "1e-"): wait for more.
          const end = match ? i + match[0].length : i;
          if (end === n || (n - end <= 2 && NUMBER_PREFIX.test(text.slice(i)))) {
            this.carry = text.slice(i);
            break;
          }
        }
        if (!match) fail(`unexpected "${text[i]}"`, base + i);
        const end = i + match[0].length;
        const value = Number(match[0]);
        if (!Number.isFinite(value)) fail(`the number ${match[0].slice(0, 30)} is out of range`, base + i);
        this.args.push(value);
        i = end;
      }
      if (this.args.length === ARITY[this.command]) this.emit(out);
    }
    return out;
  }

  /** Ends the input: completes a held number; throws if a command lacks arguments. */
  end(out: PathCommand[] = []): PathCommand[] {
    if (this.carry) {
      const carry = this.carry;
      this.carry = '';
      this.offset -= carry.length;
      const saved = this.wholeChunks;
      this.wholeChunks = true;
      this.push(carry, out);
      this.wholeChunks = saved;
    }
    if (this.args.length > 0) fail(`command "${this.command}" ends without all its arguments`, this.offset);
    return out;
  }

  private emit(out: PathCommand[]): void {
    const a = this.args;
    const before = out.length;
    const rx = this.relative ? this.x : 0;
    const ry = this.relative ? this.y : 0;
    const kind = this.command;
    switch (kind) {
      case 'M':
        this.x = a[0]! + rx;
        this.y = a[1]! + ry;
        this.startX = this.x;
        this.startY = this.y;
        this.hasCurrent = true;
        out.push({ type: 'M', x: this.x, y: this.y });
        this.command = 'L'; // further pairs are implicit lineto
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
        this.arcTo(a[0]!, a[1]!, a[2]!, a[3]!, a[4]!, a[5]! + rx, a[6]! + ry, out);
        break;
      case 'Z':
        out.push({ type: 'Z' });
        this.x = this.startX;
        this.y = this.startY;
        this.lastKind = '';
        break;
    }
    this.args = [];
    this.count(out, before);
  }

  /** Counts the commands just emitted against the cap, and checks they are finite. */
  private count(out: PathCommand[], before: number): void {
    this.commands += out.length - before;
    if (this.commands > this.maxCommands) {
      throw new SegmentError(
        'invalid_input',
        `The path has more than ${this.maxCommands} commands (maxCommands).`,
        {
          param: 'path',
        },
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
      if (!finite) fail('a coordinate overflows to a non-finite number', this.offset);
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

  /** SVG arc (endpoint parameterization, spec appendix B.2.4) as cubics of at most 90 degrees. */
  private arcTo(
    rxIn: number,
    ryIn: number,
    angle: number,
    large: number,
    sweep: number,
    x: number,
    y: number,
    out: PathCommand[],
  ): void {
    const x0 = this.x;
    const y0 = this.y;
    let rx = Math.abs(rxIn);
    let ry = Math.abs(ryIn);
    if (x0 === x && y0 === y) {
      this.lastKind = 'A';
      return;
    }
    if (rx === 0 || ry === 0) {
      this.lineTo(x, y, out);
      return;
    }
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
    let a1 = theta1;
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
    for (let s = 0; s < segments; s++) {
      const a2 = a1 + step;
      const [px1, py1] = point(a1);
      const [dx1, dy1] = deriv(a1);
      const [px2, py2] = s === segments - 1 ? [x, y] : point(a2);
      const [dx2, dy2] = deriv(a2);
      this.cubicTo(px1 + t * dx1, py1 + t * dy1, px2 - t * dx2, py2 - t * dy2, px2, py2, out);
      a1 = a2;
    }
    this.lastKind = 'A';
  }
}

/** Parses a whole SVG path `d` string to absolute M/L/C/Z commands. */
export function parsePath(d: string, options: Omit<PathParserOptions, 'wholeChunks'> = {}): PathCommand[] {
  const parser = new PathParser(options);
  const out = parser.push(d);
  parser.end(out);
  return out;
}

import { SegmentError } from '../protocol/errors';

/** Absolute path commands: every SVG command reduces to these four. */
export type PathCommand =
  | { type: 'M'; x: number; y: number }
  | { type: 'L'; x: number; y: number }
  | { type: 'C'; x1: number; y1: number; x2: number; y2: number; x: number; y: number }
  | { type: 'Z' };

const fmt = (n: number, digits: number) => {
  const s = n.toFixed(digits);
  // Trim zeros: "0.500" -> "0.5", "1.000" -> "1", "-0.000" -> "0".
  const t = s.includes('.') ? s.replace(/\.?0+$/, '') : s;
  return t === '-0' ? '0' : t;
};

/** Serializes commands in the coarse-stream syntax (`M 0.1 0.2 L ...`). */
export function serializePath(commands: readonly PathCommand[], digits = 4): string {
  if (!(Number.isInteger(digits) && digits >= 0 && digits <= 20))
    throw new SegmentError('invalid_input', `digits must be an integer 0..20 (got ${String(digits)}).`, {
      param: 'digits',
    });
  const out: string[] = [];
  for (const c of commands) {
    switch (c.type) {
      case 'M':
      case 'L':
        out.push(`${c.type} ${fmt(c.x, digits)} ${fmt(c.y, digits)}`);
        break;
      case 'C':
        out.push(
          `C ${fmt(c.x1, digits)} ${fmt(c.y1, digits)} ${fmt(c.x2, digits)} ${fmt(c.y2, digits)} ${fmt(c.x, digits)} ${fmt(c.y, digits)}`,
        );
        break;
      case 'Z':
        out.push('Z');
    }
  }
  return out.join(' ');
}

/** Applies `x' = ax*x + bx`, `y' = ay*y + by` to every point (bbox and pixel transforms). */
export function scalePath(
  commands: readonly PathCommand[],
  ax: number,
  bx: number,
  ay: number,
  by: number,
): PathCommand[] {
  return commands.map((c): PathCommand => {
    switch (c.type) {
      case 'M':
      case 'L':
        return { type: c.type, x: ax * c.x + bx, y: ay * c.y + by };
      case 'C':
        return {
          type: 'C',
          x1: ax * c.x1 + bx,
          y1: ay * c.y1 + by,
          x2: ax * c.x2 + bx,
          y2: ay * c.y2 + by,
          x: ax * c.x + bx,
          y: ay * c.y + by,
        };
      case 'Z':
        return c;
    }
  });
}

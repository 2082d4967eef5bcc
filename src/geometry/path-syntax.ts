import { SegmentError } from '../protocol/errors';

/**
 * The lexical rules of SVG path data, shared by the incremental parser's scan: which letters are
 * commands and how many numbers each takes, what separates tokens, and where a number ends.
 * Functions of char codes and indices (no token objects), so the scan allocates nothing per token.
 */

/** Numbers each command takes, by its upper-case letter. */
export const COMMAND_ARITY: Readonly<Record<string, number>> = {
  M: 2,
  L: 2,
  H: 1,
  V: 1,
  C: 6,
  S: 4,
  Q: 4,
  T: 2,
  A: 7,
  Z: 0,
};

const NUMBER = /[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/y;
/** Text that is a number, or the start of one, up to the end of the chunk. */
const NUMBER_PREFIX = /^[+-]?\d*\.?\d*(?:[eE][+-]?\d*)?$/;

/** Whitespace and comma. */
export function isSeparator(c: number): boolean {
  return c === 32 || c === 44 || c === 9 || c === 10 || c === 13 || c === 12;
}

/** A letter that can name a command: any ASCII letter but `e`/`E`, which belong to exponents. */
export function isCommandLetter(c: number): boolean {
  return ((c >= 65 && c <= 90) || (c >= 97 && c <= 122)) && c !== 101 && c !== 69;
}

/** The text of the number that starts at `i`, or null when none starts there. */
export function numberAt(text: string, i: number): string | null {
  NUMBER.lastIndex = i;
  const match = NUMBER.exec(text);
  return match ? match[0] : null;
}

/**
 * Whether the text from `i` to its end may be a number cut by the end of the chunk ("0.3", "-",
 * "1e-"), given where the number read at `i` ends (`i` when none was read). Such text waits
 * for the next chunk.
 */
export function mayBeCutNumber(text: string, i: number, end: number): boolean {
  const n = text.length;
  return end === n || (n - end <= 2 && NUMBER_PREFIX.test(text.slice(i)));
}

/** The parse error for path data, at a character offset of the whole input. */
export function pathSyntaxError(message: string, offset: number): never {
  throw new SegmentError('parse_error', `Invalid SVG path at character ${offset}: ${message}.`, {
    param: 'path',
  });
}

import { SegmentError } from '../protocol/errors';
import { AbsolutePathWriter } from './absolute-path-writer';
import type { PathCommand } from './path-commands';
import {
  COMMAND_ARITY,
  isCommandLetter,
  isSeparator,
  mayBeCutNumber,
  numberAt,
  pathSyntaxError as fail,
} from './path-syntax';

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

/**
 * An incremental SVG path parser over the full path grammar (absolute and relative commands,
 * implicit repeats, exponents, compact forms like `M.1.2` and arc flags without separators).
 * Everything is reduced to absolute M/L/C/Z. Each `push` scans only the new text; the scan
 * gathers a command's numbers and hands the complete command to an `AbsolutePathWriter`.
 */
export class PathParser {
  private wholeChunks: boolean;
  private maxLength: number;
  private writer: AbsolutePathWriter;
  private command = '';
  private relative = false;
  private args: number[] = [];
  private carry = ''; // an unfinished number (only when chunks may split numbers)
  private offset = 0; // characters consumed before the current chunk, for error messages

  constructor(options: PathParserOptions = {}) {
    this.wholeChunks = options.wholeChunks ?? true;
    this.maxLength = options.maxLength ?? DEFAULT_MAX_PATH_LENGTH;
    this.writer = new AbsolutePathWriter(options.maxCommands ?? DEFAULT_MAX_PATH_COMMANDS);
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
      if (isSeparator(c)) {
        i++;
        continue;
      }
      if (isCommandLetter(c)) {
        const letter = text[i]!;
        const upper = letter.toUpperCase();
        if (!(upper in COMMAND_ARITY)) fail(`unknown command "${letter}"`, base + i);
        if (this.args.length > 0)
          fail(`command "${this.command}" is missing arguments before "${letter}"`, base + i);
        if (!this.writer.hasCurrentPoint && upper !== 'M')
          fail(`a path must start with M, not "${letter}"`, base + i);
        this.command = upper;
        this.relative = letter !== upper;
        i++;
        if (upper === 'Z') this.emit(out); // Z takes no numbers
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
        const number = numberAt(text, i);
        const end = number === null ? i : i + number.length;
        if (!this.wholeChunks && mayBeCutNumber(text, i, end)) {
          this.carry = text.slice(i);
          break;
        }
        if (number === null) fail(`unexpected "${text[i]}"`, base + i);
        const value = Number(number);
        if (!Number.isFinite(value)) fail(`the number ${number.slice(0, 30)} is out of range`, base + i);
        this.args.push(value);
        i = end;
      }
      if (this.args.length === COMMAND_ARITY[this.command]) this.emit(out);
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
    const kind = this.command;
    const args = this.args;
    this.args = [];
    if (kind === 'M') this.command = 'L'; // further pairs are implicit lineto
    this.writer.write(kind, this.relative, args, out, this.offset);
  }
}

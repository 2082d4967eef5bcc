import type { PathCommand } from './path-commands';
import { PathParser, type PathParserOptions } from './incremental-path-parser';

/**
 * Parses a whole SVG path `d` string to absolute M/L/C/Z commands: the incremental parser fed
 * one chunk, then ended, so a whole path and a streamed one are read by the same rules.
 */
export function parsePath(d: string, options: Omit<PathParserOptions, 'wholeChunks'> = {}): PathCommand[] {
  const parser = new PathParser(options);
  const out = parser.push(d);
  parser.end(out);
  return out;
}

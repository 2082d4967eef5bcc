import { parsePath } from '../../geometry/path-parser';
import type { PathCommand } from '../../geometry/path-commands';
import { SegmentError } from '../../protocol/errors';

/**
 * How far a previous answer's path may reach outside its bbox (the path is bbox-relative: 0..1
 * spans the box). Answers overshoot by a few hundredths; a point a thousand boxes away is no
 * answer, and drawn over the image it would overflow to Infinity (`L1e308,0`).
 */
const MAX_REACH = 1000;

const invalid = (message: string) =>
  new SegmentError('invalid_input', message, { param: 'previous.path', status: 400 });

const within = (v: number) => Math.abs(v) <= MAX_REACH;

function pointsWithin(c: PathCommand): boolean {
  if (c.type === 'Z') return true;
  if (c.type === 'C' && !(within(c.x1) && within(c.y1) && within(c.x2) && within(c.y2))) return false;
  return within(c.x) && within(c.y);
}

/**
 * Refuses a `previous.path` the engine cannot read as an answer, naming `previous.path`: one
 * the parser refuses, one that draws nothing (`M` alone) and one whose points reach beyond
 * MAX_REACH boxes. Taken as an empty previous, these were answered 200 as a different request.
 */
export function checkPreviousPath(path: string): void {
  let commands: PathCommand[];
  try {
    commands = parsePath(path);
  } catch {
    throw invalid('previous.path is not an SVG path the kit can read.');
  }
  if (!commands.some((c) => c.type === 'L' || c.type === 'C'))
    throw invalid('previous.path draws nothing: send the path of an earlier answer.');
  if (!commands.every(pointsWithin))
    throw invalid(
      `previous.path reaches more than ${MAX_REACH} times its bbox away: it is not an earlier answer.`,
    );
}

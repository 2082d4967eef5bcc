import { squaredDistanceToOutside } from '../algorithm/distance-transform';

/** How far a click's flood reaches, in multiples of its distance from the answer's edge. */
export const CLICK_REACH = 2;

/** A click right at the mask's edge still floods a disc about a fingertip wide (working pixels). */
const MIN_FLOOD_RADIUS = 4;

/** At most this many floods an answer: a person clicks a few dozen times at most. */
const MAX_FLOODS = 64;

/** All of an answer's floods together take at most this many times the crop's pixels. */
const FLOOD_VISITS = 2;

/**
 * Makes the mask agree with every click the model's answer overrode. The model can leave an
 * include click outside its mask (or an exclude click inside) however often it is clicked, most
 * of all along thin parts, and the user then clicks the same spot again and again. A click that
 * the mask contradicts moves the threshold there: the pixels around it that the model rates at
 * least as object-like as the clicked one (at most as object-like, for an exclude click), joined
 * to it, take the click's label. The flood stays within a disc of `reach` times the click's
 * distance from the mask's edge (or the crop's), so a click far out in the background reaches
 * back to the mask, not to everything the model was unsure about. `field` holds the logits on the mask's grid;
 * `includes` and `excludes` are pixel indices on it (−1: off the grid). Excludes go last, so an
 * exclude click wins where the two floods meet. Changes `mask` in place.
 */
export function floodContradictedClicks(
  mask: Uint8Array,
  field: Float32Array,
  w: number,
  h: number,
  includes: readonly number[],
  excludes: readonly number[],
  reach = CLICK_REACH,
): void {
  const contradicted = (label: 0 | 1) => (p: number) => p >= 0 && p < mask.length && mask[p] !== label;
  // Beyond this many, clicks keep the model's answer: a hostile request's 256 refs and 256
  // negative refs would otherwise cost a flood each.
  const wrongIn = includes.filter(contradicted(1)).slice(0, MAX_FLOODS);
  const wrongOut = excludes.filter(contradicted(0)).slice(0, MAX_FLOODS - wrongIn.length);
  if (wrongIn.length + wrongOut.length === 0) return;
  // Each click's distance from the mask's edge (or the crop's), on the model's own mask: one
  // exact transform per label in place of a scan of the crop per click.
  const depthOf = (region: (label: number) => boolean) => {
    const inside = new Uint8Array(mask.length);
    for (let p = 0; p < mask.length; p++) inside[p] = region(mask[p]!) ? 1 : 0;
    return squaredDistanceToOutside(inside, w, h);
  };
  const outsideDepth = wrongIn.length > 0 ? depthOf((label) => label === 0) : null;
  const insideDepth = wrongOut.length > 0 ? depthOf((label) => label === 1) : null;
  // All floods together visit at most a few crops' worth of pixels (floods may cross each other).
  const visits = { stamp: new Uint32Array(mask.length), round: 0, budget: FLOOD_VISITS * mask.length };
  for (const p of wrongIn) flood(mask, field, w, h, p, 1, reach * Math.sqrt(outsideDepth![p]!), visits);
  for (const p of wrongOut) flood(mask, field, w, h, p, 0, reach * Math.sqrt(insideDepth![p]!), visits);
}

/** Pixels seen by the current flood: `stamp[p] === round`, so one array serves every flood. */
interface Visits {
  stamp: Uint32Array;
  round: number;
  /** Pixels the floods may still take. */
  budget: number;
}

function flood(
  mask: Uint8Array,
  field: Float32Array,
  w: number,
  h: number,
  p: number,
  label: 0 | 1,
  reach: number,
  visits: Visits,
): void {
  if (mask[p] === label) return; // an earlier flood took it
  const cx = p % w,
    cy = (p - cx) / w;
  const radius = Math.max(MIN_FLOOD_RADIUS, reach);
  const r2 = radius * radius;
  const level = field[p]!;
  const round = ++visits.round;
  const seen = visits.stamp;
  const stack = [p];
  seen[p] = round;
  // One closure per flood, not per pixel.
  const visit = (nx: number, ny: number) => {
    const n = ny * w + nx;
    if (seen[n] === round || (nx - cx) ** 2 + (ny - cy) ** 2 > r2) return;
    if (label === 1 ? field[n]! < level : field[n]! > level) return;
    seen[n] = round;
    stack.push(n);
  };
  while (stack.length > 0 && visits.budget-- > 0) {
    const q = stack.pop()!;
    mask[q] = label;
    const x = q % w,
      y = (q - x) / w;
    if (x > 0) visit(x - 1, y);
    if (x + 1 < w) visit(x + 1, y);
    if (y > 0) visit(x, y - 1);
    if (y + 1 < h) visit(x, y + 1);
  }
}

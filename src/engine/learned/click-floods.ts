import { depthIn } from '../algorithm/seed-discs';

/** How far a click's flood reaches, in multiples of its distance from the answer's edge. */
export const CLICK_REACH = 2;

/** A click right at the mask's edge still floods a disc about a fingertip wide (working pixels). */
const MIN_FLOOD_RADIUS = 4;

/**
 * Makes the mask agree with every click the model's answer overrode. The model can leave an
 * include click outside its mask (or an exclude click inside) however often it is clicked, most
 * of all along thin parts, and the user then clicks the same spot again and again. A click that
 * the mask contradicts moves the threshold there: the pixels around it that the model rates at
 * least as object-like as the clicked one (at most as object-like, for an exclude click), joined
 * to it, take the click's label. The flood stays within a disc of `reach` times the click's
 * distance from the mask's edge, so a click deep in the background adds a blob of its own size,
 * not everything the model was unsure about. `field` holds the logits on the mask's grid;
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
  for (const p of includes) flood(mask, field, w, h, p, 1, reach);
  for (const p of excludes) flood(mask, field, w, h, p, 0, reach);
}

function flood(
  mask: Uint8Array,
  field: Float32Array,
  w: number,
  h: number,
  p: number,
  label: 0 | 1,
  reach: number,
): void {
  if (p < 0 || p >= mask.length || mask[p] === label) return;
  const cx = p % w,
    cy = (p - cx) / w;
  const radius = Math.max(MIN_FLOOD_RADIUS, reach * depthIn(mask, w, h, [cx, cy]));
  const r2 = radius * radius;
  const level = field[p]!;
  const joins = (q: number) => (label === 1 ? field[q]! >= level : field[q]! <= level);
  const seen = new Uint8Array(mask.length);
  const stack = [p];
  seen[p] = 1;
  while (stack.length > 0) {
    const q = stack.pop()!;
    mask[q] = label;
    const x = q % w,
      y = (q - x) / w;
    const visit = (nx: number, ny: number) => {
      const n = ny * w + nx;
      if (seen[n] || (nx - cx) ** 2 + (ny - cy) ** 2 > r2 || !joins(n)) return;
      seen[n] = 1;
      stack.push(n);
    };
    if (x > 0) visit(x - 1, y);
    if (x + 1 < w) visit(x + 1, y);
    if (y > 0) visit(x, y - 1);
    if (y + 1 < h) visit(x, y + 1);
  }
}

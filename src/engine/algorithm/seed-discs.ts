/**
 * A mask of discs around `points` (working pixels): clicks as seed areas. `radius` is one radius
 * for all, or one per point.
 */
export function discs(
  points: readonly (readonly [number, number])[],
  w: number,
  h: number,
  radius: number | readonly number[],
): Uint8Array {
  const out = new Uint8Array(w * h);
  points.forEach(([px, py], i) => {
    const r = typeof radius === 'number' ? radius : radius[i]!;
    for (let y = Math.max(0, Math.floor(py - r)); y <= Math.min(h - 1, Math.ceil(py + r)); y++)
      for (let x = Math.max(0, Math.floor(px - r)); x <= Math.min(w - 1, Math.ceil(px + r)); x++)
        if ((x + 0.5 - px) ** 2 + (y + 0.5 - py) ** 2 <= r * r) out[y * w + x] = 1;
  });
  return out;
}

/**
 * Distance (working pixels) from `point` to the nearest pixel whose label in `mask` differs from
 * the label under the point, or to the crop's edge when nearer: how deep inside its region of the
 * mask the point lies. A scan of the crop per click, cheap next to the cut.
 */
export function depthIn(mask: Uint8Array, w: number, h: number, [px, py]: readonly [number, number]): number {
  const cx = Math.min(w - 1, Math.max(0, Math.floor(px))),
    cy = Math.min(h - 1, Math.max(0, Math.floor(py)));
  const own = mask[cy * w + cx];
  // The crop's edge bounds the region too: a mask filling the crop has no other label in it.
  let best = Math.min(cx + 1, cy + 1, w - cx, h - cy) ** 2;
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      if (mask[y * w + x] === own) continue;
      const d = (x - cx) ** 2 + (y - cy) ** 2;
      if (d < best) best = d;
    }
  return Math.sqrt(best);
}

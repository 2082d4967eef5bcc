/** A mask of discs of `radius` around `points` (working pixels): clicks as seed areas. */
export function discs(
  points: readonly (readonly [number, number])[],
  w: number,
  h: number,
  radius: number,
): Uint8Array {
  const out = new Uint8Array(w * h);
  for (const [px, py] of points)
    for (let y = Math.max(0, Math.floor(py - radius)); y <= Math.min(h - 1, Math.ceil(py + radius)); y++)
      for (let x = Math.max(0, Math.floor(px - radius)); x <= Math.min(w - 1, Math.ceil(px + radius)); x++)
        if ((x + 0.5 - px) ** 2 + (y + 0.5 - py) ** 2 <= radius * radius) out[y * w + x] = 1;
  return out;
}

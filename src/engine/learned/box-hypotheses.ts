import type { Bbox } from '../../protocol/types';

/**
 * How much a drawn box is shrunk for the decoder's further hypotheses, as fractions of its width
 * and height (half on each side). A hand's box is looser than the object, and SAM answers a
 * loose box with background and neighbours; the decoder's own IoU estimate picks among the
 * drawn box and these, so a tight box keeps its answer. Measured over margins of 0, 0.02 and
 * 0.05 around the true box (docs/benchmarks.md): this set was never worse than the drawn box alone
 * on tuning and gained most where boxes are loosest; fewer hypotheses lost at one margin or another.
 */
export const BOX_SHRINKS: readonly number[] = [0.03, 0.06, 0.1];

/** The box shrunk toward its centre by `fraction` of each side. */
export function shrunkBox(box: Bbox, fraction: number): Bbox {
  const dx = ((box.xMax - box.xMin) * fraction) / 2;
  const dy = ((box.yMax - box.yMin) * fraction) / 2;
  return { xMin: box.xMin + dx, yMin: box.yMin + dy, xMax: box.xMax - dx, yMax: box.yMax - dy };
}

import { SegmentError } from '../protocol/errors';

/**
 * Intersection over union of two binary masks of equal size (nonzero = object). Pixels where
 * `ignore` is nonzero do not count. Two empty masks score 1.
 */
export function maskIoU(a: ArrayLike<number>, b: ArrayLike<number>, ignore?: ArrayLike<number>): number {
  if (a.length !== b.length || (ignore && ignore.length !== a.length))
    throw new SegmentError('invalid_input', 'maskIoU: the masks differ in size.', { param: 'b' });
  let inter = 0;
  let union = 0;
  for (let i = 0; i < a.length; i++) {
    if (ignore && ignore[i]) continue;
    const x = a[i] ? 1 : 0;
    const y = b[i] ? 1 : 0;
    inter += x & y;
    union += x | y;
  }
  return union === 0 ? 1 : inter / union;
}

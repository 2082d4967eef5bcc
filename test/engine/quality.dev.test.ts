/**
 * Quality floors of the offline engine on ../shared/data/dev (skipped where absent). Floors sit
 * a little under what `npm run bench:engine` measures, so a regression fails CI. Not timed.
 */
import { describe, expect, it } from 'vitest';
import { maskIoU, rasterizePath, type SpatialRef } from '../../src/index';
import { promptFromRefs, runSegmentation } from '../../src/engine/run-segmentation';
import { hasDevData, loadManifest, loadPixels, loadTruth, widen } from '../helpers/dev-set';

function meanIoU(makeRefs: (item: ReturnType<typeof loadManifest>[number]) => SpatialRef[]): number {
  const items = loadManifest();
  let sum = 0;
  for (const item of items) {
    const pixels = loadPixels(item);
    let final;
    for (const event of runSegmentation(pixels, promptFromRefs(makeRefs(item)))) if (event.type === 'final') final = event;
    const truth = loadTruth(item);
    sum += maskIoU(rasterizePath(final!.path, final!.bbox!, pixels.width, pixels.height), truth.mask, truth.ignore);
  }
  return sum / items.length;
}

describe.skipIf(!hasDevData)('offline engine quality on the dev set', () => {
  it('box prompts (manifest box widened by 0.02): mIoU >= 0.77', () => {
    expect(meanIoU((item) => [widen(item.box)])).toBeGreaterThanOrEqual(0.77);
  }, 120_000);

  it('point prompts (manifest point): mIoU >= 0.35', () => {
    expect(meanIoU((item) => [item.point])).toBeGreaterThanOrEqual(0.35);
  }, 120_000);
});

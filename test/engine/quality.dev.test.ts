/**
 * Quality floors of the offline engine on ../shared/data/dev (skipped where absent), through
 * the public segmenter (decoding, grounding, segmentation). Floors sit a little under what
 * `npm run bench:engine` measures, so a regression fails CI; the box floor is the target itself
 * (0.83; measured 0.832). Not timed.
 */
import { describe, expect, it } from 'vitest';
import { SegmentError, maskIoU, rasterizePath, type SpatialRef } from '../../src/index';
import { createLocalSegmenter } from '../../src/engine/index';
import { hasDevData, loadImageBytes, loadManifest, loadTruth, widen, type DevItem } from '../helpers/dev-set';

const engine = createLocalSegmenter({ worker: false, model: false });
const withoutDetector = createLocalSegmenter({ worker: false, detector: false, model: false });

async function meanIoU(
  items: DevItem[],
  refsOf: (item: DevItem) => SpatialRef[],
  segmenter = engine,
): Promise<number> {
  let sum = 0;
  for (const item of items) {
    try {
      const result = await segmenter.segment({
        image: loadImageBytes(item),
        object: item.label,
        spatialRefs: refsOf(item),
      });
      const truth = loadTruth(item);
      sum += maskIoU(
        rasterizePath(result.path, result.bbox, item.width, item.height),
        truth.mask,
        truth.ignore,
      );
    } catch (error) {
      if (!(error instanceof SegmentError && error.code === 'ungrounded')) throw error; // not found scores 0
    }
  }
  return sum / items.length;
}

describe.skipIf(!hasDevData)('offline engine quality on the dev set', () => {
  it('box prompts (manifest box widened by 0.02): mIoU >= 0.83 (the target)', async () => {
    expect(await meanIoU(loadManifest(), (item) => [widen(item.box)])).toBeGreaterThanOrEqual(0.83);
  }, 180_000);

  it('point prompts (manifest point and label, grounded by the detector): mIoU >= 0.68', async () => {
    expect(await meanIoU(loadManifest(), (item) => [item.point])).toBeGreaterThanOrEqual(0.68);
  }, 180_000);

  it('point prompts without the detector: mIoU >= 0.55', async () => {
    expect(await meanIoU(loadManifest(), (item) => [item.point], withoutDetector)).toBeGreaterThanOrEqual(
      0.55,
    );
  }, 180_000);

  // 0.572 here since a name alone picks the instance by score × √area (0.602 with score × area,
  // which was chosen on these 30 items; on tuning's 250 the new rule gives 0.564 against 0.532).
  it('text-only prompts (COCO items, label alone): mIoU >= 0.55', async () => {
    expect(
      await meanIoU(
        loadManifest().filter((item) => item.source === 'coco_mval'),
        () => [],
      ),
    ).toBeGreaterThanOrEqual(0.55);
  }, 180_000);
});

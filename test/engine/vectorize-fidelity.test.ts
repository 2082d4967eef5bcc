/**
 * The refined path says what the engine's mask says: the final path, parsed and rasterized by
 * the core, reproduces the mask it was traced from (IoU ≥ 0.98), on real segmentations of the
 * dev photos (skipped where absent) and on a synthetic ring with a hole.
 */
import { describe, expect, it } from 'vitest';
import { maskIoU, rasterizePath, type Pixels } from '../../src/index';
import { segmentRegion } from '../../src/engine/algorithm/segment-region';
import {
  maskToRings,
  ringsBbox,
  ringsToRefinedPath,
  type CropFrame,
} from '../../src/engine/algorithm/vectorize';
import { resizePixels } from '../../src/image/pixels';
import { hasDevData, loadManifest, loadPixels } from '../helpers/dev-set';

function refinedMaskAndPath(image: Pixels, box: [number, number, number, number]) {
  const size = 200;
  const scale = Math.min(1, size / Math.max(image.width, image.height));
  const w = Math.round(image.width * scale),
    h = Math.round(image.height * scale);
  const work = resizePixels(image, w, h);
  const rounds = segmentRegion({
    rgba: work.data,
    width: w,
    height: h,
    box: [box[0] * w, box[1] * h, box[2] * w, box[3] * h],
    points: [],
    minArea: 4,
  });
  let step = rounds.next();
  while (!step.done) step = rounds.next();
  const mask = step.value;
  const frame: CropFrame = {
    x: 0,
    y: 0,
    width: w,
    height: h,
    workWidth: w,
    workHeight: h,
    imageWidth: w,
    imageHeight: h,
  };
  const rings = maskToRings(mask, frame, 0.4); // the engine's fine tolerance
  const bbox = ringsBbox(rings)!;
  return { mask, w, h, path: ringsToRefinedPath(rings, bbox), bbox };
}

describe('the final path reproduces the refined mask', () => {
  it('a ring with a hole', () => {
    const w = 160,
      h = 120,
      data = new Uint8ClampedArray(w * h * 4);
    for (let y = 0; y < h; y++)
      for (let x = 0; x < w; x++) {
        const d = Math.hypot(x - 80, y - 60),
          i = (y * w + x) * 4;
        const on = d < 45 && d > 18;
        data.set(on ? [210, 40, 30, 255] : [90, 110, 100, 255], i);
      }
    const { mask, path, bbox } = refinedMaskAndPath({ data, width: w, height: h }, [0.15, 0.05, 0.85, 0.95]);
    expect(maskIoU(rasterizePath(path, bbox, w, h), mask)).toBeGreaterThanOrEqual(0.98);
  });

  it.skipIf(!hasDevData)('ten dev photos', () => {
    for (const item of loadManifest().slice(0, 10)) {
      const { mask, w, h, path, bbox } = refinedMaskAndPath(loadPixels(item), item.box);
      const iou = maskIoU(rasterizePath(path, bbox, w, h), mask);
      expect(iou, item.id).toBeGreaterThanOrEqual(0.98);
    }
  });
});

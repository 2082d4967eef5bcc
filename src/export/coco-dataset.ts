import type { Bbox } from '../protocol/types';
import { SegmentError } from '../protocol/errors';
import { maskBbox } from '../geometry/bbox';
import { rasterizePath } from '../geometry/rasterize';
import { maskToCocoRle, type CocoRle } from './coco-rle';
import { pathToCocoPolygons } from './coco-polygons';
import { assertMaskSize } from '../geometry/limits';

/** One segmented object: a result's bbox-relative path, and its label. */
export interface LabeledObject {
  label: string;
  path: string;
  bbox: Bbox;
}

export interface CocoImageEntry {
  fileName: string;
  width: number;
  height: number;
  objects: readonly LabeledObject[];
}

export interface CocoAnnotation {
  id: number;
  image_id: number;
  category_id: number;
  segmentation: CocoRle | number[][];
  area: number;
  /** [x, y, width, height] in pixels, tight around the mask. */
  bbox: [number, number, number, number];
  iscrowd: 0;
}

export interface CocoDataset {
  images: { id: number; file_name: string; width: number; height: number }[];
  annotations: CocoAnnotation[];
  categories: { id: number; name: string }[];
}

/**
 * A COCO dataset (the JSON pycocotools loads) of labeled results: one category per label in
 * order of first use; segmentation as compressed RLE (exact, keeps holes) or polygons.
 */
export function toCocoDataset(
  images: readonly CocoImageEntry[],
  options: {
    segmentation?: 'rle' | 'polygons';
    /** Images larger than this are refused (each object is rasterized at the image size). Default 100 MP. */
    maxPixels?: number;
  } = {},
): CocoDataset {
  if (!Array.isArray(images))
    throw new SegmentError('invalid_input', 'images must be an array.', { param: 'images' });
  const categories = new Map<string, number>();
  const dataset: CocoDataset = { images: [], annotations: [], categories: [] };
  images.forEach((image, i) => {
    try {
      assertMaskSize(image.width, image.height, options.maxPixels);
    } catch (error) {
      const e = error as SegmentError;
      throw new SegmentError('invalid_input', `images[${i}] (${String(image.fileName)}): ${e.message}`, {
        param: `images[${i}].${e.param ?? 'width'}`,
      });
    }
    const imageId = i + 1;
    dataset.images.push({ id: imageId, file_name: image.fileName, width: image.width, height: image.height });
    for (const object of image.objects) {
      let categoryId = categories.get(object.label);
      if (categoryId === undefined) {
        categoryId = categories.size + 1;
        categories.set(object.label, categoryId);
        dataset.categories.push({ id: categoryId, name: object.label });
      }
      const mask = rasterizePath(object.path, object.bbox, image.width, image.height, {
        maxPixels: options.maxPixels,
      });
      let area = 0;
      for (let p = 0; p < mask.length; p++) area += mask[p]!;
      const tight = maskBbox(mask, image.width, image.height);
      const box: [number, number, number, number] = tight
        ? [
            tight.xMin * image.width,
            tight.yMin * image.height,
            (tight.xMax - tight.xMin) * image.width,
            (tight.yMax - tight.yMin) * image.height,
          ]
        : [0, 0, 0, 0];
      dataset.annotations.push({
        id: dataset.annotations.length + 1,
        image_id: imageId,
        category_id: categoryId,
        segmentation:
          options.segmentation === 'polygons'
            ? pathToCocoPolygons(object.path, object.bbox, image.width, image.height)
            : maskToCocoRle(mask, image.width, image.height),
        area,
        bbox: box.map((v) => Math.round(v * 100) / 100) as [number, number, number, number],
        iscrowd: 0,
      });
    }
  });
  return dataset;
}

/**
 * One label map for several objects: 0 is background, object i is i + 1 (later objects on top).
 * Write it with `maskToPng(labels, width, height, 'value')`.
 */
export function objectsToLabelMap(
  objects: readonly Pick<LabeledObject, 'path' | 'bbox'>[],
  width: number,
  height: number,
  options: { maxPixels?: number } = {},
): Uint8Array {
  if (!Array.isArray(objects))
    throw new SegmentError('invalid_input', 'objects must be an array.', { param: 'objects' });
  if (objects.length > 255)
    throw new SegmentError('invalid_input', 'A label map holds at most 255 objects.', { param: 'objects' });
  assertMaskSize(width, height, options.maxPixels);
  const labels = new Uint8Array(width * height);
  objects.forEach((object, i) => {
    const mask = rasterizePath(object.path, object.bbox, width, height, options);
    for (let p = 0; p < mask.length; p++) if (mask[p]) labels[p] = i + 1;
  });
  return labels;
}

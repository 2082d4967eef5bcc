import type { SegmentResult } from '../protocol/types';
import { toWireResult } from '../protocol/wire';
import { rasterizePath } from '../geometry/rasterize';
import { maskToCutout } from '../export/cutout';
import { maskToPng } from '../export/png';
import { toYoloSegmentation } from '../export/yolo';
import { resultsToSvg } from '../export/svg';
import type { OutputFormat } from './segment-options';

/** One segmented image and what the file needs of it. */
export interface SegmentedImage {
  file: string;
  bytes: Uint8Array;
  width: number;
  height: number;
  object: string;
  result: SegmentResult;
}

/** The contents of one image's output file in `format` (every format but coco, which is one file for all). */
export async function resultFile(
  format: Exclude<OutputFormat, 'coco'>,
  image: SegmentedImage,
): Promise<string | Uint8Array> {
  const { file, bytes, width, height, object, result } = image;
  const shape = { path: result.path, bbox: result.bbox };
  switch (format) {
    case 'json':
      return JSON.stringify(
        { image: file, width, height, ...toWireResult({ type: 'final', ...result }) },
        null,
        2,
      );
    case 'svg':
      return resultsToSvg([{ ...shape, label: object }], width, height);
    case 'cutout':
      return maskToCutout(bytes, shape);
    case 'yolo':
      return toYoloSegmentation([{ label: object, ...shape }], { [object]: 0 });
    case 'png':
      return maskToPng(rasterizePath(result.path, result.bbox, width, height), width, height);
  }
}

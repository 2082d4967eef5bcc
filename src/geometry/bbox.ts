import type { Bbox } from '../protocol/types';
import { assertBbox, assertMaskLength, assertMaskSize } from './limits';
import { parsePath } from './path-parser';
import { scalePath, serializePath, type PathCommand } from './path-commands';

export const bboxWidth = (b: Bbox) => b.xMax - b.xMin;
export const bboxHeight = (b: Bbox) => b.yMax - b.yMin;

/** The SVG transform that draws a bbox-relative path in a `viewBox="0 0 1 1"` of the image. */
export function bboxTransform(bbox: Bbox): string {
  return `translate(${bbox.xMin} ${bbox.yMin}) scale(${bboxWidth(bbox)} ${bboxHeight(bbox)})`;
}

/** Bbox-relative commands to image-normalized ones (x=0 is xMin, x=1 is xMax). No clipping. */
export function pathToImage(commands: readonly PathCommand[], bbox: Bbox): PathCommand[] {
  return scalePath(commands, bboxWidth(bbox), bbox.xMin, bboxHeight(bbox), bbox.yMin);
}

/** Bbox-relative commands to pixel coordinates of a `width` x `height` image. */
export function pathToPixels(
  commands: readonly PathCommand[],
  bbox: Bbox,
  width: number,
  height: number,
): PathCommand[] {
  return scalePath(
    commands,
    bboxWidth(bbox) * width,
    bbox.xMin * width,
    bboxHeight(bbox) * height,
    bbox.yMin * height,
  );
}

/** Re-anchors a bbox-relative `d` string to the image (normalized 0..1), as a `d` string. */
export function imagePathData(path: string, bbox: Bbox, digits = 5): string {
  return serializePath(pathToImage(parsePath(path), bbox), digits);
}

/** A bbox in pixels, rounded outward. */
export function bboxToPixels(
  bbox: Bbox,
  width: number,
  height: number,
): { x: number; y: number; width: number; height: number } {
  assertBbox(bbox);
  assertMaskSize(width, height, Infinity);
  const x0 = Math.floor(bbox.xMin * width);
  const y0 = Math.floor(bbox.yMin * height);
  return {
    x: x0,
    y: y0,
    width: Math.ceil(bbox.xMax * width) - x0,
    height: Math.ceil(bbox.yMax * height) - y0,
  };
}

/** The tight normalized box of a binary mask, or null when it is empty. */
export function maskBbox(mask: Uint8Array, width: number, height: number): Bbox | null {
  assertMaskSize(width, height, Infinity);
  assertMaskLength(mask, width, height);
  let x0 = width,
    y0 = height,
    x1 = -1,
    y1 = -1;
  for (let y = 0; y < height; y++) {
    const row = y * width;
    let first = -1,
      last = -1;
    for (let x = 0; x < width; x++) {
      if (mask[row + x]) {
        if (first < 0) first = x;
        last = x;
      }
    }
    if (first < 0) continue;
    if (y < y0) y0 = y;
    y1 = y;
    if (first < x0) x0 = first;
    if (last > x1) x1 = last;
  }
  if (x1 < 0) return null;
  return { xMin: x0 / width, yMin: y0 / height, xMax: (x1 + 1) / width, yMax: (y1 + 1) / height };
}

/** Loading the evaluation set from ../shared (never copied into the project). */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import type { Pixels } from '../../src/index';

export const DEV_DIR =
  process.env.SEGMASK_DEV_DATA ??
  resolve(dirname(fileURLToPath(import.meta.url)), '../../../shared/data/dev');
export const hasDevData = existsSync(join(DEV_DIR, 'manifest.json'));

export interface DevItem {
  id: string;
  source: 'grabcut' | 'coco_mval';
  label: string;
  width: number;
  height: number;
  box: [number, number, number, number];
  point: [number, number];
  image: string;
  mask: string;
}

export function loadManifest(): DevItem[] {
  return (JSON.parse(readFileSync(join(DEV_DIR, 'manifest.json'), 'utf8')) as { items: DevItem[] }).items;
}

export function loadImageBytes(item: DevItem): Uint8Array {
  return new Uint8Array(readFileSync(join(DEV_DIR, item.image)));
}

export function loadPixels(item: DevItem): Pixels {
  const bytes = loadImageBytes(item);
  return item.image.endsWith('.png')
    ? PNG.sync.read(Buffer.from(bytes))
    : jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true });
}

/** Ground truth: 1 object, 0 background; `ignore` marks the unlabelled band (value 128). */
export function loadTruth(item: DevItem): { mask: Uint8Array; ignore: Uint8Array } {
  const png = PNG.sync.read(readFileSync(join(DEV_DIR, item.mask)));
  const n = png.width * png.height;
  const mask = new Uint8Array(n);
  const ignore = new Uint8Array(n);
  const channels = png.data.length / n;
  for (let i = 0; i < n; i++) {
    const v = png.data[i * channels]!;
    mask[i] = v === 255 ? 1 : 0;
    ignore[i] = v === 128 ? 1 : 0;
  }
  return { mask, ignore };
}

/** The manifest box widened by `by` on every side, clipped (users drag boxes loosely). */
export function widen(box: readonly number[], by = 0.02): [number, number, number, number] {
  return [
    Math.max(0, box[0]! - by),
    Math.max(0, box[1]! - by),
    Math.min(1, box[2]! + by),
    Math.min(1, box[3]! + by),
  ];
}

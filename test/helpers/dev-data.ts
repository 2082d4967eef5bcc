import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The evaluation set lives beside the project, never inside it; absent on some machines. */
export const DEV_DIR = process.env.SEGMASK_DEV_DATA ?? resolve(dirname(fileURLToPath(import.meta.url)), '../../../shared/data/dev');
export const hasDevData = existsSync(join(DEV_DIR, 'manifest.json'));

export interface DevItem {
  id: string;
  source: 'grabcut' | 'coco_mval';
  label: string;
  width: number;
  height: number;
  box: [number, number, number, number];
  point: [number, number];
  ignore_value: number | null;
  image: string;
  mask: string;
}

export function devItems(): DevItem[] {
  if (!hasDevData) return [];
  return (JSON.parse(readFileSync(join(DEV_DIR, 'manifest.json'), 'utf8')) as { items: DevItem[] }).items;
}

export const devPath = (relative: string) => join(DEV_DIR, relative);

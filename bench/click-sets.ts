/** The evaluation sets for the click benchmark, by name, from ../shared/data (never copied). */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import type { Pixels } from '../src/index';
import type { DevItem } from '../test/helpers/dev-set';

const DATA = resolve(dirname(fileURLToPath(import.meta.url)), '../../shared/data');

export interface SetItem extends DevItem {
  set: string;
  dir: string;
}

/** The items of a set, or null when the set is absent here. */
export function loadSet(name: string): SetItem[] | null {
  const dir = join(DATA, name);
  if (!existsSync(join(dir, 'manifest.json'))) return null;
  const { items } = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { items: DevItem[] };
  return items.map((item) => ({ ...item, set: name, dir }));
}

export const imageBytes = (item: SetItem) => new Uint8Array(readFileSync(join(item.dir, item.image)));

export function loadItemPixels(item: SetItem): Pixels {
  const bytes = imageBytes(item);
  return item.image.endsWith('.png')
    ? PNG.sync.read(Buffer.from(bytes))
    : jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true });
}

/** 1 object, 0 background; `ignore` marks the unlabelled band (value 128). */
export function loadItemTruth(item: SetItem): { mask: Uint8Array; ignore: Uint8Array } {
  const png = PNG.sync.read(readFileSync(join(item.dir, item.mask)));
  const n = png.width * png.height;
  const mask = new Uint8Array(n),
    ignore = new Uint8Array(n);
  const channels = png.data.length / n;
  for (let i = 0; i < n; i++) {
    const v = png.data[i * channels]!;
    mask[i] = v === 255 ? 1 : 0;
    ignore[i] = v === 128 ? 1 : 0;
  }
  return { mask, ignore };
}

/** A fixed pseudo-random subset (mulberry32 shuffle with `seed`), in the set's order. */
export function seededSubset<T>(items: T[], count: number, seed: number): T[] {
  if (count >= items.length) return items;
  let s = seed >>> 0;
  const random = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const order = items.map((_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const chosen = new Set(order.slice(0, count));
  return items.filter((_, i) => chosen.has(i));
}

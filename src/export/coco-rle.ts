import { SegmentError } from '../protocol/errors';

/** COCO run-length encoding as pycocotools writes it: column-major runs, starting with zeros. */
export interface CocoRle {
  /** `[height, width]`. */
  size: [number, number];
  /** The compressed string form (LEB128-like, 6 bits a char, offset 48, deltas after the 2nd). */
  counts: string;
}

/** The uncompressed form (`iscrowd` annotations in COCO JSON files). */
export interface CocoRleUncompressed {
  size: [number, number];
  counts: number[];
}

/** Run lengths of a row-major mask read column by column (pycocotools' Fortran order). */
export function maskToRuns(mask: ArrayLike<number>, width: number, height: number): number[] {
  if (mask.length !== width * height) {
    throw new SegmentError('invalid_input', `Mask has ${mask.length} values, expected ${width}x${height}.`);
  }
  const runs: number[] = [];
  let current = 0; // runs start with background
  let length = 0;
  // Column-major order over a row-major array: the stride walk is the price of the format;
  // reading 8 columns per pass keeps each cache line in use (measured ~3x faster than 1).
  const band = 8;
  const column = new Uint8Array(height * band);
  for (let x0 = 0; x0 < width; x0 += band) {
    const cols = Math.min(band, width - x0);
    for (let y = 0; y < height; y++) {
      const row = y * width + x0;
      for (let c = 0; c < cols; c++) column[c * height + y] = mask[row + c] ? 1 : 0;
    }
    const total = cols * height;
    for (let i = 0; i < total; i++) {
      const v = column[i]!;
      if (v === current) {
        length++;
      } else {
        runs.push(length);
        current = v;
        length = 1;
      }
    }
  }
  runs.push(length);
  return runs;
}

/** pycocotools' `rleToString`. */
export function runsToString(runs: readonly number[]): string {
  let out = '';
  for (let i = 0; i < runs.length; i++) {
    let x = runs[i]!;
    if (i > 2) x -= runs[i - 2]!;
    let more = true;
    while (more) {
      let c = x & 0x1f;
      x >>= 5;
      more = c & 0x10 ? x !== -1 : x !== 0;
      if (more) c |= 0x20;
      out += String.fromCharCode(c + 48);
    }
  }
  return out;
}

/** pycocotools' `rleFrString`. */
export function stringToRuns(counts: string): number[] {
  const runs: number[] = [];
  let p = 0;
  while (p < counts.length) {
    let x = 0;
    let k = 0;
    let more = true;
    let c = 0;
    while (more) {
      if (p >= counts.length) throw new SegmentError('invalid_input', 'Truncated COCO RLE string.');
      c = counts.charCodeAt(p) - 48;
      if (c < 0 || c > 63) throw new SegmentError('invalid_input', `Invalid character in COCO RLE string at ${p}.`);
      x |= (c & 0x1f) << (5 * k);
      more = (c & 0x20) !== 0;
      p++;
      k++;
      if (!more && c & 0x10) x |= -1 << (5 * k);
    }
    if (runs.length > 2) x += runs[runs.length - 2]!;
    runs.push(x);
  }
  return runs;
}

/** Encodes a row-major mask (nonzero = object) as compressed COCO RLE. */
export function maskToCocoRle(mask: ArrayLike<number>, width: number, height: number): CocoRle {
  return { size: [height, width], counts: runsToString(maskToRuns(mask, width, height)) };
}

/** Decodes COCO RLE (compressed or not) to a row-major 0/1 mask. */
export function cocoRleToMask(rle: CocoRle | CocoRleUncompressed): { mask: Uint8Array; width: number; height: number } {
  const [height, width] = rle.size;
  const runs = typeof rle.counts === 'string' ? stringToRuns(rle.counts) : rle.counts;
  const mask = new Uint8Array(width * height);
  let k = 0;
  let value = 0;
  for (const run of runs) {
    if (run < 0 || k + run > width * height) throw new SegmentError('invalid_input', 'COCO RLE runs do not fit its size.');
    if (value) {
      for (let i = k; i < k + run; i++) {
        const x = (i / height) | 0;
        mask[(i - x * height) * width + x] = 1;
      }
    }
    k += run;
    value ^= 1;
  }
  if (k !== width * height) throw new SegmentError('invalid_input', `COCO RLE covers ${k} pixels, its size says ${width * height}.`);
  return { mask, width, height };
}

/** COCO's `area` of an RLE: the object's pixel count. */
export function cocoRleArea(rle: CocoRle | CocoRleUncompressed): number {
  const runs = typeof rle.counts === 'string' ? stringToRuns(rle.counts) : rle.counts;
  let area = 0;
  for (let i = 1; i < runs.length; i += 2) area += runs[i]!;
  return area;
}

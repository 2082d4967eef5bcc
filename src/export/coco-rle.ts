import { SegmentError } from '../protocol/errors';
import { assertMaskLength, assertMaskSize } from '../geometry/limits';

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

/**
 * Run lengths of a row-major mask read column by column (pycocotools' Fortran order).
 * Walking a row-major array column by column is a cache miss per pixel; instead one row-major
 * pass records where each pixel differs from the one above it (a run boundary inside its
 * column), and a counting sort groups those by column (see `npm run bench`).
 */
export function maskToRuns(mask: ArrayLike<number>, width: number, height: number): number[] {
  assertMaskSize(width, height, Infinity); // the mask exists already: only the size's validity matters
  assertMaskLength(mask, width, height);
  const n = width * height;
  let xs = new Int32Array(1024);
  let ys = new Int32Array(1024);
  let count = 0;
  const record = (x: number, y: number) => {
    if (count === xs.length) {
      const grownX = new Int32Array(count * 2);
      grownX.set(xs);
      xs = grownX;
      const grownY = new Int32Array(count * 2);
      grownY.set(ys);
      ys = grownY;
    }
    xs[count] = x;
    ys[count++] = y;
  };
  const differs = (a: number, b: number) => a !== b && (a === 0 || b === 0);
  if (mask instanceof Uint8Array && width % 4 === 0 && mask.byteOffset % 4 === 0) {
    // Compare four pixels at a time; most words equal the word above them.
    const words = new Uint32Array(mask.buffer, mask.byteOffset, n >> 2);
    const rowWords = width >> 2;
    for (let y = 1; y < height; y++) {
      const row = y * rowWords;
      for (let j = 0; j < rowWords; j++) {
        if (words[row + j] === words[row + j - rowWords]) continue;
        const i = (row + j) << 2;
        for (let b = 0; b < 4; b++) if (differs(mask[i + b]!, mask[i + b - width]!)) record((j << 2) + b, y);
      }
    }
  } else {
    for (let y = 1; y < height; y++) {
      const row = y * width;
      for (let x = 0; x < width; x++) if (differs(mask[row + x]!, mask[row + x - width]!)) record(x, y);
    }
  }
  // Counting sort by column; rows stay ascending within a column.
  const offsets = new Int32Array(width + 1);
  for (let k = 0; k < count; k++) offsets[xs[k]! + 1]!++;
  for (let x = 0; x < width; x++) offsets[x + 1]! += offsets[x]!;
  const sorted = new Int32Array(count);
  const fill = offsets.slice(0, width);
  for (let k = 0; k < count; k++) sorted[fill[xs[k]!]!++] = ys[k]!;

  const runs: number[] = [];
  let current = 0; // runs start with background
  let runStart = 0;
  for (let x = 0; x < width; x++) {
    const base = x * height;
    const top = mask[x] === 0 ? 0 : 1;
    if (top !== current) {
      runs.push(base - runStart);
      runStart = base;
      current = top;
    }
    for (let k = offsets[x]!; k < offsets[x + 1]!; k++) {
      const p = base + sorted[k]!;
      runs.push(p - runStart);
      runStart = p;
      current ^= 1;
    }
  }
  runs.push(n - runStart);
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
    while (more) {
      if (p >= counts.length) throw new SegmentError('invalid_input', 'Truncated COCO RLE string.');
      // pycocotools reads at most 7 characters (35 bits) a number; more would wrap the shifts.
      if (k >= 7) throw new SegmentError('invalid_input', `COCO RLE number too long at ${p}.`);
      const c = counts.charCodeAt(p) - 48;
      if (c < 0 || c > 63)
        throw new SegmentError('invalid_input', `Invalid character in COCO RLE string at ${p}.`);
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
export function cocoRleToMask(
  rle: CocoRle | CocoRleUncompressed,
  options: { maxPixels?: number } = {},
): {
  mask: Uint8Array;
  width: number;
  height: number;
} {
  if (typeof rle !== 'object' || rle === null || !Array.isArray(rle.size) || rle.size.length !== 2)
    throw new SegmentError('invalid_input', 'COCO RLE needs size: [height, width].', { param: 'size' });
  const [height, width] = rle.size;
  assertMaskSize(width, height, options.maxPixels);
  if (typeof rle.counts !== 'string' && !Array.isArray(rle.counts))
    throw new SegmentError('invalid_input', 'COCO RLE counts must be a string or an array.', {
      param: 'counts',
    });
  const runs = typeof rle.counts === 'string' ? stringToRuns(rle.counts) : rle.counts;
  const mask = new Uint8Array(width * height);
  let k = 0;
  let value = 0;
  for (const run of runs) {
    if (!Number.isInteger(run) || run < 0 || k + run > width * height)
      throw new SegmentError('invalid_input', 'COCO RLE runs do not fit its size.');
    if (value) {
      for (let i = k; i < k + run; i++) {
        const x = (i / height) | 0;
        mask[(i - x * height) * width + x] = 1;
      }
    }
    k += run;
    value ^= 1;
  }
  if (k !== width * height)
    throw new SegmentError('invalid_input', `COCO RLE covers ${k} pixels, its size says ${width * height}.`);
  return { mask, width, height };
}

/** COCO's `area` of an RLE: the object's pixel count. */
export function cocoRleArea(rle: CocoRle | CocoRleUncompressed): number {
  const runs = typeof rle.counts === 'string' ? stringToRuns(rle.counts) : rle.counts;
  let area = 0;
  for (let i = 1; i < runs.length; i += 2) area += runs[i]!;
  return area;
}

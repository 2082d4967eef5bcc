import type { Bbox } from '../../protocol/types';
import { traceContours, simplifyRing } from './contours';

/** Where a working crop sits in the image: working pixel (x, y) maps to image pixels linearly. */
export interface CropFrame {
  x: number;
  y: number;
  width: number;
  height: number;
  workWidth: number;
  workHeight: number;
  imageWidth: number;
  imageHeight: number;
}

/** A 3x3 box blur of a binary mask: its 0.5 iso-line is a smooth sub-pixel outline. */
function smoothField(mask: Uint8Array, w: number, h: number): Float32Array {
  const field = new Float32Array(w * h);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      let sum = 0;
      let count = 0;
      for (let dy = -1; dy <= 1; dy++) {
        const yy = y + dy;
        if (yy < 0 || yy >= h) continue;
        for (let dx = -1; dx <= 1; dx++) {
          const xx = x + dx;
          if (xx < 0 || xx >= w) continue;
          sum += mask[yy * w + xx]!;
          count++;
        }
      }
      // Weight the centre so one-pixel features survive the blur.
      field[y * w + x] = (sum / count + mask[y * w + x]!) / 2;
    }
  return field;
}

/** Traces a working mask into simplified rings in image-normalized coordinates. */
export function maskToRings(mask: Uint8Array, frame: CropFrame, tolerance: number): Float64Array[] {
  const rings = traceContours(
    smoothField(mask, frame.workWidth, frame.workHeight),
    frame.workWidth,
    frame.workHeight,
  );
  const sx = frame.width / frame.workWidth / frame.imageWidth;
  const sy = frame.height / frame.workHeight / frame.imageHeight;
  const ox = frame.x / frame.imageWidth;
  const oy = frame.y / frame.imageHeight;
  return rings.map((ring) => {
    const simple = simplifyRing(ring, tolerance);
    for (let i = 0; i < simple.length; i += 2) {
      simple[i] = ox + simple[i]! * sx;
      simple[i + 1] = oy + simple[i + 1]! * sy;
    }
    return simple;
  });
}

export function ringsBbox(rings: readonly Float64Array[]): Bbox | null {
  let xMin = Infinity,
    yMin = Infinity,
    xMax = -Infinity,
    yMax = -Infinity;
  for (const r of rings)
    for (let i = 0; i < r.length; i += 2) {
      xMin = Math.min(xMin, r[i]!);
      xMax = Math.max(xMax, r[i]!);
      yMin = Math.min(yMin, r[i + 1]!);
      yMax = Math.max(yMax, r[i + 1]!);
    }
  return xMin <= xMax && yMin <= yMax ? { xMin, yMin, xMax, yMax } : null;
}

const coarseNumber = (v: number) => {
  const s = v.toFixed(3).replace(/\.?0+$/, '');
  return s === '-0' ? '0' : s;
};
const refinedNumber = (v: number) => v.toFixed(3).replace(/^(-?)0\./, '$1.');

/** The coarse stream: one whole command per chunk, a leading space after the first (protocol). */
export function ringsToCoarseChunks(rings: readonly Float64Array[], bbox: Bbox): string[] {
  const w = bbox.xMax - bbox.xMin || 1;
  const h = bbox.yMax - bbox.yMin || 1;
  const chunks: string[] = [];
  for (const r of rings) {
    for (let i = 0; i < r.length; i += 2) {
      const cmd = i === 0 ? 'M' : 'L';
      chunks.push(
        `${chunks.length ? ' ' : ''}${cmd} ${coarseNumber((r[i]! - bbox.xMin) / w)} ${coarseNumber((r[i + 1]! - bbox.yMin) / h)}`,
      );
    }
    chunks.push(' z');
  }
  return chunks;
}

/** The refined path in Moondream's compact syntax (`M.148,.021L...z`), relative to `bbox`. */
export function ringsToRefinedPath(rings: readonly Float64Array[], bbox: Bbox): string {
  const w = bbox.xMax - bbox.xMin || 1;
  const h = bbox.yMax - bbox.yMin || 1;
  let out = '';
  for (const r of rings) {
    for (let i = 0; i < r.length; i += 2) {
      out += `${i === 0 ? 'M' : 'L'}${refinedNumber((r[i]! - bbox.xMin) / w)},${refinedNumber((r[i + 1]! - bbox.yMin) / h)}`;
    }
    out += 'z';
  }
  return out;
}

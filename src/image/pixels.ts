import type { Pixels } from '../protocol/types';

export type { Pixels };

export function isPixels(value: unknown): value is Pixels {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Partial<Pixels>;
  return (
    typeof v.width === 'number' &&
    typeof v.height === 'number' &&
    (v.data instanceof Uint8ClampedArray || v.data instanceof Uint8Array) &&
    v.data.length === v.width * v.height * 4
  );
}

/** Size that fits `maxPixels`, keeping the aspect ratio; the same size when it already fits. */
export function fitPixels(
  width: number,
  height: number,
  maxPixels: number,
): { width: number; height: number } {
  if (width * height <= maxPixels) return { width, height };
  const scale = Math.sqrt(maxPixels / (width * height));
  return { width: Math.max(1, Math.floor(width * scale)), height: Math.max(1, Math.floor(height * scale)) };
}

/**
 * Box-filter downscale of RGBA pixels (each output pixel averages the source pixels it covers,
 * with fractional edges): no aliasing, unlike nearest or bilinear at large factors.
 */
export function resizePixels(
  src: Pixels,
  width: number,
  height: number,
  rect?: { x: number; y: number; width: number; height: number },
): Pixels {
  const region = rect ?? { x: 0, y: 0, width: src.width, height: src.height };
  if (!rect && width === src.width && height === src.height) return src;
  const out = new Uint8ClampedArray(width * height * 4);
  const sx = region.width / width;
  const sy = region.height / height;
  const acc = new Float64Array(width * 4);
  const s = src.data;
  for (let oy = 0; oy < height; oy++) {
    acc.fill(0);
    const y0 = region.y + oy * sy;
    const y1 = y0 + sy;
    for (let y = Math.max(0, Math.floor(y0)); y < Math.min(src.height, Math.ceil(y1)); y++) {
      const wy = Math.min(y + 1, y1) - Math.max(y, y0);
      const row = y * src.width * 4;
      for (let ox = 0; ox < width; ox++) {
        const x0 = region.x + ox * sx;
        const x1 = x0 + sx;
        let r = 0,
          g = 0,
          b = 0,
          a = 0;
        for (let x = Math.max(0, Math.floor(x0)); x < Math.min(src.width, Math.ceil(x1)); x++) {
          const w = Math.min(x + 1, x1) - Math.max(x, x0);
          const i = row + x * 4;
          r += s[i]! * w;
          g += s[i + 1]! * w;
          b += s[i + 2]! * w;
          a += s[i + 3]! * w;
        }
        const o = ox * 4;
        acc[o] = acc[o]! + r * wy;
        acc[o + 1] = acc[o + 1]! + g * wy;
        acc[o + 2] = acc[o + 2]! + b * wy;
        acc[o + 3] = acc[o + 3]! + a * wy;
      }
    }
    const area = sx * sy;
    const base = oy * width * 4;
    for (let i = 0; i < width * 4; i++) out[base + i] = acc[i]! / area;
  }
  return { data: out, width, height };
}

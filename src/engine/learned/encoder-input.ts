import type { Pixels } from '../../protocol/types';
import { resizePixels } from '../../image/pixels';
import { SAM_INPUT_SIZE, SAM_PIXEL_MEAN, SAM_PIXEL_STD, samScale } from './sam-format';

/**
 * The encoder's input: the image with its long side at 1024 (box-filtered down, or stretched up),
 * normalized per channel, channels first, zero-padded right and bottom. Always 1024×1024×3
 * floats (12 MB), whatever the image: a hostile size cannot make it allocate more. Written into
 * `out` when given (a model reuses one: a fresh 12 MB per image lingers until the thread's next
 * full collection, which a small heap seldom runs).
 */
export function encoderInput(
  image: Pixels,
  out: Float32Array = new Float32Array(3 * SAM_INPUT_SIZE * SAM_INPUT_SIZE),
): Float32Array {
  const scale = samScale(image.width, image.height);
  const w = Math.max(1, Math.min(SAM_INPUT_SIZE, Math.round(image.width * scale)));
  const h = Math.max(1, Math.min(SAM_INPUT_SIZE, Math.round(image.height * scale)));
  const resized = resizePixels(image, w, h);
  const plane = SAM_INPUT_SIZE * SAM_INPUT_SIZE;
  if (out.length !== 3 * plane) throw new RangeError('encoderInput: out must hold 3 × 1024 × 1024 floats');
  const src = resized.data;
  for (let c = 0; c < 3; c++) {
    const mean = SAM_PIXEL_MEAN[c]!,
      inv = 1 / SAM_PIXEL_STD[c]!,
      base = c * plane;
    for (let y = 0; y < h; y++) {
      const row = base + y * SAM_INPUT_SIZE;
      for (let x = 0, i = y * w * 4 + c; x < w; x++, i += 4) out[row + x] = (src[i]! - mean) * inv;
      out.fill(0, row + w, row + SAM_INPUT_SIZE);
    }
    out.fill(0, base + h * SAM_INPUT_SIZE, base + plane);
  }
  return out;
}

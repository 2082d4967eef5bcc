import type { Pixels } from '../../protocol/types';

/**
 * The detector's input: the image's RGB resized to `size`×`size` floats (0-255), computed the way
 * tfjs's `resizeBilinear` does (no corner alignment, no half-pixel centres), so detections are
 * the ones the model was measured with. Resizing here rather than in tfjs keeps the whole image
 * out of the wasm heap: a 12 MP photo as float RGBA is 192 MB there, and a wasm heap never shrinks,
 * so one large photo used to leave every engine thread half a gigabyte bigger for good.
 */
export function detectorInput(image: Pixels, size: number): Float32Array {
  const { width: W, height: H, data } = image;
  const out = new Float32Array(size * size * 3);
  const scaleX = W / size,
    scaleY = H / size;
  // Each output column's two source columns and weight, computed once for all rows.
  const x0s = new Int32Array(size),
    x1s = new Int32Array(size),
    fxs = new Float32Array(size);
  for (let x = 0; x < size; x++) {
    const sx = x * scaleX;
    const x0 = Math.floor(sx);
    x0s[x] = x0 * 4;
    x1s[x] = Math.min(W - 1, Math.ceil(sx)) * 4;
    fxs[x] = sx - x0;
  }
  for (let y = 0, o = 0; y < size; y++) {
    const sy = y * scaleY;
    const y0 = Math.floor(sy);
    const fy = sy - y0;
    const top = y0 * W * 4,
      bottom = Math.min(H - 1, Math.ceil(sy)) * W * 4;
    for (let x = 0; x < size; x++) {
      const a = x0s[x]!,
        b = x1s[x]!,
        fx = fxs[x]!;
      for (let c = 0; c < 3; c++, o++) {
        const t = data[top + a + c]! + (data[top + b + c]! - data[top + a + c]!) * fx;
        const u = data[bottom + a + c]! + (data[bottom + b + c]! - data[bottom + a + c]!) * fx;
        out[o] = t + (u - t) * fy;
      }
    }
  }
  return out;
}

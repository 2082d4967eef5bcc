/**
 * The reference: OpenCV.js `grabCut` (5 iterations, rectangle init, the image at most 640 px),
 * from @techstark/opencv-js (Apache-2.0; a dev dependency used by the benchmark only).
 */
import { createRequire } from 'node:module';
import { resizePixels } from '../src/image/pixels';
import type { Pixels } from '../src/index';

// The typings of @techstark/opencv-js are partial; the benchmark uses a handful of calls.
interface Mat {
  data: Uint8Array;
  delete(): void;
}
interface OpenCv {
  Mat: new (...args: unknown[]) => Mat;
  Rect: new (x: number, y: number, w: number, h: number) => unknown;
  matFromArray(rows: number, cols: number, type: number, data: ArrayLike<number>): Mat;
  cvtColor(src: Mat, dst: Mat, code: number): void;
  grabCut(img: Mat, mask: Mat, rect: unknown, bgd: Mat, fgd: Mat, iterations: number, mode: number): void;
  CV_8UC4: number;
  COLOR_RGBA2RGB: number;
  GC_INIT_WITH_RECT: number;
  GC_INIT_WITH_MASK: number;
  CV_8UC1: number;
  onRuntimeInitialized?: () => void;
}

let cv: Promise<{ module: OpenCv }> | undefined;
/** Boxed: a promise must never resolve to the module itself (see below). */
export function loadOpenCv(): Promise<{ module: OpenCv }> {
  return (cv ??= (async () => {
    // Never `await` the module itself: Emscripten modules carry a `then` that resolves to the
    // module again, so awaiting one loops forever.
    const module = createRequire(import.meta.url)('@techstark/opencv-js') as OpenCv;
    if (!('Mat' in module && typeof module.Mat === 'function'))
      await new Promise<void>((resolve) => (module.onRuntimeInitialized = resolve));
    return { module };
  })());
}

/** The foreground mask at the image's own size, or null when OpenCV throws (e.g. a full-image box). */
export async function grabCutMask(
  image: Pixels,
  box: [number, number, number, number],
  maxSide = 640,
): Promise<Uint8Array | null> {
  const cv = (await loadOpenCv()).module;
  const scale = Math.min(1, maxSide / Math.max(image.width, image.height));
  const w = Math.round(image.width * scale),
    h = Math.round(image.height * scale);
  const small = resizePixels(image, w, h);
  const rgba = cv.matFromArray(h, w, cv.CV_8UC4, small.data);
  const rgb = new cv.Mat();
  cv.cvtColor(rgba, rgb, cv.COLOR_RGBA2RGB);
  const mask = new cv.Mat(),
    bgd = new cv.Mat(),
    fgd = new cv.Mat();
  const x0 = Math.max(0, Math.floor(box[0] * w)),
    y0 = Math.max(0, Math.floor(box[1] * h));
  const x1 = Math.min(w, Math.ceil(box[2] * w)),
    y1 = Math.min(h, Math.ceil(box[3] * h));
  try {
    cv.grabCut(rgb, mask, new cv.Rect(x0, y0, x1 - x0, y1 - y0), bgd, fgd, 5, cv.GC_INIT_WITH_RECT);
    const out = new Uint8Array(image.width * image.height);
    for (let y = 0; y < image.height; y++) {
      const sy = Math.min(h - 1, Math.floor(y * scale));
      for (let x = 0; x < image.width; x++) {
        const v = mask.data[sy * w + Math.min(w - 1, Math.floor(x * scale))];
        out[y * image.width + x] = v === 1 || v === 3 ? 1 : 0; // GC_FGD or GC_PR_FGD
      }
    }
    return out;
  } catch {
    return null;
  } finally {
    for (const m of [rgba, rgb, mask, bgd, fgd]) m.delete();
  }
}

export interface GrabCutClicks {
  /** The box (normalized), outside which is background; absent in click-only sessions. */
  box?: [number, number, number, number];
  /** The previous answer at the image's size; absent for a first answer from clicks. */
  previous?: Uint8Array;
  /** Clicks in image pixels. */
  includes: [number, number][];
  excludes: [number, number][];
}

/**
 * GrabCut under the click robot: initialized with a mask (the previous answer as probable
 * object / background, or for a first click a disc of probable object around it), clicks as
 * discs of certain object / background, outside the box certain background. 5 iterations at
 * most 640 px, as the box reference above. The mask at the image's size; the previous answer
 * (or an empty mask) when OpenCV throws.
 */
export async function grabCutWithClicks(
  image: Pixels,
  init: GrabCutClicks,
  maxSide = 640,
): Promise<Uint8Array> {
  const cv = (await loadOpenCv()).module;
  const scale = Math.min(1, maxSide / Math.max(image.width, image.height));
  const w = Math.round(image.width * scale),
    h = Math.round(image.height * scale);
  const small = resizePixels(image, w, h);
  const seeds = new Uint8Array(w * h).fill(2); // GC_PR_BGD
  if (init.previous) {
    for (let y = 0; y < h; y++) {
      const sy = Math.min(image.height - 1, Math.floor((y + 0.5) / scale));
      for (let x = 0; x < w; x++)
        if (init.previous[sy * image.width + Math.min(image.width - 1, Math.floor((x + 0.5) / scale))])
          seeds[y * w + x] = 3; // GC_PR_FGD
    }
  }
  const disc = (cx: number, cy: number, r: number, value: number) => {
    for (let y = Math.max(0, Math.floor(cy - r)); y <= Math.min(h - 1, Math.ceil(cy + r)); y++)
      for (let x = Math.max(0, Math.floor(cx - r)); x <= Math.min(w - 1, Math.ceil(cx + r)); x++)
        if ((x - cx) ** 2 + (y - cy) ** 2 <= r * r) seeds[y * w + x] = value;
  };
  if (!init.previous) for (const [x, y] of init.includes) disc(x * scale, y * scale, 0.1 * Math.min(w, h), 3);
  if (init.box) {
    const [bx0, by0, bx1, by1] = init.box;
    for (let y = 0; y < h; y++)
      for (let x = 0; x < w; x++)
        if ((x + 0.5) / w < bx0 || (x + 0.5) / w > bx1 || (y + 0.5) / h < by0 || (y + 0.5) / h > by1)
          seeds[y * w + x] = 0; // GC_BGD
  }
  const radius = Math.max(3, 0.01 * Math.min(w, h));
  for (const [x, y] of init.includes) disc(x * scale, y * scale, radius, 1); // GC_FGD
  for (const [x, y] of init.excludes) disc(x * scale, y * scale, radius, 0);
  const rgba = cv.matFromArray(h, w, cv.CV_8UC4, small.data);
  const rgb = new cv.Mat();
  cv.cvtColor(rgba, rgb, cv.COLOR_RGBA2RGB);
  const mask = cv.matFromArray(h, w, cv.CV_8UC1, seeds),
    bgd = new cv.Mat(),
    fgd = new cv.Mat();
  try {
    cv.grabCut(rgb, mask, new cv.Rect(0, 0, 1, 1), bgd, fgd, 5, cv.GC_INIT_WITH_MASK);
    const out = new Uint8Array(image.width * image.height);
    for (let y = 0; y < image.height; y++) {
      const sy = Math.min(h - 1, Math.floor(y * scale));
      for (let x = 0; x < image.width; x++) {
        const v = mask.data[sy * w + Math.min(w - 1, Math.floor(x * scale))];
        out[y * image.width + x] = v === 1 || v === 3 ? 1 : 0;
      }
    }
    return out;
  } catch {
    return init.previous ?? new Uint8Array(image.width * image.height);
  } finally {
    for (const m of [rgba, rgb, mask, bgd, fgd]) m.delete();
  }
}

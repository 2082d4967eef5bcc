/**
 * Decoding, resizing and JPEG encoding of pixels. Browsers (pages and workers) use their own
 * codecs: createImageBitmap, OffscreenCanvas, drawImage for scaling. Node's codec (node-codec.ts:
 * libjpeg-turbo, jpeg-js, pngjs, a box-filter resize) is loaded by a computed URL only where those
 * are missing, so a browser bundle never carries it.
 */
import { SegmentError } from '../protocol/errors';
import { assertWithinPixelLimit, DEFAULT_MAX_INPUT_PIXELS } from './pixel-limit';
import { fitPixels, type Pixels } from './pixels';
import { readImageHeader, type ImageHeader } from './sniff';

/** What node-codec.ts provides. */
export interface NodeCodec {
  decode(bytes: Uint8Array, header: ImageHeader, limit: number, scaleToPixels: number): Promise<Pixels>;
  encodeJpeg(pixels: Pixels, quality: number): Promise<Uint8Array>;
  resize(pixels: Pixels, width: number, height: number): Pixels;
}

let nodeCodec: Promise<NodeCodec> | undefined;
/**
 * node-codec beside this file: `.ts` in the repo, `.js` / `.cjs` in dist (the CommonJS build
 * defines import.meta.url as its own file's URL). Bundlers are told to leave the import alone.
 */
function loadNodeCodec(): Promise<NodeCodec> {
  const here = import.meta.url;
  const file = here.endsWith('.ts')
    ? './node-codec.ts'
    : here.endsWith('.cjs')
      ? './node-codec.cjs'
      : './node-codec.js';
  nodeCodec ??= (
    import(
      /* @vite-ignore */ /* webpackIgnore: true */ /* turbopackIgnore: true */ new URL(file, here).href
    ) as Promise<{ nodeCodec?: NodeCodec; default?: { nodeCodec: NodeCodec } }>
  ).then(
    (module) => module.nodeCodec ?? module.default!.nodeCodec,
    (cause: unknown) => {
      nodeCodec = undefined;
      throw new SegmentError(
        'unsupported',
        'Images need the browser\u2019s codecs (createImageBitmap, OffscreenCanvas) or Node\u2019s, and neither is here.',
        { cause },
      );
    },
  );
  return nodeCodec;
}

const hasBrowserCodecs = () =>
  typeof createImageBitmap === 'function' && typeof OffscreenCanvas === 'function';

function canvas2d(width: number, height: number): OffscreenCanvasRenderingContext2D {
  const ctx = new OffscreenCanvas(width, height).getContext('2d', { willReadFrequently: true });
  if (!ctx) throw new SegmentError('unsupported', 'This browser gives no 2D canvas context.');
  return ctx;
}

export interface DecodeImageOptions {
  /**
   * Images whose header declares more pixels are refused (`payload_too_large`) before any
   * decoding. Default `DEFAULT_MAX_INPUT_PIXELS` (50 MP).
   */
  maxInputPixels?: number;
  /**
   * The caller downscales to this many pixels next: a JPEG may then be decoded at any smaller
   * size that still has at least this many (DCT scaling in Node). Default: full size.
   */
  scaleToPixels?: number;
}

/**
 * Decodes JPEG or PNG bytes (browsers: any format they read) to RGBA pixels. The size declared
 * in the header is checked against `maxInputPixels` first, so a bomb costs nothing.
 */
export async function decodeImageBytes(bytes: Uint8Array, options: DecodeImageOptions = {}): Promise<Pixels> {
  const limit = options.maxInputPixels ?? DEFAULT_MAX_INPUT_PIXELS;
  const header = readImageHeader(bytes);
  if (header) assertWithinPixelLimit(header, limit);
  try {
    if (hasBrowserCodecs()) {
      const bitmap = await createImageBitmap(new Blob([bytes as Uint8Array<ArrayBuffer>]));
      try {
        return bitmapToPixels(bitmap, bitmap.width, bitmap.height);
      } finally {
        bitmap.close();
      }
    }
    if (header)
      return await (await loadNodeCodec()).decode(bytes, header, limit, options.scaleToPixels ?? Infinity);
  } catch (cause) {
    if (cause instanceof SegmentError) throw cause;
    throw new SegmentError('invalid_input', `The image could not be decoded (${String(cause)}).`, {
      param: 'image',
      cause,
    });
  }
  throw new SegmentError('invalid_input', 'The image is not a JPEG or PNG (or its header is malformed).', {
    param: 'image',
  });
}

/** Draws a browser image (bitmap, element, canvas) at the given size and reads its pixels. */
export function bitmapToPixels(source: CanvasImageSource, width: number, height: number): Pixels {
  const ctx = canvas2d(width, height);
  ctx.drawImage(source, 0, 0, width, height);
  return ctx.getImageData(0, 0, width, height);
}

/** Encodes RGBA pixels as JPEG (`quality` 0..1). */
export async function encodeJpeg(pixels: Pixels, quality: number): Promise<Uint8Array> {
  if (hasBrowserCodecs()) {
    const ctx = canvas2d(pixels.width, pixels.height);
    ctx.putImageData(new ImageData(new Uint8ClampedArray(pixels.data), pixels.width, pixels.height), 0, 0);
    const blob = await ctx.canvas.convertToBlob({ type: 'image/jpeg', quality });
    return new Uint8Array(await blob.arrayBuffer());
  }
  return (await loadNodeCodec()).encodeJpeg(pixels, quality);
}

/** Pixels at most `maxPixels` large, keeping the aspect ratio (the same pixels when they fit). */
export async function fitWithin(pixels: Pixels, maxPixels: number): Promise<Pixels> {
  const { width, height } = fitPixels(pixels.width, pixels.height, maxPixels);
  if (width === pixels.width && height === pixels.height) return pixels;
  if (!hasBrowserCodecs()) return (await loadNodeCodec()).resize(pixels, width, height);
  const full = canvas2d(pixels.width, pixels.height);
  full.putImageData(new ImageData(new Uint8ClampedArray(pixels.data), pixels.width, pixels.height), 0, 0);
  const ctx = canvas2d(width, height);
  ctx.imageSmoothingQuality = 'high'; // a downscale: averaged, not aliased
  ctx.drawImage(full.canvas, 0, 0, width, height);
  return ctx.getImageData(0, 0, width, height);
}

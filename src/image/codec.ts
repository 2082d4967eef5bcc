/**
 * Decoding and JPEG encoding of pixels. Browsers use their own codecs (createImageBitmap,
 * OffscreenCanvas); Node uses the pure-JS `jpeg-js` and `pngjs`, optional peer dependencies that
 * are only loaded when needed. Their specifiers are hidden from bundlers so a browser build never
 * tries to include them.
 */
import { SegmentError } from '../protocol/errors';
import { dctScaleEighths, decodeJpegScaled } from './jpeg-turbo';
import { assertWithinPixelLimit, DEFAULT_MAX_INPUT_PIXELS, pngHasOneHeader } from './pixel-limit';
import type { Pixels } from './pixels';
import { readImageHeader, type ImageHeader } from './sniff';

interface JpegJs {
  decode(
    data: Uint8Array,
    options: {
      useTArray: true;
      formatAsRGBA: true;
      maxMemoryUsageInMB?: number;
      maxResolutionInMP?: number;
    },
  ): Pixels;
  encode(image: Pixels, quality: number): { data: Uint8Array };
}
interface PngJs {
  PNG: { sync: { read(data: Uint8Array): Pixels } };
}

async function loadOptional<T>(name: string): Promise<T> {
  try {
    const mod = (await import(/* @vite-ignore */ name)) as T & { default?: T };
    return (mod.default ?? mod) as T;
  } catch (cause) {
    throw new SegmentError(
      'unsupported',
      `Decoding images in Node needs the optional package "${name}": npm install ${name}`,
      { cause },
    );
  }
}

/** pngjs reads with Buffer methods: view the same memory as a Buffer (no copy). */
function asNodeBuffer(bytes: Uint8Array): Uint8Array {
  const NodeBuffer = (
    globalThis as { Buffer?: { from(b: ArrayBufferLike, o: number, l: number): Uint8Array } }
  ).Buffer;
  return NodeBuffer ? NodeBuffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) : bytes;
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

async function decodeInNode(
  bytes: Uint8Array,
  { format, width, height }: ImageHeader,
  limit: number,
  scaleToPixels: number,
): Promise<Pixels> {
  if (format === 'png') {
    if (!pngHasOneHeader(bytes))
      throw new SegmentError('invalid_input', 'The PNG has more than one IHDR chunk.', { param: 'image' });
    const { PNG } = await loadOptional<PngJs>('pngjs');
    return PNG.sync.read(asNodeBuffer(bytes));
  }
  // Scaled decodes gain most (a 12 MP photo for a 1.5 MP engine); full-size ones stay on
  // jpeg-js, whose pixels the engine was tuned on (jpeg-turbo.ts says why), unless it is missing.
  if (dctScaleEighths(width, height, scaleToPixels) < 8) {
    const scaled = await decodeJpegScaled(bytes, scaleToPixels);
    if (scaled) return scaled;
  }
  let jpeg: JpegJs;
  try {
    jpeg = await loadOptional<JpegJs>('jpeg-js');
  } catch (missing) {
    const full = await decodeJpegScaled(bytes, Infinity);
    if (full) return full;
    throw missing;
  }
  return jpeg.decode(bytes, {
    useTArray: true,
    formatAsRGBA: true,
    maxMemoryUsageInMB: Math.max(1024, Math.ceil((limit * 8) / 1e6)),
    maxResolutionInMP: limit / 1e6,
  });
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
    if (header) return await decodeInNode(bytes, header, limit, options.scaleToPixels ?? Infinity);
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
  const jpeg = await loadOptional<JpegJs>('jpeg-js');
  return new Uint8Array(jpeg.encode(pixels, Math.round(quality * 100)).data);
}

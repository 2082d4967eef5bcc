import { SegmentError } from '../protocol/errors';
import type { ImageSource } from '../protocol/types';
import { toDataUrl } from './base64';
import { bitmapToPixels, decodeImageBytes, encodeJpeg, fitWithin } from './codec';
import { loadImage } from './load';
import { fitPixels, type Pixels } from './pixels';
import { DEFAULT_MAX_INPUT_PIXELS, DEFAULT_MAX_PIXELS } from './pixel-limit';
import { sniffImage } from './sniff';

export interface EncodeImageOptions {
  /** Larger images are downscaled to this many pixels. Default 1.5 MP (Moondream works at ~1.7). */
  maxPixels?: number;
  /** JPEG quality 0..1 when re-encoding. Default 0.92. */
  quality?: number;
  /** Images whose bytes exceed this are re-encoded even when small enough. Default 8 MB (limit is 10). */
  maxBytes?: number;
  /** Images whose header declares more pixels are refused before decoding. Default 50 MP. */
  maxInputPixels?: number;
}

export interface EncodedImage {
  dataUrl: string;
  /** Size of the image as sent. */
  width: number;
  height: number;
  /** Size of the source image. */
  naturalWidth: number;
  naturalHeight: number;
}

const DEFAULTS = {
  maxPixels: DEFAULT_MAX_PIXELS,
  quality: 0.92,
  maxBytes: 8_000_000,
  maxInputPixels: DEFAULT_MAX_INPUT_PIXELS,
} as const;

async function encodePixels(
  pixels: Pixels,
  max: number,
  quality: number,
  natural: Pixels | { width: number; height: number },
): Promise<EncodedImage> {
  const resized = await fitWithin(pixels, max);
  const jpeg = await encodeJpeg(resized, quality);
  return {
    dataUrl: toDataUrl('image/jpeg', jpeg),
    width: resized.width,
    height: resized.height,
    naturalWidth: natural.width,
    naturalHeight: natural.height,
  };
}

async function encodeUncached(
  source: ImageSource,
  opts: Required<EncodeImageOptions>,
  signal?: AbortSignal,
): Promise<EncodedImage> {
  const loaded = await loadImage(source, signal);
  if (loaded.kind === 'bytes') {
    const info = sniffImage(loaded.bytes);
    if (info && info.width * info.height <= opts.maxPixels && loaded.bytes.length <= opts.maxBytes) {
      // Already a JPEG/PNG of a size the model takes: send as is, no quality lost.
      return {
        dataUrl: toDataUrl(info.mime, loaded.bytes),
        width: info.width,
        height: info.height,
        naturalWidth: info.width,
        naturalHeight: info.height,
      };
    }
    const pixels = await decodeImageBytes(loaded.bytes, {
      maxInputPixels: opts.maxInputPixels,
      scaleToPixels: opts.maxPixels, // a JPEG may decode smaller (DCT scaling): it is downscaled next
    });
    return encodePixels(pixels, opts.maxPixels, opts.quality, info ?? pixels);
  }
  if (loaded.kind === 'pixels')
    return encodePixels(loaded.pixels, opts.maxPixels, opts.quality, loaded.pixels);
  const size = fitPixels(loaded.width, loaded.height, opts.maxPixels);
  const pixels = bitmapToPixels(loaded.drawable, size.width, size.height);
  const jpeg = await encodeJpeg(pixels, opts.quality);
  return {
    dataUrl: toDataUrl('image/jpeg', jpeg),
    width: size.width,
    height: size.height,
    naturalWidth: loaded.width,
    naturalHeight: loaded.height,
  };
}

const objectCache = new WeakMap<object, Map<string, Promise<EncodedImage>>>();
const stringCache = new Map<string, Promise<EncodedImage>>();
const STRING_CACHE_SIZE = 8;

/**
 * Turns any image source into a data URL the server takes: JPEG/PNG bytes that fit pass through
 * unchanged; anything larger than `maxPixels` is downscaled and sent as JPEG. Results are cached
 * per source object (and per URL string), so repeated prompts on one image encode it once.
 */
export function encodeImage(
  source: ImageSource,
  options: EncodeImageOptions = {},
  signal?: AbortSignal,
): Promise<EncodedImage> {
  const opts = { ...DEFAULTS, ...options };
  if (!(opts.maxPixels > 0) || !(opts.quality > 0 && opts.quality <= 1)) {
    return Promise.reject(
      new SegmentError('invalid_input', 'encodeImage: maxPixels must be > 0 and quality in (0, 1].'),
    );
  }
  const key = `${opts.maxPixels}/${opts.quality}/${opts.maxBytes}/${opts.maxInputPixels}`;
  let cache: Map<string, Promise<EncodedImage>>;
  let cacheKey = key;
  if (typeof source === 'string') {
    cache = stringCache;
    cacheKey = `${key}|${source}`;
  } else {
    cache = objectCache.get(source) ?? new Map();
    objectCache.set(source, cache);
  }
  const hit = cache.get(cacheKey);
  if (hit) return hit;
  const pending = encodeUncached(source, opts, signal);
  cache.set(cacheKey, pending);
  if (cache === stringCache && stringCache.size > STRING_CACHE_SIZE) {
    stringCache.delete(stringCache.keys().next().value!);
  }
  // A failed (or aborted) encoding must not poison the cache.
  pending.catch(() => cache.delete(cacheKey));
  return pending;
}

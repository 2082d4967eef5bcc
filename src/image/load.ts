import { SegmentError } from '../protocol/errors';
import type { ImageSource } from '../protocol/types';
import { parseDataUrl } from './base64';
import { isPixels, type Pixels } from './pixels';

/** An image source reduced to one of three things the encoders handle. */
export type LoadedImage =
  | { kind: 'bytes'; bytes: Uint8Array }
  | { kind: 'pixels'; pixels: Pixels }
  | { kind: 'drawable'; drawable: CanvasImageSource; width: number; height: number };

const isInstance = <T>(value: unknown, ctor: string): value is T => {
  const C = (globalThis as Record<string, unknown>)[ctor];
  return typeof C === 'function' && value instanceof (C as new () => unknown);
};

export async function loadImage(source: ImageSource, signal?: AbortSignal): Promise<LoadedImage> {
  if (typeof source === 'string') {
    const data = parseDataUrl(source);
    if (data) return { kind: 'bytes', bytes: data.bytes };
    let response: Response;
    try {
      response = await fetch(source, { signal });
    } catch (cause) {
      throw new SegmentError('invalid_input', `The image at ${source.slice(0, 120)} could not be fetched.`, {
        param: 'image',
        cause,
      });
    }
    if (!response.ok) {
      throw new SegmentError(
        'invalid_input',
        `The image at ${source.slice(0, 120)} answered HTTP ${response.status}.`,
        { param: 'image', status: response.status },
      );
    }
    return { kind: 'bytes', bytes: new Uint8Array(await response.arrayBuffer()) };
  }
  if (source instanceof Uint8Array) return { kind: 'bytes', bytes: source };
  if (source instanceof ArrayBuffer) return { kind: 'bytes', bytes: new Uint8Array(source) };
  if (isInstance<Blob>(source, 'Blob'))
    return { kind: 'bytes', bytes: new Uint8Array(await source.arrayBuffer()) };
  if (isPixels(source)) return { kind: 'pixels', pixels: source };
  if (isInstance<HTMLImageElement>(source, 'HTMLImageElement')) {
    if (!source.complete || source.naturalWidth === 0) {
      try {
        await source.decode();
      } catch (cause) {
        throw new SegmentError('invalid_input', `The <img> ${source.src.slice(0, 120)} did not load.`, {
          param: 'image',
          cause,
        });
      }
    }
    return { kind: 'drawable', drawable: source, width: source.naturalWidth, height: source.naturalHeight };
  }
  if (
    isInstance<ImageBitmap>(source, 'ImageBitmap') ||
    isInstance<HTMLCanvasElement>(source, 'HTMLCanvasElement') ||
    isInstance<OffscreenCanvas>(source, 'OffscreenCanvas')
  ) {
    return {
      kind: 'drawable',
      drawable: source as CanvasImageSource,
      width: source.width,
      height: source.height,
    };
  }
  throw new SegmentError(
    'invalid_input',
    'Unsupported image: pass a URL, data URL, Blob, bytes, ImageData, ImageBitmap, <img> or <canvas>.',
    { param: 'image' },
  );
}

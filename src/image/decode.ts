import type { ImageSource } from '../protocol/types';
import { bitmapToPixels, decodeImageBytes, type DecodeImageOptions } from './codec';
import { loadImage } from './load';
import { fitPixels, resizePixels, type Pixels } from './pixels';

/**
 * Any image source to RGBA pixels, downscaled to at most `maxPixels` when given. Encoded images
 * declaring more than `limits.maxInputPixels` (default 50 MP) are refused before decoding.
 */
export async function imageToPixels(
  source: ImageSource,
  maxPixels = Infinity,
  signal?: AbortSignal,
  limits: Pick<DecodeImageOptions, 'maxInputPixels'> = {},
): Promise<Pixels> {
  const loaded = await loadImage(source, signal);
  if (loaded.kind === 'drawable') {
    const size = fitPixels(loaded.width, loaded.height, maxPixels);
    return bitmapToPixels(loaded.drawable, size.width, size.height);
  }
  const pixels =
    loaded.kind === 'pixels'
      ? loaded.pixels
      : await decodeImageBytes(loaded.bytes, { ...limits, scaleToPixels: maxPixels });
  const size = fitPixels(pixels.width, pixels.height, maxPixels);
  return resizePixels(pixels, size.width, size.height);
}

import { SegmentError } from '../protocol/errors';
import type { ImageHeader } from './sniff';

/**
 * Images whose header declares more pixels than this are refused before decoding. 50 MP keeps
 * every phone and most camera photos (48 MP sensors give 8000×6000) while bounding a decode to
 * about 200 MB of RGBA; a decompression bomb (a PNG of a few bytes declaring 65535×65535, 4.3
 * GP) is refused in microseconds instead of allocating 17 GB. Raise it with `maxInputPixels`.
 */
export const DEFAULT_MAX_INPUT_PIXELS = 50_000_000;

/**
 * The working size: images are sent to a server, or decoded by the offline engine, at most this
 * large (1.5 MP). Segmentation gains nothing from more, and it bounds upload and decode cost.
 */
export const DEFAULT_MAX_PIXELS = 1_500_000;

const megapixels = (n: number) => `${+(n / 1e6).toPrecision(3)} MP`;

/** Throws `payload_too_large` when the declared size is above `limit` (which must be > 0). */
export function assertWithinPixelLimit(header: ImageHeader, limit = DEFAULT_MAX_INPUT_PIXELS): void {
  if (!(limit > 0)) {
    throw new SegmentError(
      'invalid_input',
      `maxInputPixels must be a positive number (got ${String(limit)}).`,
      {
        param: 'maxInputPixels',
      },
    );
  }
  const pixels = header.width * header.height;
  if (pixels > limit) {
    throw new SegmentError(
      'payload_too_large',
      `The ${header.format.toUpperCase()} declares ${header.width}×${header.height} (${megapixels(pixels)}), ` +
        `above the limit of ${megapixels(limit)} (maxInputPixels). Send a smaller image.`,
      { param: 'image', status: 413 },
    );
  }
}

/**
 * True when a PNG has exactly one IHDR before its image data. pngjs honours a second IHDR (and
 * allocates for its size), so the size checked above would not be the size decoded.
 */
export function pngHasOneHeader(bytes: Uint8Array): boolean {
  let headers = 0;
  // Chunks: 4-byte length, 4-byte type, data, 4-byte CRC; the walk only moves forward.
  for (let at = 8; at + 8 <= bytes.length;) {
    const length =
      ((bytes[at]! << 24) | (bytes[at + 1]! << 16) | (bytes[at + 2]! << 8) | bytes[at + 3]!) >>> 0;
    const type = String.fromCharCode(bytes[at + 4]!, bytes[at + 5]!, bytes[at + 6]!, bytes[at + 7]!);
    if (type === 'IHDR') headers++;
    if (type === 'IDAT' || type === 'IEND') break;
    at += 12 + length;
  }
  return headers === 1;
}

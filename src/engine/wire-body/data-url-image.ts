import { SegmentError } from '../../protocol/errors';
import { base64ToBytes } from '../../image/base64';
import { pngHasOneHeader } from '../../image/pixel-limit';
import { readImageHeader } from '../../image/sniff';
import type { BodyLimits } from './body-limits';
import { invalid } from './segment-body';

const DATA_URL = /^data:([^;,]*)((?:;[^;,]*)*?);base64,/i;

function refusePixels(width: number, height: number, limits: BodyLimits): void {
  if (width === 0 || height === 0)
    throw invalid('image_url', `The image declares ${width}×${height} pixels.`);
  if (width * height > limits.maxPixels)
    throw new SegmentError(
      'payload_too_large',
      `The image declares ${width}×${height} = ${width * height} pixels; the limit is ${limits.maxPixels} (maxPixels).`,
      { param: 'image_url', status: 413 },
    );
}

/**
 * Engine mode: the image bytes of a data URL, refused from its header (format and declared
 * size) before anything decodes it, so a 69-byte PNG declaring 65535² costs nothing.
 */
export function imageBytesOf(imageUrl: string, limits: BodyLimits): Uint8Array {
  const match = DATA_URL.exec(imageUrl);
  if (!match) throw invalid('image_url', 'image_url must be a base64 data URL of a JPEG or PNG.');
  const bytes = base64ToBytes(imageUrl.slice(match[0].length));
  const info = readImageHeader(bytes);
  // A second IHDR would make the decoder allocate for a size this check never saw.
  if (!info || (info.format === 'png' && !pngHasOneHeader(bytes)))
    throw invalid('image_url', 'image_url is not a decodable JPEG or PNG data URL.');
  refusePixels(info.width, info.height, limits);
  return bytes;
}

/**
 * Proxy mode: the declared size from the first bytes of a data URL (no full decode on the event
 * loop), refused above the limit before the key is spent. Anything unreadable goes on to the
 * upstream, which judges its own input.
 */
export function checkDeclaredPixels(imageUrl: string, limits: BodyLimits): void {
  const match = DATA_URL.exec(imageUrl.slice(0, 256));
  if (!match) return;
  const start = match[0].length;
  const prefix = imageUrl.slice(start, start + 262_144).replace(/[^A-Za-z0-9+/]/g, '');
  const info = readImageHeader(base64ToBytes(prefix.slice(0, prefix.length - (prefix.length % 4))));
  if (info) refusePixels(info.width, info.height, limits);
}

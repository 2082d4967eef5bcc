/**
 * A PNG writer (grayscale and RGBA). The core's own (about 40 lines over the platform's
 * CompressionStream, present in browsers and Node 18+) rather than a PNG library, which would
 * add ~10 kB to the browser bundle for the one format the kit writes.
 */
import { SegmentError } from '../protocol/errors';
import { assertMaskLength, assertMaskSize } from '../geometry/limits';

let crcTable: Uint32Array | undefined;
function crc32(bytes: Uint8Array, crc = 0xffffffff): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  for (let i = 0; i < bytes.length; i++) crc = crcTable[(crc ^ bytes[i]!) & 0xff]! ^ (crc >>> 8);
  return crc;
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  view.setUint32(8 + data.length, (crc32(out.subarray(4, 8 + data.length)) ^ 0xffffffff) >>> 0);
  return out;
}

async function deflate(data: Uint8Array): Promise<Uint8Array> {
  if (typeof CompressionStream !== 'function') {
    throw new SegmentError(
      'unsupported',
      'PNG export needs CompressionStream (browsers since 2023, Node 18+).',
    );
  }
  const stream = new Blob([data as Uint8Array<ArrayBuffer>])
    .stream()
    .pipeThrough(new CompressionStream('deflate'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/**
 * An 8-bit PNG of raw samples, row by row: 1 channel (grayscale) or 4 (RGBA, not premultiplied).
 * The writer behind `maskToPng` and `maskToCutout`.
 */
export async function encodePng(
  samples: Uint8Array | Uint8ClampedArray,
  width: number,
  height: number,
  channels: 1 | 4,
  maxPixels?: number,
): Promise<Uint8Array> {
  assertMaskSize(width, height, maxPixels); // never a header claiming a size the data lacks
  if (samples.length !== width * height * channels)
    throw new SegmentError(
      'invalid_input',
      `Got ${samples.length} samples, expected ${width}x${height}x${channels}.`,
      { param: 'data' },
    );
  const stride = width * channels;
  const raw = new Uint8Array((stride + 1) * height); // filter byte 0 before each row
  for (let y = 0; y < height; y++)
    raw.set(samples.subarray(y * stride, (y + 1) * stride), y * (stride + 1) + 1);
  const header = new Uint8Array(13);
  const view = new DataView(header.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  header[8] = 8; // bit depth
  header[9] = channels === 4 ? 6 : 0; // RGBA or grayscale
  const parts = [
    new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', await deflate(raw)),
    chunk('IEND', new Uint8Array(0)),
  ];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

/**
 * An 8-bit grayscale PNG of a mask: nonzero values become `on` (default 255), others 0. With
 * `on: 'value'` the values are written as they are (a label map: 0 background, 1..255 objects).
 */
export async function maskToPng(
  mask: ArrayLike<number>,
  width: number,
  height: number,
  on: number | 'value' = 255,
  options: { maxPixels?: number } = {},
): Promise<Uint8Array> {
  assertMaskSize(width, height, options.maxPixels);
  assertMaskLength(mask, width, height);
  if (on !== 'value' && !(Number.isInteger(on) && on >= 0 && on <= 255))
    throw new SegmentError('invalid_input', `on must be an integer 0..255 or 'value' (got ${String(on)}).`, {
      param: 'on',
    });
  const gray = new Uint8Array(width * height);
  if (on === 'value') for (let i = 0; i < gray.length; i++) gray[i] = mask[i]!;
  else for (let i = 0; i < gray.length; i++) gray[i] = mask[i] ? on : 0;
  return encodePng(gray, width, height, 1, options.maxPixels);
}

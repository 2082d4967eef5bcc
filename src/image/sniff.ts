/**
 * Format and size of a JPEG or PNG read from its header alone, without decoding: the size lets a
 * caller refuse a decompression bomb (a few bytes declaring 65535×65535) before allocating
 * anything. Works on any byte sequence, truncated or hostile: every read is bounds-checked and
 * the JPEG walk is bounded by the byte length, so garbage gives `null`, never an exception.
 */

export interface ImageHeader {
  format: 'jpeg' | 'png';
  width: number;
  height: number;
}

export interface ImageInfo {
  mime: 'image/jpeg' | 'image/png';
  width: number;
  height: number;
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
/** "IHDR", which the PNG spec requires as the first chunk, 13 bytes long. */
const IHDR = [0x49, 0x48, 0x44, 0x52];

function startsWith(bytes: Uint8Array, prefix: readonly number[], at = 0): boolean {
  if (bytes.length < at + prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (bytes[at + i] !== prefix[i]) return false;
  return true;
}

const uint16 = (b: Uint8Array, i: number) => (b[i]! << 8) | b[i + 1]!;
const uint32 = (b: Uint8Array, i: number) =>
  ((b[i]! << 24) | (b[i + 1]! << 16) | (b[i + 2]! << 8) | b[i + 3]!) >>> 0;

function readPngHeader(bytes: Uint8Array): ImageHeader | null {
  if (bytes.length < 24 || uint32(bytes, 8) !== 13 || !startsWith(bytes, IHDR, 12)) return null;
  const width = uint32(bytes, 16);
  const height = uint32(bytes, 20);
  // The spec caps both at 2^31 - 1 and forbids 0.
  if (width === 0 || height === 0 || width > 0x7fffffff || height > 0x7fffffff) return null;
  return { format: 'png', width, height };
}

/** Start-of-frame markers (baseline, extended, progressive, lossless, arithmetic): SOF0..SOF15 minus DHT, JPG, DAC. */
const isStartOfFrame = (m: number) => m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc;
/** Markers with no length field: TEM, RST0..7, SOI, EOI. */
const isStandalone = (m: number) => m === 0x01 || (m >= 0xd0 && m <= 0xd9);
const START_OF_SCAN = 0xda;

function readJpegHeader(bytes: Uint8Array): ImageHeader | null {
  let i = 2;
  // Each step advances at least one byte, so the walk ends within bytes.length steps.
  while (i + 1 < bytes.length) {
    if (bytes[i] !== 0xff) return null; // not at a marker: corrupt
    const marker = bytes[i + 1]!;
    if (marker === 0xff) {
      i++; // fill byte
      continue;
    }
    if (isStandalone(marker)) {
      i += 2;
      continue;
    }
    if (marker === START_OF_SCAN || i + 3 >= bytes.length) return null; // scan data before any frame
    const length = uint16(bytes, i + 2);
    if (length < 2) return null;
    if (isStartOfFrame(marker)) {
      if (length < 7 || i + 8 >= bytes.length) return null;
      const height = uint16(bytes, i + 5);
      const width = uint16(bytes, i + 7);
      // Height 0 defers the size to a DNL marker after the first scan: not knowable from the header.
      if (width === 0 || height === 0) return null;
      return { format: 'jpeg', width, height };
    }
    i += 2 + length;
  }
  return null;
}

/**
 * Reads the format and pixel size from a JPEG (walking the markers to the first start-of-frame)
 * or PNG (the IHDR chunk). `null` when the bytes are neither, or too short or malformed to tell.
 */
export function readImageHeader(bytes: Uint8Array): ImageHeader | null {
  if (!(bytes instanceof Uint8Array)) return null;
  if (startsWith(bytes, PNG_SIGNATURE)) return readPngHeader(bytes);
  if (bytes.length >= 4 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff)
    return readJpegHeader(bytes);
  return null;
}

/** `readImageHeader` with the MIME type instead of the format name. */
export function sniffImage(bytes: Uint8Array): ImageInfo | null {
  const header = readImageHeader(bytes);
  if (!header) return null;
  return {
    mime: header.format === 'png' ? 'image/png' : 'image/jpeg',
    width: header.width,
    height: header.height,
  };
}

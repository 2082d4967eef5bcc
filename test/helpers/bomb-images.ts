import { deflateSync } from 'node:zlib';
import jpeg from 'jpeg-js';

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  body.copy(out, 4);
  out.writeUInt32BE(crc32(body), 8 + data.length);
  return out;
}

/**
 * A valid-looking PNG whose IHDR declares `width`×`height` (8-bit grey) with a tiny IDAT: the
 * decompression bomb of issue 10 (65535² in 69 bytes). A decoder that trusts the header
 * allocates width×height×4 bytes before it finds the data missing.
 */
export function bombPng(width = 65535, height = 65535): Uint8Array {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 0; // grey
  return new Uint8Array(
    Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      chunk('IHDR', ihdr),
      chunk('IDAT', deflateSync(Buffer.alloc(100))),
      chunk('IEND', new Uint8Array(0)),
    ]),
  );
}

/** A small real JPEG (jpeg-js encoder: baseline, SOF0). */
export function smallJpeg(width = 16, height = 16): Uint8Array {
  const data = new Uint8Array(width * height * 4).fill(200);
  return new Uint8Array(jpeg.encode({ data, width, height }, 80).data);
}

/** Offset of the first SOF marker in a JPEG (the byte after 0xFF). */
export function sofOffset(bytes: Uint8Array): number {
  for (let i = 2; i + 1 < bytes.length; i++) {
    if (bytes[i] === 0xff && bytes[i + 1]! >= 0xc0 && bytes[i + 1]! <= 0xc2) return i + 1;
  }
  throw new Error('no SOF');
}

/** A real small JPEG whose SOF is rewritten to declare `width`×`height`. */
export function hugeDeclaredJpeg(width = 60000, height = 60000): Uint8Array {
  const bytes = smallJpeg();
  const at = sofOffset(bytes);
  bytes[at + 4] = height >> 8;
  bytes[at + 5] = height & 0xff;
  bytes[at + 6] = width >> 8;
  bytes[at + 7] = width & 0xff;
  return bytes;
}

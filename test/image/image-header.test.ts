import fc from 'fast-check';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { readImageHeader, sniffImage } from '../../src/index';
import { bombPng, hugeDeclaredJpeg, smallJpeg, sofOffset } from '../helpers/bomb-images';

function png(width: number, height: number): Uint8Array {
  return new Uint8Array(PNG.sync.write(new PNG({ width, height })));
}

describe('readImageHeader', () => {
  it('reads a PNG IHDR and a JPEG start-of-frame', () => {
    expect(readImageHeader(png(37, 21))).toEqual({ format: 'png', width: 37, height: 21 });
    expect(readImageHeader(smallJpeg(33, 17))).toEqual({ format: 'jpeg', width: 33, height: 17 });
    expect(sniffImage(smallJpeg(33, 17))).toEqual({ mime: 'image/jpeg', width: 33, height: 17 });
  });

  it('reads the declared size of bombs without decoding them', () => {
    const bomb = bombPng();
    expect(bomb.length).toBe(69);
    expect(readImageHeader(bomb)).toEqual({ format: 'png', width: 65535, height: 65535 });
    expect(readImageHeader(hugeDeclaredJpeg())).toEqual({ format: 'jpeg', width: 60000, height: 60000 });
  });

  it('finds a progressive (SOF2) frame after fill bytes and standalone markers', () => {
    // SOI, fill bytes, an APP0 segment, a RST0 (standalone), then SOF2 declaring 640×480.
    const bytes = new Uint8Array([
      0xff, 0xd8, 0xff, 0xff, 0xff, 0xe0, 0x00, 0x04, 0x4a, 0x46, 0xff, 0xd0, 0xff, 0xc2, 0x00, 0x0b, 0x08,
      0x01, 0xe0, 0x02, 0x80, 0x01, 0x01, 0x11, 0x00,
    ]);
    expect(readImageHeader(bytes)).toEqual({ format: 'jpeg', width: 640, height: 480 });
  });

  it('gives null for every truncation of a real JPEG before its frame size, and for a DHT-only file', () => {
    const bytes = smallJpeg();
    const sizeEnd = sofOffset(bytes) + 8;
    for (let n = 0; n < sizeEnd; n++) expect(readImageHeader(bytes.subarray(0, n))).toBeNull();
    expect(readImageHeader(bytes.subarray(0, sizeEnd))).not.toBeNull();
    const dht = new Uint8Array([0xff, 0xd8, 0xff, 0xc4, 0x00, 0x03, 0x00]);
    expect(readImageHeader(dht)).toBeNull();
  });

  it('refuses headers that declare no size, a wrong IHDR, or scan data before the frame', () => {
    expect(readImageHeader(bombPng(0, 10))).toBeNull();
    expect(readImageHeader(bombPng(2 ** 31, 10))).toBeNull();
    const renamed = bombPng(10, 10);
    renamed[12] = 0x78; // "xHDR"
    expect(readImageHeader(renamed)).toBeNull();
    expect(readImageHeader(hugeDeclaredJpeg(100, 0))).toBeNull(); // height from a DNL marker
    expect(readImageHeader(new Uint8Array([0xff, 0xd8, 0xff, 0xda, 0x00, 0x02, 0xff, 0xc0]))).toBeNull();
    expect(readImageHeader(new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x00]))).toBeNull(); // length < 2
  });

  it('never throws on random or mutated bytes', () => {
    const seeds = [png(5, 5), smallJpeg(), bombPng()];
    fc.assert(
      fc.property(
        fc.oneof(
          fc.uint8Array({ maxLength: 64 }),
          fc.tuple(fc.constantFrom(...seeds), fc.nat(), fc.nat(255), fc.nat()).map(([s, at, v, cut]) => {
            const copy = s.slice();
            copy[at % copy.length] = v;
            return copy.subarray(0, cut % (copy.length + 1));
          }),
        ),
        (bytes) => {
          const header = readImageHeader(bytes);
          if (header) expect(header.width * header.height).toBeGreaterThan(0);
        },
      ),
      { numRuns: 3000 },
    );
    expect(readImageHeader('not bytes' as unknown as Uint8Array)).toBeNull();
  });
});

import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { SegmentError, encodeImage, imageToPixels, sniffImage } from '../../src/index';
import { parseDataUrl } from '../../src/image/base64';

function pngBytes(width: number, height: number): Uint8Array {
  const png = new PNG({ width, height });
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      png.data[i] = x < width / 2 ? 255 : 0; // left half red, right half blue
      png.data[i + 2] = x < width / 2 ? 0 : 255;
      png.data[i + 3] = 255;
    }
  }
  return new Uint8Array(PNG.sync.write(png));
}

describe('encodeImage (Node)', () => {
  it('passes a JPEG/PNG that fits through unchanged', async () => {
    const bytes = pngBytes(64, 32);
    const encoded = await encodeImage(bytes);
    expect(encoded.dataUrl.startsWith('data:image/png;base64,')).toBe(true);
    expect(parseDataUrl(encoded.dataUrl)!.bytes).toEqual(bytes);
    expect([encoded.width, encoded.height]).toEqual([64, 32]);
  });

  it('downscales a large image to maxPixels and sends JPEG, keeping the picture', async () => {
    const bytes = pngBytes(2000, 1000);
    const encoded = await encodeImage(bytes, { maxPixels: 500_000 });
    expect(encoded.dataUrl.startsWith('data:image/jpeg;base64,')).toBe(true);
    expect(encoded.width * encoded.height).toBeLessThanOrEqual(500_000);
    expect(encoded.width / encoded.height).toBeCloseTo(2, 2);
    expect([encoded.naturalWidth, encoded.naturalHeight]).toEqual([2000, 1000]);
    const decoded = jpeg.decode(parseDataUrl(encoded.dataUrl)!.bytes, { useTArray: true });
    expect([decoded.width, decoded.height]).toEqual([encoded.width, encoded.height]);
    const at = (x: number, y: number) =>
      Array.from(decoded.data.subarray((y * decoded.width + x) * 4, (y * decoded.width + x) * 4 + 3));
    expect(at(10, 10)[0]).toBeGreaterThan(200); // red on the left
    expect(at(decoded.width - 10, 10)[2]).toBeGreaterThan(200); // blue on the right
  });

  it('caches per source: the same bytes object is encoded once', async () => {
    const bytes = pngBytes(2000, 1000);
    const a = encodeImage(bytes, { maxPixels: 100_000 });
    const b = encodeImage(bytes, { maxPixels: 100_000 });
    expect(a).toBe(b);
    expect(encodeImage(bytes, { maxPixels: 200_000 })).not.toBe(a); // other options, other entry
    const url = (await a).dataUrl;
    expect(encodeImage(url)).toBe(encodeImage(url));
  });

  it('accepts data URLs, ArrayBuffers, Blobs and ImageData-like pixels', async () => {
    const bytes = pngBytes(8, 8);
    const dataUrl = (await encodeImage(bytes)).dataUrl;
    expect((await encodeImage(dataUrl)).width).toBe(8);
    expect((await encodeImage(bytes.slice().buffer)).width).toBe(8);
    expect((await encodeImage(new Blob([bytes as Uint8Array<ArrayBuffer>]))).width).toBe(8);
    const pixels = { data: new Uint8ClampedArray(4 * 4 * 4).fill(128), width: 4, height: 4 };
    const fromPixels = await encodeImage(pixels);
    expect(sniffImage(parseDataUrl(fromPixels.dataUrl)!.bytes)).toEqual({
      mime: 'image/jpeg',
      width: 4,
      height: 4,
    });
  });

  it('rejects what is not an image with invalid_input', async () => {
    for (const bad of [new Uint8Array([1, 2, 3, 4, 5]), 'data:image/png;base64,AAAA', { nope: true }]) {
      const error = await encodeImage(bad as never, { maxBytes: 1 }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SegmentError);
      expect((error as SegmentError).code).toBe('invalid_input');
    }
  });

  it('decodes any source to pixels, downscaled', async () => {
    const pixels = await imageToPixels(pngBytes(400, 200), 20_000);
    expect(pixels.width * pixels.height).toBeLessThanOrEqual(20_000);
    expect(pixels.data[0]).toBe(255);
  });
});

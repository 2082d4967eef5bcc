import jpeg from 'jpeg-js';
import { describe, expect, it } from 'vitest';
import { SegmentError, encodeImage, imageToPixels } from '../../src/index';
import { decodeImageBytes } from '../../src/image/codec';
import { dctScaleEighths, decodeJpegScaled } from '../../src/image/jpeg-turbo';
import { bombPng, hugeDeclaredJpeg, smallJpeg } from '../helpers/bomb-images';

async function refusal(promise: Promise<unknown>): Promise<SegmentError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SegmentError);
  return error as SegmentError;
}

/** A JPEG of a horizontal gradient (red rises left to right) over a blue top half. */
function gradientJpeg(width: number, height: number): Uint8Array {
  const data = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      data[i] = Math.round((255 * x) / (width - 1));
      data[i + 2] = y < height / 2 ? 255 : 0;
      data[i + 3] = 255;
    }
  return new Uint8Array(jpeg.encode({ data, width, height }, 90).data);
}

describe('decoding refuses images above the pixel limit before decoding', () => {
  it('refuses the 69-byte PNG declaring 65535×65535 and a JPEG declaring 60000×60000, with flat memory', async () => {
    const before = process.memoryUsage().rss;
    for (const bytes of [bombPng(), hugeDeclaredJpeg()]) {
      for (const attempt of [
        decodeImageBytes(bytes),
        imageToPixels(bytes, 1_500_000),
        encodeImage(bytes),
        imageToPixels(`data:image/png;base64,${Buffer.from(bytes).toString('base64')}`),
      ]) {
        const error = await refusal(attempt);
        expect(error.code).toBe('payload_too_large');
        expect(error.param).toBe('image');
        expect(error.message).toMatch(/50 MP \(maxInputPixels\)/);
      }
    }
    // A decoder trusting either header would need gigabytes (65535² × 4 B = 17 GB).
    expect(process.memoryUsage().rss - before).toBeLessThan(64_000_000);
  });

  it('takes the limit as an option', async () => {
    const bytes = smallJpeg(16, 16);
    const error = await refusal(decodeImageBytes(bytes, { maxInputPixels: 255 }));
    expect(error.message).toMatch(/16×16.*limit of 0.000255 MP/);
    expect((await decodeImageBytes(bytes, { maxInputPixels: 256 })).width).toBe(16);
    expect((await refusal(imageToPixels(bytes, Infinity, undefined, { maxInputPixels: 100 }))).code).toBe(
      'payload_too_large',
    );
    expect((await refusal(encodeImage(bytes, { maxPixels: 64, maxInputPixels: 100 }))).code).toBe(
      'payload_too_large',
    );
    expect((await refusal(decodeImageBytes(bytes, { maxInputPixels: -1 }))).code).toBe('invalid_input');
  });

  it('refuses a PNG with a second IHDR that declares a bigger size than the first', async () => {
    const small = bombPng(10, 10);
    const big = bombPng(20000, 20000);
    const twoHeaders = new Uint8Array([
      ...small.subarray(0, 33),
      ...big.subarray(8, 33),
      ...small.subarray(33),
    ]);
    const error = await refusal(decodeImageBytes(twoHeaders));
    expect(error.code).toBe('invalid_input');
    expect(error.message).toMatch(/more than one IHDR/);
  });

  it('turns corrupt JPEG data into invalid_input, and decodes the next image normally', async () => {
    const bytes = gradientJpeg(64, 64);
    const corrupt = bytes.slice();
    corrupt.fill(0x00, 200, 260); // inside the tables and scan header
    const error = await refusal(decodeImageBytes(corrupt));
    expect(error.code).toBe('invalid_input');
    expect((await decodeImageBytes(bytes)).width).toBe(64);
    // libjpeg-turbo (the scaled path): its error unwinds out of a throwaway instance.
    expect((await refusal(decodeJpegScaled(corrupt, 1))).code).toBe('invalid_input');
    expect((await decodeJpegScaled(bytes, 1))!.width).toBe(8);
  });
});

describe('JPEG decoding scales in the DCT when the caller downscales next', () => {
  it('chooses the smallest M/8 scale that keeps at least the pixels asked for', () => {
    expect(dctScaleEighths(4000, 3000, 1_500_000)).toBe(3); // 1500×1125
    expect(dctScaleEighths(4000, 3000, Infinity)).toBe(8);
    expect(dctScaleEighths(800, 600, 30_000)).toBe(2); // 200×150 = 30000
    expect(dctScaleEighths(800, 600, 30_001)).toBe(3);
    expect(dctScaleEighths(100, 100, 1)).toBe(1);
  });

  it('decodes at the scaled size with the picture intact, and reports the natural size', async () => {
    const bytes = gradientJpeg(800, 600);
    const scaled = await decodeImageBytes(bytes, { scaleToPixels: 50_000 });
    expect([scaled.width, scaled.height]).toEqual([300, 225]);
    const at = (x: number, y: number) => scaled.data.subarray((y * 300 + x) * 4, (y * 300 + x) * 4 + 4);
    expect(at(5, 50)[0]).toBeLessThan(20);
    expect(at(295, 50)[0]).toBeGreaterThan(235);
    expect(Math.abs(at(150, 50)[0]! - 128)).toBeLessThan(12);
    expect(at(150, 50)[2]).toBeGreaterThan(235); // blue top
    expect(at(150, 200)[2]).toBeLessThan(20);
    const pixels = await imageToPixels(bytes, 50_000);
    expect(pixels.width * pixels.height).toBeLessThanOrEqual(50_000);
    expect(pixels.width / pixels.height).toBeCloseTo(4 / 3, 1);
    const encoded = await encodeImage(bytes, { maxPixels: 50_000 });
    expect([encoded.naturalWidth, encoded.naturalHeight]).toEqual([800, 600]);
    expect(encoded.width * encoded.height).toBeLessThanOrEqual(50_000);
  });
});

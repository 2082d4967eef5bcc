/**
 * Node's side of the image codec: JPEG and PNG decoding (libjpeg-turbo's DCT scaling, `jpeg-js`,
 * `pngjs`), JPEG encoding and the box-filter resize. Never imported by name: `codec.ts` loads it
 * by a computed URL only where the browser's codecs are missing, so browser bundles never carry it.
 */
import { SegmentError } from '../protocol/errors';
import type { NodeCodec } from './codec';
import { dctScaleEighths, decodeJpegScaled } from './jpeg-turbo';
import { pngHasOneHeader } from './pixel-limit';
import { resizePixels, type Pixels } from './pixels';
import type { ImageHeader } from './sniff';

interface JpegJs {
  decode(
    data: Uint8Array,
    options: {
      useTArray: true;
      formatAsRGBA: true;
      maxMemoryUsageInMB?: number;
      maxResolutionInMP?: number;
    },
  ): Pixels;
  encode(image: Pixels, quality: number): { data: Uint8Array };
}
interface PngJs {
  PNG: { sync: { read(data: Uint8Array): Pixels } };
}

async function loadOptional<T>(name: string): Promise<T> {
  try {
    const mod = (await import(/* @vite-ignore */ name)) as T & { default?: T };
    return (mod.default ?? mod) as T;
  } catch (cause) {
    throw new SegmentError(
      'unsupported',
      `Decoding images in Node needs the optional package "${name}": npm install ${name}`,
      { cause },
    );
  }
}

/** pngjs reads with Buffer methods: view the same memory as a Buffer (no copy). */
function asNodeBuffer(bytes: Uint8Array): Uint8Array {
  const NodeBuffer = (
    globalThis as { Buffer?: { from(b: ArrayBufferLike, o: number, l: number): Uint8Array } }
  ).Buffer;
  return NodeBuffer ? NodeBuffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) : bytes;
}

async function decode(
  bytes: Uint8Array,
  { format, width, height }: ImageHeader,
  limit: number,
  scaleToPixels: number,
): Promise<Pixels> {
  if (format === 'png') {
    if (!pngHasOneHeader(bytes))
      throw new SegmentError('invalid_input', 'The PNG has more than one IHDR chunk.', { param: 'image' });
    const { PNG } = await loadOptional<PngJs>('pngjs');
    return PNG.sync.read(asNodeBuffer(bytes));
  }
  // Scaled decodes gain most (a 12 MP photo for a 1.5 MP engine); full-size ones stay on
  // jpeg-js, whose pixels the engine was tuned on (jpeg-turbo.ts says why), unless it is missing.
  if (dctScaleEighths(width, height, scaleToPixels) < 8) {
    const scaled = await decodeJpegScaled(bytes, scaleToPixels);
    if (scaled) return scaled;
  }
  let jpeg: JpegJs;
  try {
    jpeg = await loadOptional<JpegJs>('jpeg-js');
  } catch (missing) {
    const full = await decodeJpegScaled(bytes, Infinity);
    if (full) return full;
    throw missing;
  }
  return jpeg.decode(bytes, {
    useTArray: true,
    formatAsRGBA: true,
    maxMemoryUsageInMB: Math.max(1024, Math.ceil((limit * 8) / 1e6)),
    maxResolutionInMP: limit / 1e6,
  });
}

async function encodeJpeg(pixels: Pixels, quality: number): Promise<Uint8Array> {
  const jpeg = await loadOptional<JpegJs>('jpeg-js');
  return new Uint8Array(jpeg.encode(pixels, Math.round(quality * 100)).data);
}

export const nodeCodec: NodeCodec = {
  decode,
  encodeJpeg,
  resize: (pixels, width, height) => resizePixels(pixels, width, height),
};

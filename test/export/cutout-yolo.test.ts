import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import {
  SegmentError,
  maskIoU,
  maskToCutout,
  parseYoloSegmentation,
  pathToCocoPolygons,
  rasterizePath,
  rasterizeRings,
  toYoloSegmentation,
  type Pixels,
} from '../../src/index';

/** A w x h photo-like RGBA image: every pixel a colour of its own position. */
function photo(w: number, h: number): Pixels {
  const data = new Uint8ClampedArray(w * h * 4);
  for (let i = 0; i < w * h; i++) data.set([(i * 7) % 256, (i * 13) % 256, (i * 29) % 256, 255], i * 4);
  return { data, width: w, height: h };
}

/** A disc of radius r at (cx, cy). */
function disc(w: number, h: number, cx: number, cy: number, r: number): Uint8Array {
  const mask = new Uint8Array(w * h);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) mask[y * w + x] = (x + 0.5 - cx) ** 2 + (y + 0.5 - cy) ** 2 < r * r ? 1 : 0;
  return mask;
}

const decode = (png: Uint8Array) => PNG.sync.read(Buffer.from(png));

describe('maskToCutout', () => {
  const image = photo(120, 80);
  const mask = disc(120, 80, 50, 40, 20);

  it('writes an RGBA PNG cropped to the mask: alpha 255 and the photo inside, 0 outside', async () => {
    const png = decode(await maskToCutout(image, mask));
    // The disc spans x 30..69, y 20..59: a 40 x 40 crop.
    expect([png.width, png.height]).toEqual([40, 40]);
    let inside = 0;
    for (let y = 0; y < 40; y++)
      for (let x = 0; x < 40; x++) {
        const o = (y * 40 + x) * 4;
        const s = (y + 20) * 120 + x + 30;
        if (mask[s]) {
          inside++;
          expect(png.data[o + 3]).toBe(255);
          expect([...png.data.subarray(o, o + 3)]).toEqual([...image.data.subarray(s * 4, s * 4 + 3)]);
        } else expect(png.data[o + 3]).toBe(0);
      }
    expect(inside).toBe(mask.reduce((a, b) => a + b, 0));
  });

  it('feathers inwards: partial alpha only within the radius of the outline, none outside', async () => {
    const feather = 4;
    const cut = await maskToCutout(image, mask, { feather, format: 'pixels', crop: false });
    expect([cut.width, cut.height]).toEqual([120, 80]);
    let partial = 0;
    for (let y = 0; y < 80; y++)
      for (let x = 0; x < 120; x++) {
        const alpha = cut.data[(y * 120 + x) * 4 + 3]!;
        const fromCentre = Math.hypot(x + 0.5 - 50, y + 0.5 - 40);
        if (!mask[y * 120 + x]) expect(alpha).toBe(0);
        else if (fromCentre < 20 - feather - 1.5) expect(alpha).toBe(255);
        if (alpha > 0 && alpha < 255) {
          partial++;
          expect(fromCentre).toBeGreaterThan(20 - feather - 1.5);
        }
      }
    expect(partial).toBeGreaterThan(100);
  });

  it('keeps a hard edge where the object meets the frame, and pads within the image', async () => {
    const edge = new Uint8Array(120 * 80);
    for (let y = 0; y < 80; y++) for (let x = 0; x < 30; x++) edge[y * 120 + x] = 1; // a band on the left
    const cut = await maskToCutout(image, edge, { feather: 3, padding: 5, format: 'pixels' });
    expect([cut.width, cut.height]).toEqual([35, 80]);
    expect(cut.data[(40 * 35 + 0) * 4 + 3]).toBe(255); // on the frame: no fade
    expect(cut.data[(40 * 35 + 29) * 4 + 3]).toBeLessThan(255); // at the cut: faded
    expect(cut.data[(40 * 35 + 32) * 4 + 3]).toBe(0); // padding
  });

  it('takes a result path and bbox, and an encoded image', async () => {
    const { maskToPng } = await import('../../src/index');
    const gray = await maskToPng(mask, 120, 80); // a PNG to decode: white disc on black
    const cut = await maskToCutout(
      gray,
      { path: 'M0 0L1 0L1 1L0 1z', bbox: { xMin: 0.25, yMin: 0.25, xMax: 0.75, yMax: 0.75 } },
      { format: 'pixels' },
    );
    expect([cut.width, cut.height]).toEqual([60, 40]);
    expect(cut.data[(20 * 60 + 30) * 4]).toBe(255); // the disc's centre, from the decoded PNG
  });

  it('rejects bad input with a SegmentError naming the field', async () => {
    const reject = (p: Promise<unknown>, param: string) =>
      expect(p).rejects.toMatchObject({ name: 'SegmentError', code: 'invalid_input', param });
    await reject(maskToCutout(image, new Uint8Array(10)), 'mask');
    await reject(maskToCutout(image, new Uint8Array(120 * 80)), 'mask');
    await reject(maskToCutout(image, mask, { feather: -1 }), 'feather');
    await reject(maskToCutout(image, mask, { padding: Number.NaN }), 'padding');
    await expect(maskToCutout(image, new Uint8Array(3))).rejects.toBeInstanceOf(SegmentError);
  });
});

describe('YOLO segmentation labels', () => {
  const W = 640,
    H = 480;
  const cup = {
    label: 'cup',
    path: 'M0 0C.5 -.3 1 0 1 .5C1 1 .5 1.1 0 1z',
    bbox: { xMin: 0.2, yMin: 0.1, xMax: 0.6, yMax: 0.7 },
  };
  // Two separate parts and a hole: the merged line must fill exactly what the path fills.
  const pair = {
    label: 'spoon',
    path: 'M0 0L.4 0L.4 1L0 1z M.6 0L1 0L1 1L.6 1z M.1 .4L.1 .6L.3 .6L.3 .4z',
    bbox: { xMin: 0.65, yMin: 0.2, xMax: 0.95, yMax: 0.8 },
  };

  it('writes one normalized line per object that parses back to the COCO polygon', () => {
    const text = toYoloSegmentation([cup, pair], { cup: 0, spoon: 3 });
    expect(text.split('\n')).toHaveLength(3); // two lines and the final newline
    const labels = parseYoloSegmentation(text);
    expect(labels.map((l) => l.classId)).toEqual([0, 3]);
    // The single-ring object: the same vertices as the COCO polygon, normalized.
    const coco = pathToCocoPolygons(cup.path, cup.bbox, W, H, 0.0005 * W);
    expect(coco).toHaveLength(1);
    const polygon = labels[0]!.polygon;
    expect(polygon.length).toBeGreaterThan(20);
    for (const v of polygon) expect(v >= 0 && v <= 1).toBe(true);
    const fromYolo = rasterizeRings([Float64Array.from(polygon.map((v, i) => v * (i % 2 ? H : W)))], W, H);
    expect(maskIoU(fromYolo, rasterizePath(cup.path, cup.bbox, W, H))).toBeGreaterThan(0.995);
  });

  it('joins several rings into one polygon that fills the same pixels, holes included', () => {
    const [label] = parseYoloSegmentation(toYoloSegmentation([pair], new Map([['spoon', 1]])));
    const ring = Float64Array.from(label!.polygon.map((v, i) => v * (i % 2 ? H : W)));
    const expected = rasterizePath(pair.path, pair.bbox, W, H);
    for (const fillRule of ['nonzero', 'evenodd'] as const)
      expect(maskIoU(rasterizeRings([ring], W, H, { fillRule }), expected)).toBeGreaterThan(0.99);
  });

  it('says which object has no class id, and which line does not parse', () => {
    expect(() => toYoloSegmentation([cup, pair], { cup: 0 })).toThrow(
      expect.objectContaining({ code: 'invalid_input', param: 'objects[1].label' }),
    );
    expect(() => parseYoloSegmentation('0 0.1 0.1 0.2 0.2 0.3 0.3\n1 0.5 1.5 0.2 0.2 0.1 0.1\n')).toThrow(
      expect.objectContaining({ code: 'invalid_input', param: 'line 2' }),
    );
  });
});

import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import {
  cocoRleToMask,
  imagePathData,
  maskIoU,
  maskToPng,
  objectsToLabelMap,
  parsePath,
  pathToCocoPolygons,
  rasterizePath,
  resultsToSvg,
  toCocoDataset,
  type CocoRle,
} from '../../src/index';

describe('PNG, SVG and polygon export', () => {
  it('writes a grayscale PNG that a PNG decoder reads back pixel for pixel', async () => {
    const w = 37,
      h = 21;
    const mask = new Uint8Array(w * h);
    for (let i = 0; i < mask.length; i += 3) mask[i] = 1;
    const png = PNG.sync.read(Buffer.from(await maskToPng(mask, w, h)));
    expect([png.width, png.height]).toEqual([w, h]);
    for (let i = 0; i < mask.length; i++) expect(png.data[i * 4]).toBe(mask[i] ? 255 : 0);
  });

  it('writes a standalone SVG with the bbox transform, escaped labels and no clipping', () => {
    const svg = resultsToSvg(
      [
        {
          path: 'M 0 0 L 1.2 0 L 1 1 z',
          bbox: { xMin: 0.1, yMin: 0.2, xMax: 0.5, yMax: 0.6 },
          label: 'cat & "dog"',
          color: '#f00',
        },
      ],
      640,
      480,
    );
    expect(svg).toContain('viewBox="0 0 1 1" preserveAspectRatio="none"');
    expect(svg).toContain('transform="translate(0.1 0.2) scale(0.4 0.39999999999999997)"');
    expect(svg).toContain('fill-rule="nonzero"');
    expect(svg).toContain('<title>cat &#38; &#34;dog&#34;</title>');
    expect(svg).not.toContain('clip');
  });

  it('exports COCO polygons in pixels that rasterize back to the same mask', () => {
    const bbox = { xMin: 0.2, yMin: 0.1, xMax: 0.8, yMax: 0.7 };
    const path = 'M0 0C.5 -.3 1 0 1 .5C1 1 .5 1.1 0 1z';
    const polygons = pathToCocoPolygons(path, bbox, 200, 100);
    expect(polygons).toHaveLength(1);
    expect(polygons[0]!.slice(0, 2)).toEqual([40, 10]);
    const d = polygons.map((p) => `M${p.join(' ')}z`).join('');
    const fromPath = rasterizePath(path, bbox, 200, 100);
    // Polygons are in pixels: a bbox of 1/200 x 1/100 maps them 1:1 onto the 200x100 grid.
    const fromPolygons = rasterizePath(d, { xMin: 0, yMin: 0, xMax: 1 / 200, yMax: 1 / 100 }, 200, 100);
    expect(maskIoU(fromPolygons, fromPath)).toBeGreaterThan(0.99);
  });

  it('re-anchors a bbox-relative path to the image', () => {
    const d = imagePathData('M 0 0 L 1 1', { xMin: 0.5, yMin: 0.25, xMax: 1, yMax: 0.75 });
    expect(parsePath(d)).toEqual([
      { type: 'M', x: 0.5, y: 0.25 },
      { type: 'L', x: 1, y: 0.75 },
    ]);
  });
});

describe('toCocoDataset and objectsToLabelMap', () => {
  const W = 40,
    H = 30;
  // Two squares as bbox-relative paths: the unit square in their own bbox.
  const left = {
    label: 'cat',
    path: 'M0,0L1,0L1,1L0,1z',
    bbox: { xMin: 0.1, yMin: 0.1, xMax: 0.4, yMax: 0.5 },
  };
  const right = {
    label: 'dog',
    path: 'M0,0L1,0L1,1L0,1z',
    bbox: { xMin: 0.5, yMin: 0.2, xMax: 0.9, yMax: 0.9 },
  };

  it('makes one category per label, RLE that decodes to the raster, areas and tight boxes in pixels', () => {
    const dataset = toCocoDataset([
      { fileName: 'a.png', width: W, height: H, objects: [left, right] },
      { fileName: 'b.png', width: W, height: H, objects: [{ ...left, label: 'dog' }] },
    ]);
    expect(dataset.categories).toEqual([
      { id: 1, name: 'cat' },
      { id: 2, name: 'dog' },
    ]);
    expect(dataset.images.map((i) => [i.id, i.file_name])).toEqual([
      [1, 'a.png'],
      [2, 'b.png'],
    ]);
    expect(dataset.annotations.map((a) => [a.id, a.image_id, a.category_id])).toEqual([
      [1, 1, 1],
      [2, 1, 2],
      [3, 2, 2],
    ]);
    const first = dataset.annotations[0]!;
    expect(first.bbox).toEqual([4, 3, 12, 12]);
    expect(first.area).toBe(144);
    const decoded = cocoRleToMask(first.segmentation as CocoRle);
    expect(decoded.mask).toEqual(rasterizePath(left.path, left.bbox, W, H));
  });

  it('writes polygons in pixels when asked', () => {
    const dataset = toCocoDataset([{ fileName: 'a.png', width: W, height: H, objects: [left] }], {
      segmentation: 'polygons',
    });
    const [ring] = dataset.annotations[0]!.segmentation as number[][];
    expect(ring!.slice(0, 4)).toEqual([4, 3, 16, 3]);
  });

  it('paints a label map with later objects on top, and writes it to PNG as values', async () => {
    const labels = objectsToLabelMap(
      [left, right, { ...left, bbox: { xMin: 0.3, yMin: 0.3, xMax: 0.6, yMax: 0.6 } }],
      W,
      H,
    );
    expect(labels[5 * W + 5]).toBe(1);
    expect(labels[25 * W + 35]).toBe(2);
    expect(labels[12 * W + 15]).toBe(3);
    expect(labels[0]).toBe(0);
    const png = PNG.sync.read(Buffer.from(await maskToPng(labels, W, H, 'value')));
    expect(png.data[(12 * W + 15) * 4]).toBe(3);
  });
});

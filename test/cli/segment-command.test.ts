import { mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { PNG } from 'pngjs';
import {
  cocoRleToMask,
  maskIoU,
  rasterizePath,
  rasterizeRings,
  fromWireBbox,
  parseYoloSegmentation,
} from '../../src/index';
import { segmentCommand } from '../../src/cli/segment-command';
import { rectanglePng } from '../helpers/fixtures';
import { errorOf } from '../helpers/streams';

const W = 160,
  H = 120;
let dir: string;
let images: string[];
const truth = (rect: [number, number, number, number]) => {
  const mask = new Uint8Array(W * H);
  for (let y = rect[1]; y < rect[3]; y++) for (let x = rect[0]; x < rect[2]; x++) mask[y * W + x] = 1;
  return mask;
};
const RECT: [number, number, number, number] = [40, 30, 120, 90];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'segmask-cli-'));
  images = [join(dir, 'a.png'), join(dir, 'b.png')];
  for (const file of images) await writeFile(file, await rectanglePng(W, H, RECT));
});

const quiet = () => {};

// The formats on synthetic rectangles: the graph cut's tier (the learned one has its own tests).
describe('segmask segment', () => {
  it('writes one JSON result per image, with pixel refs turned into fractions', async () => {
    const out = join(dir, 'json');
    const outcome = await segmentCommand(
      [...images, '--engine', 'graph-cut', '--object', 'rectangle', '--box', '32,22,128,98', '--out', out],
      quiet,
    );
    expect(outcome.failed).toEqual([]);
    expect((await readdir(out)).sort()).toEqual(['a.png.json', 'b.png.json']);
    const result = JSON.parse(await readFile(join(out, 'a.png.json'), 'utf8'));
    expect(result).toMatchObject({ width: W, height: H, finish_reason: 'stop' });
    const mask = rasterizePath(result.path, fromWireBbox(result.bbox), W, H);
    expect(maskIoU(mask, truth(RECT))).toBeGreaterThan(0.95);
  });

  it('writes PNG masks, SVG overlays and one COCO file that match the object', async () => {
    const png = join(dir, 'png');
    await segmentCommand(
      [
        images[0]!,
        '--engine',
        'graph-cut',
        '--object',
        'rectangle',
        '--point',
        '0.5,0.5',
        '--format',
        'png',
        '--out',
        png,
      ],
      quiet,
    );
    const decoded = PNG.sync.read(await readFile(join(png, 'a.png.png')));
    const mask = new Uint8Array(W * H).map((_, i) => (decoded.data[i * 4]! > 127 ? 1 : 0));
    expect(maskIoU(mask, truth(RECT))).toBeGreaterThan(0.95);

    const svg = join(dir, 'svg');
    await segmentCommand(
      [
        images[0]!,
        '--engine',
        'graph-cut',
        '--object',
        'rectangle',
        '--point',
        '0.5,0.5',
        '--format',
        'svg',
        '--out',
        svg,
      ],
      quiet,
    );
    expect(await readFile(join(svg, 'a.png.svg'), 'utf8')).toMatch(
      /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" width="160" height="120".*<title>rectangle<\/title>/,
    );

    const coco = join(dir, 'coco');
    await segmentCommand(
      [
        ...images,
        '--engine',
        'graph-cut',
        '--object',
        'rectangle',
        '--box',
        '0.2,0.18,0.8,0.82',
        '--format',
        'coco',
        '--out',
        coco,
      ],
      quiet,
    );
    const file = JSON.parse(await readFile(join(coco, 'annotations.json'), 'utf8'));
    expect(file.images.map((i: { file_name: string }) => i.file_name)).toEqual(['a.png', 'b.png']);
    expect(file.categories).toEqual([{ id: 1, name: 'rectangle' }]);
    expect(file.annotations.map((a: { image_id: number }) => a.image_id)).toEqual([1, 2]);
    const decodedRle = cocoRleToMask(file.annotations[1].segmentation);
    expect(maskIoU(decodedRle.mask, truth(RECT))).toBeGreaterThan(0.95);
    expect(file.annotations[1].bbox[0]).toBeCloseTo(40, -1);
  }, 60_000); // three runs, each starting an engine pool

  it('writes cutouts (the object opaque, the rest transparent, cropped to it) and YOLO labels', async () => {
    const cut = join(dir, 'cutout');
    await segmentCommand(
      [
        images[0]!,
        '--engine',
        'graph-cut',
        '--object',
        'rectangle',
        '--box',
        '0.2,0.18,0.8,0.82',
        '--format',
        'cutout',
        '--out',
        cut,
      ],
      quiet,
    );
    const png = PNG.sync.read(await readFile(join(cut, 'a.png.cutout.png')));
    // Cropped to the rectangle (80 x 60), give or take the engine's edge.
    expect(Math.abs(png.width - 80)).toBeLessThanOrEqual(3);
    expect(Math.abs(png.height - 60)).toBeLessThanOrEqual(3);
    let opaque = 0;
    for (let i = 3; i < png.data.length; i += 4) if (png.data[i] === 255) opaque++;
    expect(opaque / (png.width * png.height)).toBeGreaterThan(0.9);

    const yolo = join(dir, 'yolo');
    await segmentCommand(
      [
        images[0]!,
        '--engine',
        'graph-cut',
        '--object',
        'rectangle',
        '--box',
        '0.2,0.18,0.8,0.82',
        '--format',
        'yolo',
        '--out',
        yolo,
      ],
      quiet,
    );
    const [label, ...rest] = parseYoloSegmentation(await readFile(join(yolo, 'a.txt'), 'utf8'));
    expect(rest).toEqual([]);
    expect(label!.classId).toBe(0);
    const ring = Float64Array.from(label!.polygon.map((v, i) => v * (i % 2 ? H : W)));
    expect(maskIoU(rasterizeRings([ring], W, H), truth(RECT))).toBeGreaterThan(0.95);
  }, 60_000);

  it('reports each image that fails with its code, and keeps going', async () => {
    await writeFile(join(dir, 'broken.jpg'), 'not an image');
    const outcome = await segmentCommand(
      [
        join(dir, 'broken.jpg'),
        images[0]!,
        '--engine',
        'graph-cut',
        '--object',
        'rectangle',
        '--point',
        '0.5,0.5',
        '--out',
        join(dir, 'mixed'),
      ],
      quiet,
    );
    expect(outcome.failed).toEqual([
      expect.objectContaining({ image: join(dir, 'broken.jpg'), code: 'invalid_input' }),
    ]);
    expect(outcome.written).toEqual([join(dir, 'mixed', 'a.png.json')]);
  });

  it('rejects bad arguments with a typed error before any work', async () => {
    expect((await errorOf(segmentCommand([images[0]!, '--object', 'x', '--box', '1,2'], quiet))).param).toBe(
      'box',
    );
    expect((await errorOf(segmentCommand([images[0]!, '--box', '0,0,1,1'], quiet))).param).toBe('object');
    expect(
      (await errorOf(segmentCommand([images[0]!, '--object', 'x', '--format', 'gif'], quiet))).param,
    ).toBe('format');
    expect((await errorOf(segmentCommand(['--object', 'x'], quiet))).param).toBe('image');
  });
});

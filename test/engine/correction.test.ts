import { describe, expect, it } from 'vitest';
import { maskIoU, rasterizePath, type Bbox, type Pixels } from '../../src/index';
import { createLocalSegmenter } from '../../src/engine/index';

const W = 320,
  H = 240;

/** Pixels painted by `colorAt` (RGB), with a little deterministic noise. */
function paint(colorAt: (x: number, y: number) => [number, number, number]): Pixels {
  const data = new Uint8ClampedArray(W * H * 4);
  for (let y = 0; y < H; y++)
    for (let x = 0; x < W; x++) {
      const [r, g, b] = colorAt(x + 0.5, y + 0.5);
      const noise = ((x * 7 + y * 13) % 11) - 5;
      const i = (y * W + x) * 4;
      data[i] = r + noise;
      data[i + 1] = g + noise;
      data[i + 2] = b + noise;
      data[i + 3] = 255;
    }
  return { data, width: W, height: H };
}

const inDisc = (x: number, y: number, cx: number, cy: number, r: number) =>
  (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
const maskOf = (inside: (x: number, y: number) => boolean) => {
  const m = new Uint8Array(W * H);
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) m[y * W + x] = inside(x + 0.5, y + 0.5) ? 1 : 0;
  return m;
};

/** A previous answer: polygons (image pixels) as a path relative to their box, as a final is. */
function previousOf(polygons: [number, number][][]): { path: string; bbox: Bbox } {
  const xs = polygons.flat().map((p) => p[0]),
    ys = polygons.flat().map((p) => p[1]);
  const bbox = {
    xMin: Math.min(...xs) / W,
    yMin: Math.min(...ys) / H,
    xMax: Math.max(...xs) / W,
    yMax: Math.max(...ys) / H,
  };
  const rel = ([x, y]: [number, number]) =>
    `${((x / W - bbox.xMin) / (bbox.xMax - bbox.xMin)).toFixed(5)},${((y / H - bbox.yMin) / (bbox.yMax - bbox.yMin)).toFixed(5)}`;
  const path = polygons.map((poly) => `M${poly.map(rel).join('L')}z`).join('');
  return { path, bbox };
}

const circle = (cx: number, cy: number, r: number, n = 64): [number, number][] =>
  Array.from({ length: n }, (_, i) => [
    cx + r * Math.cos((2 * Math.PI * i) / n),
    cy + r * Math.sin((2 * Math.PI * i) / n),
  ]);

const engine = createLocalSegmenter({ worker: false, detector: false, model: false });
const answerMask = async (request: Parameters<typeof engine.segment>[0]) => {
  const result = await engine.segment(request);
  return rasterizePath(result.path, result.bbox, W, H);
};
const grey: [number, number, number] = [120, 130, 125];
const red: [number, number, number] = [200, 40, 35];
const blue: [number, number, number] = [40, 60, 190];

describe('corrections (previous answer + include / exclude clicks)', () => {
  it('a previous path that overflows when drawn is refused as previous.path', async () => {
    const image = paint(() => [40, 40, 40]);
    const bbox = { xMin: 0.2, yMin: 0.2, xMax: 0.8, yMax: 0.8 };
    const error = await engine
      .segment({
        image,
        object: 'x',
        spatialRefs: [[0.5, 0.5]],
        previous: { path: 'M0 0L1e308 0L0 1z', bbox },
      })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'invalid_input', param: 'previous.path' });
  });

  it('says it takes both extensions, prepare, and that the graph cut answers', async () => {
    await expect(engine.capabilities!()).resolves.toEqual({
      negativeRefs: true,
      previous: true,
      prepare: true,
      local: true,
      engine: { tier: 'graph-cut' },
    });
  });

  it('an exclude click removes a wrongly included region and keeps the object', async () => {
    // Two red discs; only the left one is the object. The previous answer took both.
    const image = paint((x, y) => (inDisc(x, y, 100, 120, 50) || inDisc(x, y, 215, 120, 40) ? red : grey));
    const truth = maskOf((x, y) => inDisc(x, y, 100, 120, 50));
    const other = maskOf((x, y) => inDisc(x, y, 215, 120, 40));
    const previous = previousOf([circle(100, 120, 50), circle(215, 120, 40)]);
    const mask = await answerMask({
      image,
      object: 'thing',
      spatialRefs: [[40 / W, 60 / H, 265 / W, 170 / H]],
      negativeRefs: [[215 / W, 120 / H]],
      previous,
    });
    let left = 0;
    for (let p = 0; p < W * H; p++) left += mask[p]! & other[p]!;
    expect(left).toBeLessThan(50); // of ~5000 pixels
    expect(maskIoU(mask, truth)).toBeGreaterThan(0.95);
  });

  it('an include click adds a missed part of the object', async () => {
    // The object: a red disc with a blue block below it (a shirt and trousers); the previous
    // answer has the disc only.
    const inBlock = (x: number, y: number) => x >= 120 && x <= 200 && y >= 150 && y <= 220;
    const image = paint((x, y) => (inDisc(x, y, 160, 100, 55) ? red : inBlock(x, y) ? blue : grey));
    const truth = maskOf((x, y) => inDisc(x, y, 160, 100, 55) || inBlock(x, y));
    const previous = previousOf([circle(160, 100, 55)]);
    const before = rasterizePath(previous.path, previous.bbox, W, H);
    const mask = await answerMask({
      image,
      object: 'thing',
      spatialRefs: [
        [160 / W, 100 / H],
        [160 / W, 190 / H],
      ],
      previous,
    });
    expect(maskIoU(before, truth)).toBeLessThan(0.75);
    expect(maskIoU(mask, truth)).toBeGreaterThan(0.95);
  });

  it('leaves the far side of the previous answer as it was', async () => {
    // A red disc; the previous answer has a wrong notch on its left and misses the blue block on
    // the right. Clicking the block adds it and does not touch the notch far away.
    const inBlock = (x: number, y: number) => x >= 205 && x <= 260 && y >= 95 && y <= 145;
    const image = paint((x, y) =>
      inDisc(x, y, 140, 120, 70) || inBlock(x, y) ? (inBlock(x, y) ? blue : red) : grey,
    );
    const notched = circle(140, 120, 70).map(([x, y]): [number, number] =>
      x < 90 && Math.abs(y - 120) < 25 ? [90, y] : [x, y],
    );
    const previous = previousOf([notched]);
    const before = rasterizePath(previous.path, previous.bbox, W, H);
    const mask = await answerMask({
      image,
      object: 'thing',
      spatialRefs: [
        [140 / W, 120 / H],
        [240 / W, 120 / H],
      ],
      previous,
    });
    let changedFar = 0,
      added = 0;
    for (let y = 0; y < H; y++)
      for (let x = 0; x < W; x++) {
        const p = y * W + x;
        if (x < 140 && mask[p] !== before[p]) changedFar++;
        if (inBlock(x + 0.5, y + 0.5) && mask[p]) added++;
      }
    expect(changedFar).toBeLessThan(40); // the outline may move by a pixel here and there
    expect(added).toBeGreaterThan(0.9 * 56 * 51);
  });
  it('an exclude click takes out a wrong region joined to the object, and adds nothing', async () => {
    // A red disc; the previous answer also took a grey slab of background joined to its right.
    // One exclude click in the slab's middle removes the slab; nothing outside the previous
    // answer is taken in its place.
    const inSlab = (x: number, y: number) => x >= 150 && x <= 290 && y >= 95 && y <= 145;
    const image = paint((x, y) => (inDisc(x, y, 110, 120, 60) ? red : grey));
    const truth = maskOf((x, y) => inDisc(x, y, 110, 120, 60));
    const slab: [number, number][] = [
      [150, 95],
      [290, 95],
      [290, 145],
      [150, 145],
    ];
    const previous = previousOf([circle(110, 120, 60), slab]);
    const before = rasterizePath(previous.path, previous.bbox, W, H);
    const mask = await answerMask({
      image,
      object: 'thing',
      spatialRefs: [[40 / W, 50 / H, 300 / W, 190 / H]],
      negativeRefs: [[240 / W, 120 / H]],
      previous,
    });
    let slabLeft = 0,
      added = 0;
    for (let y = 0; y < H; y++)
      for (let x = 0; x < W; x++) {
        const p = y * W + x;
        if (inSlab(x + 0.5, y + 0.5) && !truth[p] && mask[p]) slabLeft++;
        if (mask[p] && !before[p]) added++;
      }
    expect(maskIoU(before, truth)).toBeLessThan(0.8);
    expect(slabLeft).toBeLessThan(100); // of ~6000 pixels
    expect(added).toBeLessThan(40); // the outline may move by a pixel here and there
    expect(maskIoU(mask, truth)).toBeGreaterThan(0.95);
  });
  it('an include click adds the missed part and takes nothing of the previous answer away', async () => {
    // Two red blocks and, between them, a block barely off the grey background. The previous
    // answer had the left and middle blocks; the click asks for the right one. Re-fitting the
    // colours to the clicked red must not drop the middle block, which looks like background:
    // a correction with include clicks only may add, never remove.
    const left = [40, 70, 120, 170],
      middle = [120, 70, 200, 170],
      right = [200, 70, 280, 170];
    const inRect = (x: number, y: number, [x0, y0, x1, y1]: number[]) =>
      x >= x0! && x <= x1! && y >= y0! && y <= y1!;
    const image = paint((x, y) =>
      inRect(x, y, left) || inRect(x, y, right) ? red : inRect(x, y, middle) ? [128, 131, 124] : grey,
    );
    const previous = previousOf([
      [
        [40, 70],
        [200, 70],
        [200, 170],
        [40, 170],
      ],
    ]);
    const before = rasterizePath(previous.path, previous.bbox, W, H);
    const mask = await answerMask({ image, object: 'thing', spatialRefs: [[240 / W, 120 / H]], previous });
    let removed = 0,
      added = 0;
    for (let y = 0; y < H; y++)
      for (let x = 0; x < W; x++) {
        const p = y * W + x;
        if (before[p] && !mask[p]) removed++;
        if (inRect(x + 0.5, y + 0.5, right) && mask[p]) added++;
      }
    expect(removed).toBeLessThan(40); // the outline may move by a pixel here and there
    expect(added).toBeGreaterThan(0.9 * 80 * 100);
  });

  it('an exclude click in an answer that fills its whole crop takes out its region, not all', async () => {
    // The box is the image and the previous answer took all of it: the click's region has no
    // outline inside the crop, so the crop's edge bounds it (it used to seed the whole crop,
    // and the request failed with "nothing left").
    const image = paint((x, y) => (inDisc(x, y, 100, 120, 70) ? red : grey));
    const object = maskOf((x, y) => inDisc(x, y, 100, 120, 70));
    const nearClick = maskOf((x, y) => inDisc(x, y, 250, 120, 30));
    const whole: [number, number][] = [
      [0, 0],
      [W, 0],
      [W, H],
      [0, H],
    ];
    const mask = await answerMask({
      image,
      object: 'thing',
      spatialRefs: [[0, 0, 1, 1]],
      negativeRefs: [[250 / W, 120 / H]],
      previous: previousOf([whole]),
    });
    let kept = 0,
      leftNearClick = 0,
      area = 0;
    for (let p = 0; p < W * H; p++) {
      kept += mask[p]! & object[p]!;
      leftNearClick += mask[p]! & nearClick[p]!;
      area += mask[p]!;
    }
    expect(kept).toBeGreaterThan(0.98 * object.reduce((a, v) => a + v, 0));
    expect(leftNearClick).toBe(0);
    expect(area).toBeLessThan(0.8 * W * H);
  });

  it('an include click may add anything inside the box, not only near the previous answer', async () => {
    // A long red bar in its box; the previous answer has its left end only. One click in the
    // middle asks for the rest, which runs on well past the previous answer's box and margin
    // (the correction's crop used to end there).
    const inBar = (x: number, y: number) => x >= 20 && x <= 300 && y >= 100 && y <= 140;
    const image = paint((x, y) => (inBar(x, y) ? red : grey));
    const bar = maskOf(inBar);
    const end: [number, number][] = [
      [20, 100],
      [80, 100],
      [80, 140],
      [20, 140],
    ];
    const mask = await answerMask({
      image,
      object: 'thing',
      spatialRefs: [
        [10 / W, 90 / H, 310 / W, 150 / H],
        [150 / W, 120 / H],
      ],
      previous: previousOf([end]),
    });
    let covered = 0;
    for (let p = 0; p < W * H; p++) covered += mask[p]! & bar[p]!;
    expect(covered).toBeGreaterThan(0.97 * bar.reduce((a, v) => a + v, 0));
  });
});

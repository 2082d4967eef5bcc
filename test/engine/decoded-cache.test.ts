import { describe, expect, it, vi } from 'vitest';
import { createLocalSegmenter } from '../../src/engine/index';
import { dataUrlOf, rectanglePng } from '../helpers/fixtures';

// Count real decodes.
const decodes = vi.hoisted(() => ({ count: 0 }));
vi.mock('../../src/image/decode', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../src/image/decode')>();
  return {
    ...actual,
    imageToPixels: (...args: Parameters<typeof actual.imageToPixels>) => (
      decodes.count++,
      actual.imageToPixels(...args)
    ),
  };
});

describe('the engine decodes each image once per thread', () => {
  const engine = createLocalSegmenter({ worker: false, detector: false, model: false });
  const prompt = (image: Uint8Array | string, x: number) =>
    engine.segment({ image, object: 'box', spatialRefs: [[x, 0.2, 0.8, 0.8]] });

  it('the same bytes (a new copy each time, as from HTTP) decode once; other bytes decode again', async () => {
    const png = await rectanglePng(160, 120, [40, 30, 120, 90]);
    const before = decodes.count;
    await prompt(png.slice(), 0.2);
    await prompt(png.slice(), 0.21);
    await prompt(png.slice(), 0.22);
    expect(decodes.count - before).toBe(1);
    const other = await rectanglePng(160, 120, [40, 30, 121, 90]); // one column differs
    await prompt(other, 0.2);
    expect(decodes.count - before).toBe(2);
  });

  it('a URL or data URL decodes once', async () => {
    const url = dataUrlOf(await rectanglePng(160, 120, [30, 30, 120, 90]));
    const before = decodes.count;
    await prompt(url, 0.15);
    await prompt(url, 0.16);
    expect(decodes.count - before).toBe(1);
  });
});

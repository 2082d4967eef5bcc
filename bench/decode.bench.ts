/**
 * 12 MP JPEG to pixels ready for the engine (≤ 1.5 MP): `npm run bench:decode [-- file.jpg]`.
 * Without a file, a 4000×3000 photo is made once from a dev image (upscaled, with sensor-like
 * noise so it carries a camera's entropy) and kept in the OS temp folder, never in the repo.
 * Compares the candidates behind the choice in src/image/jpeg-turbo.ts.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jpeg from 'jpeg-js';
import { imageToPixels } from '../src/index';
import { decodeJpegScaled } from '../src/image/jpeg-turbo';
import { fitPixels, resizePixels } from '../src/image/pixels';
import { benchArgs, finishBench } from './bench-report';
import { measureAsync, printTable } from './bench-utils';

const ENGINE_PIXELS = 1_500_000;

function makePhoto(path: string): void {
  const source = readFileSync(
    new URL('../../shared/data/dev/images/coco-airplane02_000000272136.jpg', import.meta.url),
  );
  const src = jpeg.decode(source, { useTArray: true });
  const up = resizeBilinear(src, 4000, 3000);
  let seed = 1;
  for (let i = 0; i < up.length; i++) {
    if (i % 4 === 3) continue;
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    up[i] = Math.max(0, Math.min(255, up[i]! + ((seed >>> 24) / 255 - 0.5) * 12));
  }
  writeFileSync(path, jpeg.encode({ data: up, width: 4000, height: 3000 }, 90).data);
}

function resizeBilinear(src: { data: Uint8Array; width: number; height: number }, w: number, h: number) {
  const out = new Uint8Array(w * h * 4);
  for (let y = 0; y < h; y++) {
    const fy = Math.max(0, ((y + 0.5) * src.height) / h - 0.5);
    const y0 = Math.min(src.height - 1, Math.floor(fy));
    const y1 = Math.min(src.height - 1, y0 + 1);
    const wy = fy - y0;
    for (let x = 0; x < w; x++) {
      const fx = Math.max(0, ((x + 0.5) * src.width) / w - 0.5);
      const x0 = Math.min(src.width - 1, Math.floor(fx));
      const x1 = Math.min(src.width - 1, x0 + 1);
      const wx = fx - x0;
      for (let c = 0; c < 4; c++) {
        const p = (yy: number, xx: number) => src.data[(yy * src.width + xx) * 4 + c]!;
        out[(y * w + x) * 4 + c] =
          (p(y0, x0) * (1 - wx) + p(y0, x1) * wx) * (1 - wy) + (p(y1, x0) * (1 - wx) + p(y1, x1) * wx) * wy;
      }
    }
  }
  return out;
}

const toEngineSize = (p: { data: Uint8Array | Uint8ClampedArray; width: number; height: number }) => {
  const size = fitPixels(p.width, p.height, ENGINE_PIXELS);
  return resizePixels(p, size.width, size.height);
};

async function main(): Promise<void> {
  let file = benchArgs()[0];
  if (!file) {
    file = join(tmpdir(), 'segmask-bench-photo-4000x3000.jpg');
    if (!existsSync(file)) makePhoto(file);
  }
  const bytes = new Uint8Array(readFileSync(file));
  const rows: (string | number)[][] = [['decoder, to ≤ 1.5 MP pixels', 'median ms']];
  const time = async (label: string, fn: () => Promise<unknown>, runs: number) =>
    rows.push([label, (await measureAsync(async () => void (await fn()), runs, 1)).toFixed(0)]);
  await time(
    'jpeg-js (full size) + box filter',
    async () =>
      toEngineSize(jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true, maxMemoryUsageInMB: 1024 })),
    3,
  );
  await time(
    'libjpeg-turbo wasm, full size + box filter',
    async () => toEngineSize((await decodeJpegScaled(bytes, Infinity))!),
    5,
  );
  await time(
    'libjpeg-turbo wasm, DCT-scaled + box filter',
    async () => toEngineSize((await decodeJpegScaled(bytes, ENGINE_PIXELS))!),
    9,
  );
  await time(
    'imageToPixels(bytes, 1.5 MP) (what the engine calls)',
    () => imageToPixels(bytes, ENGINE_PIXELS),
    9,
  );
  printTable(`${file} (${(bytes.length / 1e6).toFixed(1)} MB)`, rows);
  await finishBench('decode', 'bench:decode');
}

await main();

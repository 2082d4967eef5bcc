/**
 * The cost of a hostile `previous` (issue 25): `M0 0Q99 99 0 0T` then `0 0 ` 50,000 times, a
 * legal 200,000-character path of 50,000 curves, against an ordinary answer's path:
 * 1. as a correction on the in-process engine (a 128×96 image, one exclude click): CPU ms and
 *    the resident memory it adds, 3 runs each;
 * 2. the attack on `segmask serve` (2 engine threads, 127.0.0.1): 18 hostile corrections
 *    at once, then one ordinary request: wall time, the process's CPU (threads included), peak RSS.
 * `npx tsx bench/hostile-previous.bench.ts`. Bounded: fixed counts, the server stopped at the end.
 */
import { createLocalSegmenter } from '../src/engine/index';
import { maskToPng, rasterizePath } from '../src/index';
import { startServer } from '../src/server/index';

const W = 128,
  H = 96;
const HOSTILE = `M0 0Q99 99 0 0T${'0 0 '.repeat(49_996)}`;
const ORDINARY = 'M0.1 0C0.5 -0.05 0.9 0 1 0.1L1 0.9C0.9 1 0.1 1 0 0.9L0 0.1C0 0.05 0.05 0 0.1 0z';
const bbox = { xMin: 0.3, yMin: 0.3, xMax: 0.7, yMax: 0.7 };

async function square(): Promise<Uint8Array> {
  const mask = new Uint8Array(W * H);
  for (let y = 30; y < 66; y++) for (let x = 40; x < 88; x++) mask[y * W + x] = 1;
  return maskToPng(mask, W, H);
}

function cpuMs(fn: () => unknown): number {
  const t0 = process.cpuUsage();
  fn();
  const d = process.cpuUsage(t0);
  return (d.user + d.system) / 1000;
}

async function main(): Promise<void> {
  const engine = createLocalSegmenter({ worker: false, detector: false });
  const image = await square();
  console.log(`hostile path: ${HOSTILE.length} characters`);
  for (const [name, path] of [
    ['ordinary', ORDINARY],
    ['hostile', HOSTILE],
  ] as const) {
    const raster = [0, 1, 2].map(() => cpuMs(() => rasterizePath(path, bbox, 256, 192)));
    const rss0 = process.memoryUsage().rss;
    const correction: number[] = [];
    for (let i = 0; i < 3; i++) {
      const t0 = process.cpuUsage();
      await engine
        .segment({ image, object: 'box', negativeRefs: [[0.5, 0.5]], previous: { path, bbox } })
        .catch((e: unknown) => i === 0 && console.log(String(e)));
      const d = process.cpuUsage(t0);
      correction.push((d.user + d.system) / 1000);
    }
    const rss = (process.memoryUsage().rss - rss0) / 1e6;
    console.log(
      `${name.padEnd(9)} rasterizePath 256×192: ${raster.map((v) => v.toFixed(0)).join(' / ')} ms CPU; ` +
        `correction: ${correction.map((v) => v.toFixed(0)).join(' / ')} ms CPU; RSS +${rss.toFixed(0)} MB`,
    );
  }
}

/** Part 2: the attack over loopback HTTP. */
async function attack(): Promise<void> {
  const w = 512,
    h = 384,
    mask = new Uint8Array(w * h);
  for (let y = 115; y < 269; y++) for (let x = 154; x < 358; x++) mask[y * w + x] = 1;
  const imageUrl = `data:image/png;base64,${Buffer.from(await maskToPng(mask, w, h)).toString('base64')}`;
  const server = await startServer({ port: 0, threads: 2, maxQueue: 32, log: () => {} });
  const wire = { x_min: bbox.xMin, y_min: bbox.yMin, x_max: bbox.xMax, y_max: bbox.yMax };
  const hostile = JSON.stringify({
    image_url: imageUrl,
    object: 'square',
    negative_refs: [[0.1, 0.1]],
    previous: { path: HOSTILE, bbox: wire },
  });
  const ordinary = JSON.stringify({
    image_url: imageUrl,
    object: 'square',
    spatial_refs: [[0.2, 0.2, 0.8, 0.8]],
  });
  const post = async (body: string) => {
    const response = await fetch(`${server.url}/segment`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body,
    });
    await response.text();
    return response.status;
  };
  let peak = 0;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const statuses = await Promise.all(Array.from({ length: 18 }, () => post(hostile)));
  const t1 = performance.now();
  const status = await post(ordinary);
  const t2 = performance.now();
  const cpu = process.cpuUsage(c0);
  clearInterval(timer);
  console.log(
    `segmask serve, 18 hostile corrections at once: ${(t1 - t0).toFixed(0)} ms (status ${[...new Set(statuses)].join(', ')}); ` +
      `then an ordinary request: ${status} in ${(t2 - t1).toFixed(0)} ms; CPU ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms; ` +
      `peak RSS ${(peak / 1e6).toFixed(0)} MB`,
  );
  await server.close();
}

void main().then(attack);

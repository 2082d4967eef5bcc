/**
 * Core benchmarks: `npm run bench`. Prints medians on this machine; never asserted in tests.
 */
import {
  PathParser,
  type PathCommand,
  decodeSegmentStream,
  maskToCocoRle,
  parsePath,
  rasterizePath,
  rasterizeRings,
} from '../src/index';
import { finishBench } from './bench-report';
import { measure, measureAsync, printTable, refinedLikePath } from './bench-utils';

function coarseChunks(count: number): string[] {
  const chunks = ['M 0.5 0.02'];
  for (let i = 1; i < count; i++) {
    const a = (i / count) * 2 * Math.PI;
    const p = (d: number) =>
      `${(0.5 + 0.48 * Math.cos(a + d)).toFixed(3)} ${(0.5 + 0.48 * Math.sin(a + d)).toFixed(3)}`;
    chunks.push(i % 3 === 0 ? ` L ${p(0)}` : ` C ${p(-0.01)} ${p(-0.005)} ${p(0)}`);
  }
  chunks.push(' z');
  return chunks;
}

async function benchDecoder(): Promise<number> {
  const events: string[] = [
    'data: {"type": "bbox", "bbox": {"x_min": 0.1, "y_min": 0.2, "x_max": 0.6, "y_max": 0.9}}\n\n',
  ];
  const chunks = coarseChunks(400);
  while (events.join('').length < 8_000_000) {
    for (const [i, chunk] of chunks.entries())
      events.push(
        `data: {"type": "path_delta", "chunk": "${chunk}", "completed": false, "token_index": ${i}}\n\n`,
      );
  }
  events.push(
    `data: {"type": "final", "chunk": "", "completed": true, "path": "${refinedLikePath(100)}", "bbox": {"x_min": 0.1, "y_min": 0.2, "x_max": 0.6, "y_max": 0.9}}\n\n`,
  );
  const bytes = new TextEncoder().encode(events.join(''));
  // Network-sized pieces (16 KiB), cut anywhere.
  const pieces: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; i += 16_384) pieces.push(bytes.subarray(i, i + 16_384));
  const ms = await measureAsync(
    async () => {
      let i = 0;
      const body = new ReadableStream<Uint8Array>({
        pull(c) {
          if (i < pieces.length) c.enqueue(pieces[i++]!);
          else c.close();
        },
      });
      let n = 0;
      for await (const _ of decodeSegmentStream(body)) n++;
      if (n < 1000) throw new Error('decoder lost events');
    },
    9,
    4,
  );
  return bytes.length / 1e6 / (ms / 1000);
}

function benchIncremental(): number {
  const chunks = coarseChunks(400);
  const ms = measure(
    () => {
      const parser = new PathParser();
      const out: PathCommand[] = [];
      for (const chunk of chunks) parser.push(chunk, out);
      parser.end(out);
    },
    200,
    20,
  );
  return (ms * 1000) / chunks.length;
}

/** A hostile outline: `count` points, every edge spanning most rows (1e6 took 110 s before). */
function benchManyCrossings(count: number): number {
  const ring = new Float64Array(count * 2);
  let seed = 7;
  for (let i = 0; i < ring.length; i++) {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    ring[i] = (seed / 2 ** 32) * 1000;
  }
  return measure(() => void rasterizeRings([ring], 1000, 1000), 3, 1);
}

async function main() {
  const decoderMBs = await benchDecoder();
  const perChunkUs = benchIncremental();
  const refined = refinedLikePath(150);
  const commands = parsePath(refined);
  const bbox = { xMin: 0.1, yMin: 0.1, xMax: 0.9, yMax: 0.9 };
  const rasterMs = measure(() => void rasterizePath(commands, bbox, 1024, 1024), 50, 10);
  const parseAndRasterMs = measure(() => void rasterizePath(refined, bbox, 1024, 1024), 50, 10);
  const mask = rasterizePath(refined, { xMin: 0.2, yMin: 0.1, xMax: 0.7, yMax: 0.95 }, 1920, 1080);
  const rleMs = measure(() => void maskToCocoRle(mask, 1920, 1080), 50, 10);
  const hostileMs = benchManyCrossings(1_000_000);

  printTable(`segmask core benchmarks (node ${process.version}, ${new Date().toISOString().slice(0, 10)})`, [
    ['measure', 'result', 'target'],
    ['SSE decoder throughput (8 MB stream, 16 KiB chunks)', `${decoderMBs.toFixed(0)} MB/s`, '>= 100 MB/s'],
    ['incremental path parse, per chunk (400-chunk stream)', `${perChunkUs.toFixed(2)} us`, '<= 20 us'],
    [
      `rasterize refined path (${commands.length} commands) at 1024x1024`,
      `${rasterMs.toFixed(2)} ms`,
      '<= 5 ms',
    ],
    ['  same, including parsing the path string', `${parseAndRasterMs.toFixed(2)} ms`, ''],
    ['COCO RLE encode of a 1920x1080 mask', `${rleMs.toFixed(2)} ms`, '<= 5 ms'],
    [
      'rasterize 1e6 random points at 1000x1000 (~3e8 edge-row crossings)',
      `${hostileMs.toFixed(0)} ms`,
      'bounded by crossings',
    ],
  ]);
  await finishBench('core', 'bench');
}

void main();

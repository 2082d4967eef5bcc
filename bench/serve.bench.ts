/**
 * `segmask serve` with a large photo sent again and again (as a canvas or client re-sends the
 * image with each prompt): time to the first event (bbox) and to final per request, over HTTP.
 * `npm run bench:serve`. The photo is the story's astronaut scaled to 4000×3000 (12 MP JPEG).
 */
import { readFileSync } from 'node:fs';
import jpeg from 'jpeg-js';
import { decodeSegmentStream } from '../src/index';
import { startServer } from '../src/server/index';
import { finishBench } from './bench-report';
import { printTable } from './bench-utils';

function bigJpeg(): Buffer {
  const source = jpeg.decode(readFileSync('stories/assets/astronaut.jpg'), { useTArray: true });
  const W = 4000,
    H = 3000,
    data = new Uint8Array(W * H * 4);
  for (let y = 0; y < H; y++)
    for (let x = 0; x < W; x++) {
      const i = (y * W + x) * 4,
        j = (Math.floor((y * source.height) / H) * source.width + Math.floor((x * source.width) / W)) * 4;
      data[i] = source.data[j]!;
      data[i + 1] = source.data[j + 1]!;
      data[i + 2] = source.data[j + 2]!;
      data[i + 3] = 255;
    }
  return jpeg.encode({ data, width: W, height: H }, 85).data;
}

async function main() {
  const image = `data:image/jpeg;base64,${bigJpeg().toString('base64')}`;
  const running = await startServer({ port: 0, threads: 1, log: () => {} });
  const table: (string | number)[][] = [['request', 'bbox ms', 'final ms']];
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    const times: Record<string, number> = {};
    const response = await fetch(`${running.url}/segment`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        image_url: image,
        object: 'astronaut',
        stream: true,
        spatial_refs: [[0.03 + i * 0.01, 0.02, 0.72, 0.99]],
      }),
    });
    for await (const event of decodeSegmentStream(response.body!))
      times[event.type] ??= performance.now() - t0;
    table.push([i === 0 ? '1 (decodes)' : String(i + 1), times.bbox!.toFixed(0), times.final!.toFixed(0)]);
  }
  printTable(
    `segmask serve, one engine thread, a ${(image.length / 1e6).toFixed(1)} MB data URL (4000×3000 JPEG), box prompts shifted each time`,
    table,
  );
  await running.close();
  await finishBench('serve', 'bench:serve');
}

await main();

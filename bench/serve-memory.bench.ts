/**
 * `segmask serve`'s memory with the learned tier: `npm run bench:serve-memory`.
 *
 * The server (bench/serve-child.ts, its own process, 2 engine threads, the default tier) gets 40
 * different dev-set photos, 8 streams at once (box prompts), then the same 40 again (cached
 * embeddings); its resident memory is read from /proc after each round, with the peak (VmHWM).
 * The embedding cache is bounded per thread (64 MB by default), so the second round must not grow.
 * The server has serve's malloc setting and V8 flags (src/cli/process-tuning.ts); BENCH_MALLOC=default
 * runs it with glibc's defaults instead, BENCH_V8=default with V8's, for the comparison.
 */
import { fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeSegmentStream } from '../src/index';
import { DEV_DIR, hasDevData, loadManifest } from '../test/helpers/dev-set';
import { serveProcess } from './serve-env';
import { finishBench } from './bench-report';
import { printTable } from './bench-utils';

const IMAGES = 40;
const STREAMS = 8;

function memory(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)![1]) * 1024;
  return { rss: kb('VmRSS'), peak: kb('VmHWM') };
}

async function stream(url: string, body: string): Promise<string | undefined> {
  const response = await fetch(`${url}/segment`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body,
  });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  let engine: string | undefined;
  for await (const event of decodeSegmentStream(response.body!))
    if (event.type === 'final') engine = event.engine;
  return engine;
}

async function main() {
  if (!hasDevData) {
    console.log('bench:serve-memory: ../shared/data/dev is absent; nothing to measure.');
    return;
  }
  const bodies = loadManifest()
    .slice(0, IMAGES)
    .map((item) =>
      JSON.stringify({
        image_url: `data:image/jpeg;base64,${readFileSync(join(DEV_DIR, item.image)).toString('base64')}`,
        object: item.label,
        spatial_refs: [item.box],
        stream: true,
      }),
    );
  const { env, execArgv } = serveProcess();
  const child = fork('bench/serve-child.ts', { execArgv: ['--import', 'tsx', ...execArgv], env });
  process.on('exit', () => child.kill('SIGKILL'));
  const url = await new Promise<string>((resolve) =>
    child.once('message', (m: { url: string }) => resolve(m.url)),
  );
  const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MB`;
  const rows: (string | number)[][] = [['after', 'engines', 'RSS', 'peak RSS (VmHWM)']];
  rows.push(['start (threads warm)', '—', mb(memory(child.pid!).rss), mb(memory(child.pid!).peak)]);
  for (const round of ['40 photos, 8 streams at once', 'the same 40 again']) {
    const engines = new Set<string>();
    let next = 0;
    await Promise.all(
      Array.from({ length: STREAMS }, async () => {
        while (next < bodies.length) engines.add((await stream(url, bodies[next++]!)) ?? '?');
      }),
    );
    const m = memory(child.pid!);
    rows.push([round, [...engines].join(', '), mb(m.rss), mb(m.peak)]);
  }
  child.send('stop');
  const settings = Object.entries(env).filter(([name]) => name.startsWith('MALLOC_'));
  const malloc = settings.length
    ? settings.map(([name, value]) => `${name}=${value}`).join(' ')
    : "glibc's default malloc settings";
  const v8 = execArgv.length ? execArgv.join(' ') : "V8's defaults";
  printTable(
    `segmask serve (2 engine threads, default tier, ${malloc}, ${v8}) memory, node ${process.version}`,
    rows,
  );
  await finishBench('serve-memory', 'bench:serve-memory');
}

await main();

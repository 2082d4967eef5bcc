/**
 * `segmask serve`'s memory with the learned tier: `npm run bench:serve-memory`.
 *
 * It runs the command users run, from the build (`npm run build` first; the bench builds when
 * dist/cli.js is missing): `node bin/segmask.js serve --port 0 --threads 2` (the package's bin), the default tier, with
 * whatever the CLI adds to its own process (on Linux it runs itself again with its malloc
 * setting and V8 flags, src/cli/process-tuning.ts; a `MALLOC_*` variable set here is passed on and
 * left alone, e.g. `MALLOC_MMAP_THRESHOLD_=131072 npm run bench:serve-memory`). The server gets
 * 40 different dev-set photos, 8 streams at once (box prompts), then the same 40 again (cached
 * embeddings); the server's resident memory and its peak (VmHWM) are read from /proc after each
 * round, and the whole command's (the server and the launcher that waits for it) as the sum of
 * their RSS and of their PSS. The embedding
 * cache is bounded (64 MB by default, divided among the threads), so the second round must not grow.
 */
import { execSync, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeSegmentStream } from '../src/index';
import { DEV_DIR, hasDevData, loadManifest } from '../test/helpers/dev-set';
import { processTree } from '../test/helpers/process-tree';
import { finishBench } from './bench-report';
import { printTable } from './bench-utils';

const IMAGES = 40;
const STREAMS = 8;

function memory(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)![1]) * 1024;
  return { rss: kb('VmRSS'), peak: kb('VmHWM') };
}

/**
 * Proportional set size: a page shared by n processes counts 1/n in each (the node binary's
 * code, mapped by the launcher and the server alike), so the sum over processes is what the
 * command costs the machine; RSS would count shared pages once per process.
 */
function pss(pid: number): number {
  return Number(/^Pss:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'))![1]) * 1024;
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
  if (!existsSync('dist/cli.js')) execSync('npm run build', { stdio: 'inherit' });
  const cli = spawn(process.execPath, ['bin/segmask.js', 'serve', '--port', '0', '--threads', '2'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  process.on('exit', () => cli.kill('SIGKILL'));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    cli.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const serving = /serving (\S+)\/segment/.exec(out);
      if (serving) resolve(serving[1]!);
    });
    cli.once('exit', (code) => reject(new Error(`segmask serve exited (${code}) before serving`)));
  });
  const tree = processTree(cli.pid!);
  const total = () => ({
    rss: tree.reduce((sum, pid) => sum + memory(pid).rss, 0),
    pss: tree.reduce((sum, pid) => sum + pss(pid), 0),
  });
  const server = tree.at(-1)!;
  const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MB`;
  const rows: (string | number)[][] = [
    ['after', 'engines', 'server RSS', 'server peak (VmHWM)', 'whole command: RSS sum', 'PSS sum'],
  ];
  const row = (after: string, engines: string) =>
    rows.push([
      after,
      engines,
      mb(memory(server).rss),
      mb(memory(server).peak),
      mb(total().rss),
      mb(total().pss),
    ]);
  row('start (threads warm)', '—');
  for (const round of ['40 photos, 8 streams at once', 'the same 40 again']) {
    const engines = new Set<string>();
    let next = 0;
    await Promise.all(
      Array.from({ length: STREAMS }, async () => {
        while (next < bodies.length) engines.add((await stream(url, bodies[next++]!)) ?? '?');
      }),
    );
    row(round, [...engines].join(', '));
  }
  const environ = readFileSync(`/proc/${server}/environ`, 'utf8').split('\0');
  const flags = readFileSync(`/proc/${server}/cmdline`, 'utf8')
    .split('\0')
    .filter((arg) => arg.startsWith('--') && !['--port', '--threads'].includes(arg));
  const malloc =
    environ.filter((v) => v.startsWith('MALLOC_')).join(' ') || "glibc's default malloc settings";
  cli.kill('SIGTERM');
  printTable(
    `segmask serve (bin/segmask.js from dist, 2 engine threads, default tier; ${tree.length} processes; the server with ${malloc}, ${flags.join(' ') || "V8's defaults"}) memory, node ${process.version}`,
    rows,
  );
  await finishBench('serve-memory', 'bench:serve-memory');
}

await main();

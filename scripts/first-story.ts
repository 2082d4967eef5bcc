/**
 * How long `npm start` takes to show an interactive first story, as a visitor sees it: starts
 * `storybook dev` on a free port (optionally with Vite's dependency cache cleared, as on a fresh
 * clone), opens the manager in Chromium and times, from navigation start:
 *   - canvas: the first story's <SegmentCanvas> has its photo decoded (clicks are accepted);
 *   - answer: a click on the photo comes back refined (the engine's worker has started).
 * It also prints every page error and console error of the manager and the preview.
 *
 *   npx tsx scripts/first-story.ts [--static] [--cold] [--runs N] [--trace] [--log]
 *
 * --static serves the static build (storybook-static) instead of starting the dev server.
 * --iframe opens the story's own page (iframe.html) without Storybook's manager around it: the
 * difference to a normal run is what the manager costs.
 */
import { spawn } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import type { Frame } from 'playwright-core';
import { launchChromium } from '../test/helpers/chromium';
import { serveStatic } from '../test/helpers/static-server';

const cold = process.argv.includes('--cold');
const storyArg = process.argv.indexOf('--story');
const story = storyArg > 0 ? process.argv[storyArg + 1] : undefined;
const mode = process.argv.includes('--static') ? 'static' : 'dev';
const iframeOnly = process.argv.includes('--iframe');
const runsArg = process.argv.indexOf('--runs');
const runs = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 1;

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

async function waitForHttp(url: string, timeoutMs: number) {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} did not answer in ${timeoutMs} ms`);
}

async function previewFrame(page: import('playwright-core').Page): Promise<Frame> {
  for (;;) {
    const frame = page.frames().find((f) => f.url().includes('iframe.html'));
    if (frame) return frame;
    await page.waitForTimeout(20);
  }
}

interface Server {
  url: string;
  log(): string;
  close(): Promise<void>;
}

/** `storybook dev` on a free port, as `npm run storybook` starts it. */
async function startDev(): Promise<Server> {
  if (cold) {
    // Vite's pre-bundled dependencies (Storybook keeps them here): gone on a fresh clone.
    rmSync('node_modules/.cache/storybook', { recursive: true, force: true });
    rmSync('node_modules/.vite', { recursive: true, force: true });
  }
  const port = await freePort();
  const child = spawn(
    'npx',
    ['storybook', 'dev', '-p', String(port), '--host', '127.0.0.1', '--no-open', '--ci', '--quiet'],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
      env: { ...process.env, STORYBOOK_DISABLE_TELEMETRY: '1' },
    },
  );
  let log = '';
  child.stdout.on('data', (d) => (log += d));
  child.stderr.on('data', (d) => (log += d));
  const url = `http://127.0.0.1:${port}`;
  await waitForHttp(`${url}/index.json`, 180_000);
  return {
    url,
    log: () => log,
    close: async () => {
      if (child.pid) process.kill(-child.pid, 'SIGTERM');
    },
  };
}

/** The static build (`npm run build-storybook`), served as files. */
async function startStatic(): Promise<Server> {
  if (!existsSync('storybook-static/index.json')) throw new Error('run `npm run build-storybook` first');
  const server = await serveStatic('storybook-static');
  return { ...server, log: () => '' };
}

async function main() {
  const started = Date.now();
  const server = mode === 'static' ? await startStatic() : await startDev();
  const { url } = server;
  console.log(`${mode} server up: ${Date.now() - started} ms`);
  const browser = await launchChromium();
  try {
    for (let run = 0; run < runs; run++) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
      page.on('console', (m) => {
        if (m.type() === 'error' || m.type() === 'warning')
          errors.push(`${m.type()}: ${m.text().slice(0, 300)}`);
      });
      const t0 = Date.now();
      const trace = process.argv.includes('--trace');
      const requests: string[] = [];
      page.on('request', (r) => {
        if (trace && r.isNavigationRequest())
          requests.push(`${Date.now() - t0}ms NAVIGATION REQUEST ${r.url().replace(url, '')}`);
      });
      page.on('requestfinished', (r) => {
        if (trace) requests.push(`${Date.now() - t0}ms ${r.url().replace(url, '')}`);
      });
      page.on('framenavigated', (f) => {
        if (trace) requests.push(`${Date.now() - t0}ms NAVIGATED ${f.url().replace(url, '')}`);
      });
      page.on('console', (m) => {
        if (trace && m.text().includes('[vite]')) requests.push(`${Date.now() - t0}ms ${m.text()}`);
      });
      const cdp = await context.newCDPSession(page);
      await cdp.send('Performance.enable');
      // The default is what `npm start` opens: the manager picks the first story.
      if (iframeOnly)
        await page.goto(`${url}/iframe.html?id=${story ?? 'playground--default'}&viewMode=story`);
      else await page.goto(story ? `${url}/?path=/story/${story}` : url);
      const frame = iframeOnly ? page.mainFrame() : await previewFrame(page);
      await frame.waitForFunction(
        () =>
          (document.querySelector('[data-segmask-canvas] img') as HTMLImageElement | null)?.complete === true,
        undefined,
        { timeout: 120_000, polling: 50 },
      );
      const canvasMs = Date.now() - t0;
      // The renderer's own busy time: wall time minus this is waiting (network, other processes).
      const { metrics } = await cdp.send('Performance.getMetrics');
      const metric = (name: string) => Math.round((metrics.find((m) => m.name === name)?.value ?? 0) * 1000);
      const svg = frame.locator('[data-segmask-canvas] svg').first();
      const box = (await svg.boundingBox())!;
      const t1 = Date.now();
      await page.mouse.click(box.x + box.width * 0.5, box.y + box.height * 0.5);
      await frame.waitForSelector('[data-segmask-canvas][data-status="refined"]', { timeout: 120_000 });
      const answerMs = Date.now() - t0;
      const opened = new URL(frame.url()).searchParams.get('id');
      console.log(
        `run ${run + 1}${cold && run === 0 ? ' (cold)' : ''}: story ${opened}; canvas interactive ${canvasMs} ms; ` +
          `click → refined ${Date.now() - t1} ms; page load → refined ${answerMs} ms ` +
          `(renderer main thread busy until interactive: tasks ${metric('TaskDuration')} ms, ` +
          `script ${metric('ScriptDuration')} ms)`,
      );
      await page.waitForTimeout(1500); // late errors (the UniversalStore timeout fires after 1 s)
      for (const e of errors) console.log(`  ${e}`);
      if (trace) console.log(`  ${requests.length} requests:\n  ${requests.join('\n  ')}`);
      await context.close();
    }
  } finally {
    await browser.close();
    await server.close();
    if (process.argv.includes('--log')) console.log(server.log());
  }
}

await main();

/**
 * The offline engine's Web Worker in Debian's Chromium, served from source by Vite's dev server:
 * dispose() really terminates the worker, and a later request starts a new one.
 */
import type { Browser, Page, Worker as PageWorker } from 'playwright-core';
import { createServer, type ViteDevServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_PATH, launchChromium } from '../helpers/chromium';
import { dataUrlOf, rectanglePng } from '../helpers/fixtures';

let vite: ViteDevServer;
let browser: Browser;
let page: Page;
const workers: { worker: PageWorker; closed: boolean }[] = [];

beforeAll(async () => {
  if (!CHROMIUM_PATH) return;
  vite = await createServer({
    configFile: false,
    root: process.cwd(),
    logLevel: 'error',
    server: { host: '127.0.0.1', port: 0, hmr: false },
    optimizeDeps: { noDiscovery: true, include: [] },
  });
  await vite.listen();
  browser = await launchChromium();
  page = await browser.newPage();
  page.on('worker', (worker) => {
    const entry = { worker, closed: false };
    workers.push(entry);
    worker.on('close', () => (entry.closed = true));
  });
  await page.goto(`${vite.resolvedUrls!.local[0]}test/browser/engine-page/index.html`);
  await page.waitForFunction(() => (window as unknown as { engineReady?: boolean }).engineReady);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await vite?.close();
});

describe.skipIf(!CHROMIUM_PATH)('the engine in a real Web Worker (Chromium)', () => {
  it('segments in a worker; dispose() terminates it; a later request starts a new one', async () => {
    const image = dataUrlOf(await rectanglePng(160, 120, [40, 30, 120, 90]));
    const first = await page.evaluate(async (image) => {
      type Engine = { segment(r: object): Promise<{ bbox: { xMin: number } }>; dispose(): void };
      const w = window as unknown as { createLocalSegmenter(o: object): Engine; engine: Engine };
      w.engine = w.createLocalSegmenter({ detector: false });
      const result = await w.engine.segment({ image, object: 'box', spatialRefs: [[0.2, 0.2, 0.8, 0.8]] });
      return result.bbox.xMin;
    }, image);
    expect(first).toBeCloseTo(0.25, 1);
    expect(workers).toHaveLength(1);
    expect(workers[0]!.closed).toBe(false);

    await page.evaluate(() => (window as unknown as { engine: { dispose(): void } }).engine.dispose());
    await expect.poll(() => workers[0]!.closed, { timeout: 10_000 }).toBe(true);

    const again = await page.evaluate(async (image) => {
      const w = window as unknown as {
        engine: { segment(r: object): Promise<{ bbox: { xMin: number } }>; dispose(): void };
      };
      const result = await w.engine.segment({ image, object: 'box', spatialRefs: [[0.2, 0.2, 0.8, 0.8]] });
      w.engine.dispose();
      return result.bbox.xMin;
    }, image);
    expect(again).toBeCloseTo(0.25, 1);
    expect(workers).toHaveLength(2);
    await expect.poll(() => workers[1]!.closed, { timeout: 10_000 }).toBe(true);
  }, 120_000);
});

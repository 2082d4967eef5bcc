/**
 * The canvas's previews in Debian's Chromium, from source (Vite's dev server), over the offline
 * engine in its Web Worker: the hover layer, its absence from undo history and from the results,
 * the drag preview; and a hybrid segmenter's stages over a real segmask handler the test holds.
 */
import type { Browser, Page } from 'playwright-core';
import { createServer, type ViteDevServer } from 'vite';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_PATH, launchChromium } from '../helpers/chromium';
import { startSlowedEngineServer, type SlowedEngineServer } from '../helpers/slowed-engine-server';

let vite: ViteDevServer;
let browser: Browser;
let base: string;
let held: SlowedEngineServer | undefined;

beforeAll(async () => {
  if (!CHROMIUM_PATH) return;
  vite = await createServer({
    configFile: false,
    root: process.cwd(),
    logLevel: 'error',
    server: { host: '127.0.0.1', port: 0, hmr: false },
    optimizeDeps: {
      noDiscovery: true,
      include: [
        'react',
        'react-dom',
        'react-dom/client',
        'react/jsx-runtime',
        'react/jsx-dev-runtime',
        '@tanstack/react-query',
        'zustand',
        'zustand/vanilla',
      ],
    },
  });
  await vite.listen();
  base = `${vite.resolvedUrls!.local[0]}test/browser/canvas-page/index.html`;
  browser = await launchChromium();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await vite?.close();
});
afterEach(async () => {
  await held?.close();
  held = undefined;
});

async function open(query = ''): Promise<{ page: Page; at: (fx: number, fy: number) => [number, number] }> {
  const page = await browser.newPage({ viewport: { width: 800, height: 700 } });
  page.on('pageerror', (e) => console.error('page error:', e.message));
  await page.goto(`${base}${query}`);
  await page.waitForSelector('[data-segmask-canvas][data-prepared="true"]', { timeout: 60_000 });
  const box = (await page.locator('[data-segmask-canvas] svg').first().boundingBox())!;
  const at = (fx: number, fy: number): [number, number] => [box.x + box.width * fx, box.y + box.height * fy];
  return { page, at };
}

const preview = '[data-segmask-preview]';
const evaluate = <T>(page: Page, name: 'refChanges' | 'results') =>
  page.evaluate((name) => (window as unknown as Record<string, T[]>)[name]!, name);
/** Whether the preview mask covers the screen point, by the browser's own hit test. */
const previewCovers = (page: Page, [x, y]: [number, number]) =>
  page.evaluate(
    ([x, y]) => {
      const path = document.querySelectorAll<SVGPathElement>('[data-segmask-preview] path')[1]!;
      return path.isPointInFill(new DOMPoint(x, y).matrixTransform(path.getScreenCTM()!.inverse()));
    },
    [x, y] as const,
  );

describe.skipIf(!CHROMIUM_PATH)('canvas previews in Chromium (offline engine in its worker)', () => {
  it('the mouse over the photo shows the mask a click would give; it leaves no ref, no history, no result', async () => {
    const { page, at } = await open();
    await page.mouse.move(...at(0.5, 0.5));
    await page.waitForSelector(preview, { timeout: 30_000 });
    expect(await previewCovers(page, at(0.4, 0.4))).toBe(true); // the rectangle, not the ground
    expect(await previewCovers(page, at(0.1, 0.1))).toBe(false);
    expect(await page.getAttribute('[data-segmask-canvas]', 'data-status')).toBe('idle');
    expect(await page.locator('[data-segmask-ref]').count()).toBe(0);
    await page.focus('[data-segmask-canvas]');
    await page.keyboard.press('Control+z');
    expect(await evaluate(page, 'refChanges')).toEqual([]);
    expect(await evaluate(page, 'results')).toEqual([]);
    // Leaving the photo takes it away.
    await page.mouse.move(790, 690);
    await page.waitForSelector(preview, { state: 'detached' });
    // A click is one undo step; the preview after it is not another.
    await page.mouse.click(...at(0.5, 0.5));
    await page.waitForSelector('[data-segmask-canvas][data-status="refined"]', { timeout: 30_000 });
    await page.mouse.move(...at(0.12, 0.5)); // the ground left of it (the mode toggle is at the top left)
    await page.waitForSelector(preview, { timeout: 30_000 });
    expect(await page.locator('[data-segmask-ref]').count()).toBe(1);
    await page.keyboard.press('Control+z');
    expect(await page.locator('[data-segmask-ref]').count()).toBe(0);
    expect((await evaluate<unknown[]>(page, 'refChanges')).at(-1)).toEqual([]);
    expect(await evaluate(page, 'results')).toHaveLength(1);
    await page.close();
  }, 120_000);

  it('a sweep of the pointer: one request in flight at most, the last position asked last, none left running', async () => {
    const { page, at } = await open();
    await page.mouse.move(...at(0.3, 0.35));
    await page.waitForSelector(preview, { timeout: 30_000 });
    await page.evaluate(() => {
      const w = window as unknown as { asked: { started: number; maxActive: number } };
      w.asked.started = 0;
      w.asked.maxActive = 0;
    });
    await page.mouse.move(...at(0.7, 0.65), { steps: 30 });
    type Asked = { started: number; active: number; maxActive: number; last: { spatialRefs: number[][] } };
    const asked = () => page.evaluate(() => (window as unknown as { asked: Asked }).asked);
    await expect.poll(async () => (await asked()).active, { timeout: 30_000 }).toBe(0);
    const after = await asked();
    expect(after.maxActive).toBe(1);
    expect(after.started).toBeGreaterThan(0);
    expect(after.started).toBeLessThan(30); // positions passed while one ran were never asked
    const [x, y] = after.last.spatialRefs.at(-1)!;
    expect(x).toBeCloseTo(0.7, 2);
    expect(y).toBeCloseTo(0.65, 2);
    await page.waitForTimeout(300);
    expect((await asked()).started).toBe(after.started); // nothing asked once the pointer stopped
    await page.close();
  }, 120_000);

  it('a box being dragged shows its mask before the button is released', async () => {
    const { page, at } = await open();
    await page.mouse.move(...at(0.2, 0.2));
    await page.mouse.down();
    await page.mouse.move(...at(0.5, 0.5), { steps: 4 });
    await page.mouse.move(...at(0.8, 0.8), { steps: 4 });
    await page.waitForSelector(preview, { timeout: 30_000 });
    expect(await page.locator('[data-segmask-draft]').count()).toBe(1);
    expect(await page.locator('[data-segmask-ref]').count()).toBe(0); // not committed yet
    expect(await previewCovers(page, at(0.5, 0.5))).toBe(true);
    await page.mouse.up();
    await page.waitForSelector('[data-segmask-canvas][data-status="refined"]', { timeout: 30_000 });
    expect(await page.locator(preview).count()).toBe(0);
    expect(await page.locator('[data-segmask-ref]').count()).toBe(1);
    await page.close();
  }, 120_000);
});

describe.skipIf(!CHROMIUM_PATH)('a hybrid segmenter in Chromium (offline preview, held server final)', () => {
  it("the preview's stage shows before the final's first event, and the final replaces it", async () => {
    held = await startSlowedEngineServer();
    const { page, at } = await open(`?final=${encodeURIComponent(held.url)}`);
    await page.mouse.click(...at(0.5, 0.5));
    await page.waitForSelector('[data-segmask-canvas][data-status="preview"]', { timeout: 30_000 });
    expect(await page.textContent('[data-segmask-status-chip]')).toBe('Preview (offline) · Moondream…');
    expect(await page.locator('[data-segmask-mask][data-stage="preview"]').count()).toBe(1);
    expect(held.seen).toHaveLength(1);
    held.release();
    await page.waitForSelector('[data-segmask-canvas][data-status="refined"]', { timeout: 30_000 });
    expect(await page.locator('[data-segmask-mask][data-stage="preview"]').count()).toBe(0);
    await page.close();
  }, 120_000);

  it('a final that fails keeps the preview on screen beside the error', async () => {
    held = await startSlowedEngineServer();
    const { page, at } = await open(`?final=${encodeURIComponent(held.url)}`);
    await page.mouse.click(...at(0.5, 0.5));
    await page.waitForSelector('[data-segmask-canvas][data-status="preview"]', { timeout: 30_000 });
    held.failAfterFirstEvent('The model crashed.');
    await page.waitForSelector('[data-segmask-canvas][data-status="error"]', { timeout: 30_000 });
    expect(await page.textContent('[role="alert"]')).toMatch(/The model crashed/);
    expect(await page.locator('[data-segmask-mask][data-stage="preview"]').count()).toBe(1);
    await page.close();
  }, 120_000);
});

/**
 * Include and exclude clicks in Chromium, on the static Storybook build ("Include and exclude":
 * the offline engine in its Web Worker, the requests the canvas sent listed under it).
 */
import { existsSync } from 'node:fs';
import { CHROMIUM_PATH, launchChromium } from '../helpers/chromium';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveStatic } from '../helpers/static-server';

const executablePath = CHROMIUM_PATH ?? '';
const ready = existsSync(executablePath) && existsSync('storybook-static/index.json');
let browser: Browser;
let server: { url: string; close(): Promise<void> };

beforeAll(async () => {
  if (!ready) return;
  server = await serveStatic('storybook-static');
  browser = await launchChromium();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

interface SentRequest {
  refs: number[][];
  negativeRefs: number[][];
  previous: boolean;
}

async function open(): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 900, height: 900 }, hasTouch: true });
  const page = await context.newPage();
  page.on('pageerror', (e) => console.error('page error:', e.message));
  // Its play function runs only under the story tests (no flag here): the story opens empty.
  await page.goto(`${server.url}/iframe.html?id=segmentcanvas--include-exclude&viewMode=story`);
  await page.waitForSelector('[data-segmask-mode-button="exclude"]:not([disabled])', { timeout: 30_000 });
  return page;
}

const sent = (page: Page) =>
  page.$$eval('[data-testid="requests"] li', (items) => items.map((li) => JSON.parse(li.textContent!)));
const excludeMarkers = (page: Page) => page.locator('[data-segmask-ref][data-polarity="exclude"]').count();
const waitStatus = (page: Page, value: string) =>
  page.waitForSelector(`[data-segmask-canvas][data-status="${value}"]`, { timeout: 30_000 });
const waitRequests = (page: Page, n: number) =>
  page.waitForFunction((n) => document.querySelectorAll('[data-testid="requests"] li').length >= n, n, {
    timeout: 30_000,
  });

/** Whether the refined mask covers the screen point (x, y), by the browser's own hit test. */
const maskCovers = (page: Page, x: number, y: number) =>
  page.evaluate(
    ([x, y]) => {
      const paths = document.querySelectorAll<SVGPathElement>(
        '[data-segmask-mask][data-stage="refined"] path',
      );
      const path = paths[paths.length - 1]!;
      return path.isPointInFill(new DOMPoint(x, y).matrixTransform(path.getScreenCTM()!.inverse()));
    },
    [x, y] as const,
  );

async function clear(page: Page) {
  await page.waitForSelector('[data-segmask-canvas][data-status="idle"]');
  expect(await page.locator('[data-segmask-ref]').count()).toBe(0);
  await page.focus('[data-segmask-canvas]');
}

describe.skipIf(!ready)('include and exclude in Chromium (offline engine)', () => {
  it('mouse: the secondary button excludes, the request carries it and the previous answer, the engine honours it; undo removes it', async () => {
    const page = await open();
    await clear(page);
    const before = (await sent(page)).length;
    const box = (await page.locator('[data-segmask-canvas] svg').first().boundingBox())!;
    const at = (fx: number, fy: number) => [box.x + box.width * fx, box.y + box.height * fy] as const;
    await page.mouse.click(...at(0.4, 0.55));
    await waitRequests(page, before + 1);
    await waitStatus(page, 'refined');
    // Exclude a point the first answer covers, well inside it.
    const target = at(0.4, 0.3);
    expect(await maskCovers(page, ...target)).toBe(true);
    await page.mouse.click(...target, { button: 'right' });
    expect(await excludeMarkers(page)).toBe(1);
    await waitRequests(page, before + 2);
    const request: SentRequest = (await sent(page)).at(-1);
    expect(request.refs).toHaveLength(1);
    expect(request.negativeRefs).toHaveLength(1);
    expect(request.negativeRefs[0]![0]).toBeCloseTo(0.4, 2);
    expect(request.negativeRefs[0]![1]).toBeCloseTo(0.3, 2);
    expect(request.previous).toBe(true);
    await waitStatus(page, 'refined');
    // End to end: the engine keeps an exclude point out of the mask.
    expect(await maskCovers(page, ...target)).toBe(false);
    await page.focus('[data-segmask-canvas]');
    await page.keyboard.press('Control+z');
    expect(await excludeMarkers(page)).toBe(0);
    await page.context().close();
  }, 120_000);

  it('touch: the mode toggle makes a tap exclude; undo removes it', async () => {
    const page = await open();
    await clear(page);
    const box = (await page.locator('[data-segmask-canvas] svg').first().boundingBox())!;
    const at = (fx: number, fy: number) => [box.x + box.width * fx, box.y + box.height * fy] as const;
    await page.touchscreen.tap(...at(0.4, 0.55));
    await waitStatus(page, 'refined');
    const before = (await sent(page)).length;
    const toggle = (await page.locator('[data-segmask-mode-button="exclude"]').boundingBox())!;
    await page.touchscreen.tap(toggle.x + toggle.width / 2, toggle.y + toggle.height / 2);
    expect(await page.getAttribute('[data-segmask-mode-button="exclude"]', 'aria-pressed')).toBe('true');
    await page.touchscreen.tap(...at(0.9, 0.9));
    expect(await excludeMarkers(page)).toBe(1);
    await waitRequests(page, before + 1);
    const request: SentRequest = (await sent(page)).at(-1);
    expect(request.negativeRefs).toHaveLength(1);
    expect(request.negativeRefs[0]![0]).toBeCloseTo(0.9, 2);
    await page.focus('[data-segmask-canvas]');
    await page.keyboard.press('Control+z');
    expect(await excludeMarkers(page)).toBe(0);
    await page.context().close();
  }, 120_000);

  it('keyboard: Shift+Enter excludes at the reticle, X then Enter too; undo removes each', async () => {
    const page = await open();
    await clear(page);
    await page.keyboard.press('Enter'); // include at the centre
    await waitStatus(page, 'refined');
    for (let i = 0; i < 10; i++) await page.keyboard.press('ArrowUp');
    await page.keyboard.press('Shift+Enter');
    expect(await excludeMarkers(page)).toBe(1);
    await page.keyboard.press('x');
    expect(await page.getAttribute('[data-segmask-mode-button="exclude"]', 'aria-pressed')).toBe('true');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('Enter');
    expect(await excludeMarkers(page)).toBe(2);
    await waitStatus(page, 'refined');
    const request: SentRequest = (await sent(page)).at(-1);
    expect(request.negativeRefs).toHaveLength(2);
    await page.keyboard.press('Control+z');
    expect(await excludeMarkers(page)).toBe(1);
    await page.keyboard.press('Control+z');
    expect(await excludeMarkers(page)).toBe(0);
    await page.context().close();
  }, 120_000);
});

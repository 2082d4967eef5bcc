/**
 * Real-browser tests: the static Storybook build in Debian's Chromium (playwright-core, never a
 * downloaded browser). The offline engine runs for real in its Web Worker.
 */
import { execSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser, Page } from 'playwright-core';
import { CHROMIUM_PATH, launchChromium } from '../helpers/chromium';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveStatic } from '../helpers/static-server';

const hasChromium = CHROMIUM_PATH !== undefined;
// Built before collection, so that every story in its index becomes a test.
if (hasChromium && !existsSync('storybook-static/index.json'))
  execSync('npm run build-storybook', {
    stdio: 'inherit',
    env: { ...process.env, STORYBOOK_DISABLE_TELEMETRY: '1' },
  });
const stories: { id: string; play: boolean }[] = hasChromium
  ? Object.values(
      JSON.parse(readFileSync('storybook-static/index.json', 'utf8')).entries as Record<
        string,
        { id: string; type: string; tags?: string[] }
      >,
    )
      .filter((entry) => entry.type === 'story')
      .map((entry) => ({ id: entry.id, play: entry.tags?.includes('play-fn') ?? false }))
  : [];
let browser: Browser;
let server: { url: string; close(): Promise<void> };

beforeAll(async () => {
  if (!hasChromium) return;
  server = await serveStatic('storybook-static');
  browser = await launchChromium();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function openStory(
  id: string,
  args = '',
  options: { hasTouch?: boolean; width?: number } = {},
): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: options.width ?? 900, height: 800 },
    hasTouch: options.hasTouch,
  });
  const page = await context.newPage();
  page.on('pageerror', (e) => console.error('page error:', e.message));
  await page.goto(`${server.url}/iframe.html?id=${id}&viewMode=story${args ? `&args=${args}` : ''}`);
  await page.waitForSelector('[data-segmask-canvas] img');
  await page.waitForFunction(
    () => (document.querySelector('[data-segmask-canvas] img') as HTMLImageElement)?.complete,
  );
  return page;
}

const status = (page: Page) => page.getAttribute('[data-segmask-canvas]', 'data-status');
const waitStatus = (page: Page, value: string) =>
  page.waitForSelector(`[data-segmask-canvas][data-status="${value}"]`, { timeout: 45_000 });

/** Screen points inside and outside the refined mask's fill, found with the browser's own geometry. */
async function samplePoints(page: Page) {
  return page.evaluate(() => {
    const paths = document.querySelectorAll<SVGPathElement>('[data-segmask-mask][data-stage="refined"] path');
    const path = paths[paths.length - 1]!;
    const root = document.querySelector('[data-segmask-canvas]')!.getBoundingClientRect();
    const inverse = path.getScreenCTM()!.inverse();
    // The canvas's own words over the photo (the stage chip, the mode toggle) hide the mask there.
    const overlays = Array.from(
      document.querySelectorAll('[data-segmask-status-chip], [data-segmask-mode]'),
      (e) => e.getBoundingClientRect(),
    );
    const underOverlay = (x: number, y: number) =>
      overlays.some((r) => x >= r.left - 3 && x <= r.right + 3 && y >= r.top - 3 && y <= r.bottom + 3);
    const inside: [number, number][] = [];
    const outside: [number, number][] = [];
    for (let i = 1; i < 20; i++)
      for (let j = 1; j < 20; j++) {
        const x = root.left + (root.width * i) / 20,
          y = root.top + (root.height * j) / 20;
        const p = new DOMPoint(x, y).matrixTransform(inverse);
        // Keep clear of the edge so anti-aliasing does not decide the test.
        const near = [-3, 3].some((dx) =>
          [-3, 3].some(
            (dy) =>
              path.isPointInFill(new DOMPoint(x + dx, y + dy).matrixTransform(inverse)) !==
              path.isPointInFill(p),
          ),
        );
        if (near || underOverlay(x, y)) continue;
        (path.isPointInFill(p) ? inside : outside).push([Math.round(x), Math.round(y)]);
      }
    return { inside, outside, root: { x: root.left, y: root.top, w: root.width, h: root.height } };
  });
}

async function pixel(page: Page, x: number, y: number): Promise<[number, number, number]> {
  const png = await page.screenshot({ clip: { x, y, width: 1, height: 1 } });
  // Decode the 1x1 PNG in the page (no PNG library needed in the test).
  return page.evaluate(async (b64) => {
    const img = new Image();
    img.src = `data:image/png;base64,${b64}`;
    await img.decode();
    const c = new OffscreenCanvas(1, 1).getContext('2d')!;
    c.drawImage(img, 0, 0);
    const d = c.getImageData(0, 0, 1, 1).data;
    return [d[0]!, d[1]!, d[2]!] as [number, number, number];
  }, png.toString('base64'));
}

const isMagenta = ([r, g, b]: [number, number, number]) => r > 200 && g < 60 && b > 200;

describe.skipIf(!hasChromium)('Storybook in Chromium', () => {
  it('the offline engine story segments in a worker and draws the mask over the right pixels, also after a resize', async () => {
    const page = await openStory('segmentcanvas--offline-engine', 'color:!hex(ff00ff);opacity:1');
    await waitStatus(page, 'refined');
    for (const width of [900, 480]) {
      await page.setViewportSize({ width, height: 800 });
      await page.waitForTimeout(100);
      const { inside, outside, root } = await samplePoints(page);
      expect(inside.length).toBeGreaterThan(20);
      expect(outside.length).toBeGreaterThan(20);
      expect(root.w).toBeLessThanOrEqual(width);
      for (const [x, y] of inside.slice(0, 12))
        expect(isMagenta(await pixel(page, x, y)), `inside ${x},${y}`).toBe(true);
      for (const [x, y] of outside.slice(0, 12))
        expect(isMagenta(await pixel(page, x, y)), `outside ${x},${y}`).toBe(false);
      // The astronaut fills the left two thirds of the photo (the box is x 0.03–0.72); the
      // mask's centre must stay there at every size.
      const cx = inside.reduce((a, p) => a + p[0], 0) / inside.length;
      expect((cx - root.x) / root.w).toBeGreaterThan(0.2);
      expect((cx - root.x) / root.w).toBeLessThan(0.55);
      // Nothing of the mask in the top-right corner (the shuttle model is not the astronaut).
      expect(inside.some(([x, y]) => (x - root.x) / root.w > 0.8 && (y - root.y) / root.h < 0.4)).toBe(false);
    }
    await page.context().close();
  }, 60_000);

  it('mouse click, touch tap and keyboard each add a point and segment', async () => {
    const page = await openStory('segmentcanvas--empty', '', { hasTouch: true });
    expect(await status(page)).toBe('idle');
    const box = (await page.locator('[data-segmask-canvas] svg').first().boundingBox())!;
    await page.mouse.click(box.x + box.width * 0.45, box.y + box.height * 0.55);
    await waitStatus(page, 'refined');
    expect(await page.locator('[data-segmask-ref="point"]').count()).toBe(1);
    // The look comes from segmask/styles.css (the preview imports it): a round, green, 20 px marker.
    const look = await page.$eval('[data-segmask-ref="point"]', (point) => {
      const css = getComputedStyle(point);
      return { background: css.backgroundColor, width: css.width, radius: css.borderRadius };
    });
    expect(look).toEqual({ background: 'rgb(21, 128, 61)', width: '20px', radius: '50%' });
    await page.touchscreen.tap(box.x + box.width * 0.5, box.y + box.height * 0.4);
    await page.waitForFunction(() => document.querySelectorAll('[data-segmask-ref="point"]').length === 2);
    await waitStatus(page, 'refined');
    await page.focus('[data-segmask-canvas]');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.querySelectorAll('[data-segmask-ref="point"]').length === 3);
    await page.keyboard.press('Control+z');
    await page.waitForFunction(() => document.querySelectorAll('[data-segmask-ref="point"]').length === 2);
    // Drag a box with the mouse.
    await page.mouse.move(box.x + box.width * 0.2, box.y + box.height * 0.1);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.75, box.y + box.height * 0.95, { steps: 5 });
    await page.mouse.up();
    await page.waitForFunction(() => document.querySelectorAll('[data-segmask-ref="box"]').length === 1);
    await waitStatus(page, 'refined');
    await page.context().close();
  }, 60_000);

  it('zoom (wheel, keys, pinch) and pan (space-drag) keep clicks on the right image point', async () => {
    const page = await openStory('segmentcanvas--empty', '', { hasTouch: true });
    const root = (await page.locator('[data-segmask-canvas]').boundingBox())!;
    const at = (fx: number, fy: number) => [root.x + root.width * fx, root.y + root.height * fy] as const;
    const lastPoint = () =>
      page.evaluate(() => {
        const points = document.querySelectorAll<HTMLElement>('[data-segmask-ref="point"]');
        const p = points[points.length - 1]!;
        return [parseFloat(p.style.left) / 100, parseFloat(p.style.top) / 100];
      });
    const zoom = async () =>
      Number((await page.getAttribute('[data-segmask-zoom]', 'data-segmask-zoom')) ?? 1);

    // Wheel up at (0.6, 0.4): the image point under the pointer stays there.
    await page.mouse.move(...at(0.6, 0.4));
    await page.mouse.wheel(0, -300);
    await page.waitForSelector('[data-segmask-zoom]');
    const s = await zoom();
    expect(s).toBeGreaterThan(1.5);
    await page.mouse.click(...at(0.6, 0.4));
    let [px, py] = await lastPoint();
    expect(px).toBeCloseTo(0.6, 2);
    expect(py).toBeCloseTo(0.4, 2);
    // Elsewhere on screen, a click lands where the zoom maps it: (f - o) / s with o = 0.6(1 - s).
    await page.mouse.click(...at(0.1, 0.1));
    [px, py] = await lastPoint();
    expect(px).toBeCloseTo((0.1 - 0.6 * (1 - s)) / s, 2);
    expect(py).toBeCloseTo((0.1 - 0.4 * (1 - s)) / s, 2);

    // Space held: a drag pans and adds nothing.
    await page.focus('[data-segmask-canvas]');
    const count = await page.locator('[data-segmask-ref]').count();
    const before = await page.getAttribute('[data-segmask-stage]', 'style');
    await page.keyboard.down(' ');
    await page.mouse.move(...at(0.5, 0.5));
    await page.mouse.down();
    await page.mouse.move(...at(0.7, 0.6), { steps: 4 });
    await page.mouse.up();
    await page.keyboard.up(' ');
    expect(await page.getAttribute('[data-segmask-stage]', 'style')).not.toBe(before);
    expect(await page.locator('[data-segmask-ref]').count()).toBe(count);

    // 0 resets; + zooms in from the keyboard.
    await page.keyboard.press('0');
    await page.waitForSelector('[data-segmask-zoom]', { state: 'detached' });
    await page.keyboard.press('+');
    expect(await zoom()).toBeCloseTo(1.25, 2);
    await page.keyboard.press('0');

    // A two-finger pinch (touch events through the DevTools protocol) zooms and adds no point.
    const cdp = await page.context().newCDPSession(page);
    const touch = (type: 'touchStart' | 'touchMove' | 'touchEnd', spread: number) =>
      cdp.send('Input.dispatchTouchEvent', {
        type,
        touchPoints:
          type === 'touchEnd'
            ? []
            : [0, 1].map((i) => ({ id: i, x: at(0.5, 0.5)[0] + (i ? spread : -spread), y: at(0.5, 0.5)[1] })),
      });
    await touch('touchStart', 30);
    for (const spread of [45, 60, 75, 90]) await touch('touchMove', spread);
    await touch('touchEnd', 0);
    expect(await zoom()).toBeGreaterThan(2);
    expect(await page.locator('[data-segmask-ref]').count()).toBe(count);
    await page.context().close();
  }, 60_000);

  it('error stories show the error with Retry and keep the point', async () => {
    const page = await openStory('segmentcanvas--error-rate-limited');
    await waitStatus(page, 'error');
    expect(await page.textContent('[role="alert"]')).toMatch(/429/);
    expect(await page.locator('[data-segmask-ref="point"]').count()).toBe(1);
    await page.context().close();
  }, 30_000);
});

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** axe-core's violations in the story's root, each as rule, impact and the nodes it names. */
async function accessibilityViolations(page: Page) {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: AXE_SOURCE });
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: typeof import('axe-core') }).axe;
    const { violations } = await axe.run('#storybook-root');
    return violations.map((v) => ({
      rule: v.id,
      impact: v.impact,
      nodes: v.nodes.map((n) => `${n.target.join(' ')}: ${n.failureSummary ?? ''}`),
    }));
  });
}

/** What Storybook's channel said about the story being shown (`storyFinished`, and any error). */
type StoryOutcome = { finished?: { storyId: string; status: string }; error?: { message?: string } };

/**
 * Every story renders without an error and every play function passes, in Chromium against
 * the static build: Storybook's own events say how each story finished. axe-core then checks the
 * story as it ended (its play function's state) and any violation fails it. One page shows the
 * stories one after another, switched as Storybook's manager switches them (`setCurrentStory` on
 * its channel), as its own test runner does: loading the preview once instead of once per story
 * keeps the file's time in CI down, and each story must also clean up after the one before.
 */
describe.skipIf(!hasChromium)('every story and its play function', () => {
  let page: Page;
  const pageErrors: string[] = [];
  beforeAll(async () => {
    const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
    page = await context.newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
    // Play functions that change state run only under this flag (stories/test-only.ts).
    await page.addInitScript(() => {
      (window as unknown as Record<string, unknown>).__segmaskStoryTest = true;
    });
    // Listen on Storybook's channel from the moment it exists; `__segmaskStory` holds the outcome
    // of the story being shown, and is reset before the next one is asked for.
    await page.addInitScript(() => {
      let channel: { on(event: string, listener: (payload: unknown) => void): void } | undefined;
      const w = window as unknown as { __segmaskStory: StoryOutcome };
      w.__segmaskStory = {};
      const failed = (payload: unknown) => (w.__segmaskStory.error ??= payload as { message?: string });
      Object.defineProperty(window, '__STORYBOOK_ADDONS_CHANNEL__', {
        configurable: true,
        get: () => channel,
        set(value) {
          channel = value;
          value.on('storyFinished', (payload: unknown) => {
            w.__segmaskStory.finished = payload as StoryOutcome['finished'];
          });
          for (const event of ['playFunctionThrewException', 'storyThrewException', 'storyErrored'])
            value.on(event, failed);
        },
      });
    });
  }, 120_000);
  afterAll(async () => {
    await page?.context().close();
  });

  let shown = false;
  it.each(stories)(
    '$id',
    async ({ id, play }) => {
      pageErrors.length = 0;
      if (!shown) {
        await page.goto(`${server.url}/iframe.html?id=${id}&viewMode=story`);
        shown = true;
      } else
        await page.evaluate((storyId) => {
          const w = window as unknown as {
            __segmaskStory: StoryOutcome;
            __STORYBOOK_ADDONS_CHANNEL__: { emit(event: string, payload: unknown): void };
          };
          w.__segmaskStory = {};
          w.__STORYBOOK_ADDONS_CHANNEL__.emit('setCurrentStory', { storyId, viewMode: 'story' });
        }, id);
      await page.waitForFunction(
        (storyId) => {
          const outcome = (window as unknown as { __segmaskStory?: StoryOutcome }).__segmaskStory;
          return outcome?.finished?.storyId === storyId || outcome?.error !== undefined;
        },
        id,
        { timeout: 55_000 },
      );
      const outcome = await page.evaluate(
        () => (window as unknown as { __segmaskStory: StoryOutcome }).__segmaskStory,
      );
      expect(
        outcome.error?.message ?? outcome.error,
        `story ${id}${play ? ' (play function)' : ''}`,
      ).toBeUndefined();
      expect(outcome.finished?.status).toBe('success');
      expect(pageErrors).toEqual([]);
      expect(await accessibilityViolations(page), `axe-core on ${id}`).toEqual([]);
    },
    90_000,
  );
});

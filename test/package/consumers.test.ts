/**
 * segmask as apps get it: `npm pack` once (prepack builds dist), installed with
 * `npm install <tarball>` into a Vite app, a Next.js App Router app (built with webpack and with
 * Turbopack), a CommonJS script and strict TypeScript projects; checked with attw and publint.
 * Every app follows the README's recipes (test/package/fixtures). The three app builds run at
 * once; each is built once and tested several ways. Timings print at the end.
 */
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, closeBrowser, segmentInPage } from './harness/browser';
import { createApp, packOnce, printTimings, readJson, removeApps, timed } from './harness/install';
import { freePort, startUntil, type Started } from './harness/processes';
import { BOX, PHOTO, compareMask, referenceMask } from './harness/reference-mask';

const run = promisify(execFile);
const started: Started[] = [];
afterAll(async () => {
  for (const process of started.reverse()) await process.stop();
  await closeBrowser();
  removeApps();
  printTimings();
}, 120_000);

const README_DETECTOR_ASSETS =
  'mkdir -p public/segmask && cp node_modules/@vladmandic/human/models/centernet.* node_modules/@tensorflow/tfjs-backend-wasm/dist/*.wasm public/segmask/';

/** The app's public files: the photo, and the detector's assets as the README copies them. */
async function addPublicFiles(app: string) {
  mkdirSync(join(app, 'public'), { recursive: true });
  copyFileSync(PHOTO, join(app, 'public', 'photo.jpg'));
  await run('sh', ['-c', README_DETECTOR_ASSETS], { cwd: app });
}

const apps = {
  vite: (async () => {
    const app = await createApp('vite-app', 'vite');
    await addPublicFiles(app);
    await timed('vite build', () => run('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: app }));
    return app;
  })(),
  ...Object.fromEntries(
    (['webpack', 'turbopack'] as const).map((bundler) => [
      bundler,
      (async () => {
        const app = await createApp('next-app', `next-${bundler}`);
        await addPublicFiles(app);
        await timed(`next build --${bundler}`, () =>
          run('npx', ['next', 'build', `--${bundler}`], {
            cwd: app,
            env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', MOONDREAM_API_KEY: '' },
            maxBuffer: 64 << 20,
          }),
        );
        return app;
      })(),
    ]),
  ),
} as Record<'vite' | 'webpack' | 'turbopack', Promise<string>>;
// Rejections are awaited by the tests that need the app; none is left unhandled meanwhile.
for (const app of Object.values(apps)) app.catch(() => {});

let boxReference: Uint8Array;
beforeAll(async () => {
  boxReference = await referenceMask('astronaut', [BOX]);
}, 120_000);

describe('the packed tarball', () => {
  it('ships dist, built by prepack, and passes publint and attw for every entry', async () => {
    const tgz = await packOnce();
    const { stdout: list } = await run('tar', ['tzf', tgz]);
    for (const file of [
      'dist/index.js',
      'dist/index.cjs',
      'dist/react.d.cts',
      'dist/default-worker.js',
      'dist/node-codec.js',
      'dist/node-codec.cjs',
      'dist/styles.css',
    ])
      expect(list).toContain(`package/${file}`);
    const publint = await timed('publint', () => run('npx', ['publint', tgz, '--strict']));
    console.log(`[consumer] publint:\n${publint.stdout}${publint.stderr}`);
    expect(publint.stdout + publint.stderr).not.toMatch(/warning|error|suggestion/i);
    const attw = await timed('attw', () =>
      // The stylesheet is an entry with no JavaScript and no types by design.
      run('npx', ['attw', tgz, '--format', 'table-flipped', '--exclude-entrypoints', './styles.css']).catch(
        (e: { stdout: string }) => e,
      ),
    );
    console.log(`[consumer] attw:\n${attw.stdout}`);
    expect(attw.stdout).toMatch(/No problems found/);
  }, 900_000);
});

describe('in Node: CommonJS, ESM, strict TypeScript, the CLI', () => {
  let app: string;
  beforeAll(async () => {
    app = await createApp('node-app', 'node');
    mkdirSync(join(app, 'public'), { recursive: true });
    copyFileSync(PHOTO, join(app, 'public', 'photo.jpg'));
  }, 600_000);

  it('require() loads segmask, segmask/server, segmask/engine and segmask/react', async () => {
    const { stdout } = await run('node', ['require.cjs'], { cwd: app });
    expect(JSON.parse(stdout)).toEqual({
      core: 'function',
      error: 'invalid_input',
      server: 'function',
      engine: 'function',
      react: 'function',
      mask: expect.any(Number),
      segmented: true,
    });
    expect(JSON.parse(stdout).mask).toBeGreaterThan(20); // a triangle, half of 8 × 8
  }, 120_000);

  it('import works the same from ESM', async () => {
    const { stdout } = await run('node', ['import.mjs'], { cwd: app });
    expect(JSON.parse(stdout)).toEqual({ core: 'function', server: 'function', engine: 'function' });
  }, 60_000);

  it.each(['nodenext', 'node16', 'bundler'])(
    'tsc --noEmit with moduleResolution %s types every entry',
    async (mode) => {
      await timed(`tsc ${mode}`, async () => {
        const result = await run('npx', ['tsc', '-p', `tsconfig.${mode}.json`], { cwd: app }).catch(
          (e: { stdout: string }) => e,
        );
        expect(result.stdout).toBe('');
      });
    },
    600_000,
  );

  it('TypeScript 6 with its defaults (no `types`, module nodenext) types every entry, segmask/server with Node\u2019s', async () => {
    const tsc = ['node_modules/typescript6/bin/tsc'];
    expect((await run('node', [...tsc, '--version'], { cwd: app })).stdout).toMatch(/^Version 6\./);
    const config = readJson<{ compilerOptions: Record<string, unknown> }>(
      join(app, 'tsconfig.typescript6.json'),
    );
    expect(config.compilerOptions).not.toHaveProperty('types');
    const result = await timed('tsc 6 nodenext', () =>
      run('node', [...tsc, '-p', 'tsconfig.typescript6.json'], { cwd: app }).catch(
        (e: { stdout: string }) => e,
      ),
    );
    expect(result.stdout).toBe('');
  }, 600_000);

  it('the CLI: --version, serve --help, and serve answering on loopback', async () => {
    const version = await run('npx', ['segmask', '--version'], { cwd: app });
    expect(version.stdout.trim()).toBe(JSON.parse(readFileSync('package.json', 'utf8')).version);
    const help = await run('npx', ['segmask', 'serve', '--help'], { cwd: app });
    expect(help.stdout).toMatch(/segmask serve/);
    const serve = await startServe(app);
    const health = await fetch(`${serve.url}/health`.replace('/v1/health', '/health'));
    expect(health.ok).toBe(true);
  }, 120_000);
});

async function startServe(cwd: string) {
  const serve = await startUntil('npx', ['segmask', 'serve', '--port', '0', '--threads', '1'], {
    cwd,
    ready: /serving (http:\/\/\S+)\/segment/,
  });
  started.push(serve);
  return { url: serve.match[1]! };
}

describe.skipIf(!CHROMIUM)('a Vite app', () => {
  it('production build: the engine segments in its worker, the mask matches the engine run in Node', async () => {
    const app = await apps.vite;
    // segmask/styles.css, imported by the app, is in its CSS bundle.
    const assets = readdirSync(join(app, 'dist', 'assets')).filter((f) => f.endsWith('.css'));
    expect(assets.map((f) => readFileSync(join(app, 'dist', 'assets', f), 'utf8')).join('')).toMatch(
      /--segmask-styles/,
    );
    const { serveStatic } = await import('../helpers/static-server');
    const server = await serveStatic(join(app, 'dist'));
    started.push({ child: undefined as never, output: () => '', stop: server.close });
    const box = await segmentInPage(`${server.url}/`);
    expect(box.status, box.alert).toBe('refined');
    expect(compareMask(box.result!, boxReference).iou).toBeGreaterThan(0.9);
    expect(box.errors).toEqual([]);
    const detector = await segmentInPage(`${server.url}/?detector`, 120_000);
    expect(detector.status, detector.alert).toBe('refined');
    expect(compareMask(detector.result!, await referenceMask('person', [])).iou).toBeGreaterThan(0.8);
  }, 600_000);

  it('dev server: the engine segments', async () => {
    const app = await apps.vite;
    const port = await freePort();
    const dev = await startUntil('npx', ['vite', '--port', String(port), '--strictPort'], {
      cwd: app,
      ready: /Local:\s+(http:\/\/\S+)/,
    });
    started.push(dev);
    const box = await timed('vite dev: first segmentation', () => segmentInPage(dev.match[1]!, 120_000));
    expect(box.status, `${box.alert}\n${dev.output()}`).toBe('refined');
    expect(compareMask(box.result!, boxReference).iou).toBeGreaterThan(0.9);
  }, 600_000);
});

for (const bundler of ['webpack', 'turbopack'] as const) {
  describe(`a Next.js App Router app built with ${bundler}`, () => {
    let url: string;
    beforeAll(async () => {
      const app = await apps[bundler];
      const port = await freePort();
      const next = await startUntil('npx', ['next', 'start', '-p', String(port), '-H', '127.0.0.1'], {
        cwd: app,
        env: { NEXT_TELEMETRY_DISABLED: '1', MOONDREAM_API_KEY: '' },
        ready: /Ready in|started server/i,
      });
      started.push(next);
      url = `http://127.0.0.1:${port}`;
    }, 600_000);

    it('a Server Component renders <MaskOverlay> (SSR)', async () => {
      const html = await (await fetch(`${url}/`)).text();
      expect(html).toContain('data-page="server"');
      expect(html).toMatch(/data-segmask-mask/);
      expect(html).toMatch(/translate\(0\.1 0\.2\) scale\(0\.5 /); // the bbox's transform, rendered on the server
    });

    it('the client page renders on the server with segmask/styles.css linked, then segments in Chromium', async () => {
      const html = await (await fetch(`${url}/engine`)).text();
      expect(html).toContain('data-segmask-canvas');
      const sheets = [...html.matchAll(/<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"/g)].map((m) => m[1]!);
      const css = await Promise.all(sheets.map(async (href) => (await fetch(new URL(href, url))).text()));
      expect(css.join('')).toMatch(/--segmask-styles/);
      if (!CHROMIUM) return console.log('[consumer] Chromium absent: the in-browser part is skipped');
      const box = await segmentInPage(`${url}/engine`, 120_000);
      expect(box.status, box.alert).toBe('refined');
      expect(compareMask(box.result!, boxReference).iou).toBeGreaterThan(0.9);
      expect(box.errors).toEqual([]);
    }, 180_000);

    it.skipIf(!CHROMIUM)(
      'the detector opt-in grounds a name alone',
      async () => {
        const found = await segmentInPage(`${url}/detector`, 120_000);
        expect(found.status, found.alert).toBe('refined');
        expect(compareMask(found.result!, await referenceMask('person', [])).iou).toBeGreaterThan(0.8);
      },
      180_000,
    );

    it('the README proxy route, with no key, answers a clear error naming MOONDREAM_API_KEY', async () => {
      const response = await fetch(`${url}/api/moondream/segment`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ image_url: 'data:image/jpeg;base64,AAAA', object: 'cat' }),
      });
      expect(response.status).toBeGreaterThanOrEqual(400);
      const body = (await response.json()) as { error: { message: string } };
      expect(body.error.message).toMatch(/MOONDREAM_API_KEY/);
    });

    it('with an upstream (segmask serve on loopback) the proxy streams the events', async () => {
      const app = await apps[bundler];
      const upstream = await startServe(app);
      const port = await freePort();
      const next = await startUntil('npx', ['next', 'start', '-p', String(port), '-H', '127.0.0.1'], {
        cwd: app,
        env: { NEXT_TELEMETRY_DISABLED: '1', MOONDREAM_API_KEY: 'test-key', SEGMENT_UPSTREAM: upstream.url },
        ready: /Ready in|started server/i,
      });
      started.push(next);
      const photo = readFileSync(PHOTO).toString('base64');
      const response = await fetch(`http://127.0.0.1:${port}/api/upstream/segment`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({
          image_url: `data:image/jpeg;base64,${photo}`,
          object: 'astronaut',
          spatial_refs: [BOX],
          stream: true,
        }),
      });
      expect(response.headers.get('content-type')).toMatch(/text\/event-stream/);
      const reader = response.body!.getReader();
      const arrivals: string[] = [];
      for (let read = await reader.read(); !read.done; read = await reader.read())
        arrivals.push(new TextDecoder().decode(read.value));
      const text = arrivals.join('');
      expect(text.indexOf('"bbox"')).toBeLessThan(text.lastIndexOf('final'));
      expect(arrivals.length).toBeGreaterThan(1); // streamed in pieces, not one buffered body
    }, 180_000);
  });
}

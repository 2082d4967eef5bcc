import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeSegmentStream, type SegmentEvent } from '../../src/index';
import { createEnginePool, startServer, type RunningServer } from '../../src/server/index';
import { dataUrlOf, rectanglePng } from '../helpers/fixtures';
import { collect, errorOf } from '../helpers/streams';

type Rect = [number, number, number, number];
const W = 160,
  H = 120;

const segmentBody = (png: Uint8Array, rect: Rect, stream = true) =>
  JSON.stringify({
    image_url: dataUrlOf(png),
    object: 'rectangle',
    stream,
    spatial_refs: [[(rect[0] - 8) / W, (rect[1] - 8) / H, (rect[2] + 8) / W, (rect[3] + 8) / H]],
  });

const post = (url: string, body: string, signal?: AbortSignal) =>
  fetch(`${url}/segment`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body, signal });

async function health(url: string): Promise<{
  status: string;
  running: number;
  waiting: number;
  engine: { size: number; running: number; waiting: number; cancelled: number };
}> {
  return (await fetch(`${url}/health`)).json();
}

function expectFinalFits(events: SegmentEvent[], rect: Rect) {
  const final = events.at(-1)!;
  expect(final.type).toBe('final');
  if (final.type !== 'final') return;
  expect(final.bbox!.xMin * W).toBeCloseTo(rect[0], -0.5);
  expect(final.bbox!.yMin * H).toBeCloseTo(rect[1], -0.5);
  expect(final.bbox!.xMax * W).toBeCloseTo(rect[2], -0.5);
  expect(final.bbox!.yMax * H).toBeCloseTo(rect[3], -0.5);
}

describe('createEnginePool: the engine on worker threads', () => {
  it('streams the same events as the in-process engine, and warms every thread', async () => {
    const pool = createEnginePool({ size: 2, model: false });
    try {
      await pool.warmUp();
      expect(pool.stats()).toMatchObject({ size: 2, running: 0, waiting: 0 });
      const rect: Rect = [40, 30, 120, 90];
      const events = await collect(
        pool.stream({
          image: await rectanglePng(W, H, rect),
          object: 'box',
          spatialRefs: [[0.2, 0.15, 0.8, 0.85]],
        }),
      );
      expect(events[0]!.type).toBe('bbox');
      expect(events.filter((e) => e.type === 'path_delta').length).toBeGreaterThan(2);
      expectFinalFits(events, rect);
    } finally {
      await pool.destroy();
    }
  });

  it('gives typed errors from the thread: a text-only prompt it cannot ground, an image that does not decode', async () => {
    const pool = createEnginePool({ size: 1, model: false });
    try {
      const png = await rectanglePng(W, H, [40, 30, 120, 90]);
      expect((await errorOf(pool.segment({ image: png, object: 'zebra crossing sign' }))).code).toBe(
        'ungrounded',
      );
      expect(
        (
          await errorOf(
            pool.segment({
              image: new Uint8Array([0xff, 0xd8, 1, 2, 3]),
              object: 'x',
              spatialRefs: [[0.5, 0.5]],
            }),
          )
        ).code,
      ).toBe('invalid_input');
      // The thread is still usable after both failures.
      expect(
        (await pool.segment({ image: png, object: 'x', spatialRefs: [[0.5, 0.5]] })).path.length,
      ).toBeGreaterThan(0);
    } finally {
      await pool.destroy();
    }
  });
});

describe('segmask serve on the engine pool, over loopback', () => {
  let running: RunningServer;
  beforeAll(async () => {
    running = await startServer({ port: 0, threads: 2, engine: 'graph-cut', log: () => {} });
  }, 60_000); // warming two engine threads while other test files do the same takes more than 10 s
  afterAll(() => running.close());

  it('runs 8 streams at once, each correct, while /health answers', async () => {
    const rects: Rect[] = Array.from({ length: 8 }, (_, i) => [
      20 + i * 4,
      16 + i * 3,
      100 + i * 5,
      80 + i * 3,
    ]);
    const pngs = await Promise.all(rects.map((r) => rectanglePng(W, H, r)));
    let finished = 0;
    const streams = rects.map(async (rect, i) => {
      const response = await post(running.url, segmentBody(pngs[i]!, rect));
      expect(response.headers.get('content-type')).toContain('text/event-stream');
      const events = await collect(decodeSegmentStream(response.body!));
      finished++;
      return events;
    });
    // Asked while both engine threads are busy and more requests wait: the event loop is free.
    let during = await health(running.url);
    while (during.engine.running < 2 && finished < 8) during = await health(running.url);
    const finishedAtHealth = finished;
    const results = await Promise.all(streams);
    expect(during.status).toBe('ok');
    expect(during.engine.running).toBe(2);
    expect(finishedAtHealth).toBeLessThan(8);
    results.forEach((events, i) => expectFinalFits(events, rects[i]!));
  });

  it('a client that disconnects cancels its work, and the thread serves the next request', async () => {
    const one = await startServer({ port: 0, threads: 1, engine: 'graph-cut', log: () => {} });
    try {
      const rect: Rect = [30, 20, 130, 100];
      const png = await rectanglePng(W, H, rect);
      const controller = new AbortController();
      const response = await post(one.url, segmentBody(png, rect), controller.signal);
      const reader = decodeSegmentStream(response.body!)[Symbol.asyncIterator]();
      expect((await reader.next()).value?.type).toBe('bbox');
      controller.abort();
      await reader.return?.(undefined).catch(() => {});
      let stats = (await health(one.url)).engine;
      for (let tries = 0; stats.cancelled === 0 && tries < 50; tries++) {
        await new Promise((r) => setTimeout(r, 20));
        stats = (await health(one.url)).engine;
      }
      expect(stats.cancelled).toBe(1);
      const next = await collect(decodeSegmentStream((await post(one.url, segmentBody(png, rect))).body!));
      expectFinalFits(next, rect);
    } finally {
      await one.close();
    }
  });
});

describe('segmask serve as a process', () => {
  it('on SIGTERM stops accepting, finishes the requests it holds, and exits 0', async () => {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        'src/cli/run.ts',
        'serve',
        '--port',
        '0',
        '--threads',
        '1',
        '--cors',
        'https://app.example',
        '--engine',
        'graph-cut',
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    try {
      const lines: string[] = [];
      let url = '';
      const stdout = createInterface({ input: child.stdout! });
      stdout.on('line', (line) => lines.push(line));
      while (!url) {
        await once(stdout, 'line');
        url = /serving (\S+)\/segment/.exec(lines.join('\n'))?.[1] ?? '';
      }
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
      // --cors replaces the default (localhost) origins.
      const preflight = (origin: string) =>
        fetch(`${url}/segment`, { method: 'OPTIONS', headers: { Origin: origin } }).then((r) =>
          r.headers.get('access-control-allow-origin'),
        );
      expect(await preflight('https://app.example')).toBe('https://app.example');
      expect(await preflight('http://localhost:6006')).toBeNull();
      // One thread and four requests: three of them wait in the queue when the signal comes.
      const rects: Rect[] = [
        [20, 20, 100, 90],
        [30, 25, 110, 95],
        [40, 30, 140, 100],
        [25, 15, 90, 70],
      ];
      const pngs = await Promise.all(rects.map((r) => rectanglePng(W, H, r)));
      const responses = rects.map((r, i) => post(url, segmentBody(pngs[i]!, r)));
      const first = decodeSegmentStream((await responses[0]!).body!)[Symbol.asyncIterator]();
      expect((await first.next()).value?.type).toBe('bbox');
      while ((await fetch(`${url}/health`).then((r) => r.json())).waiting < 3)
        await new Promise((r) => setTimeout(r, 10));
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      while (!lines.some((l) => l.includes('draining'))) await once(stdout, 'line'); // the listener is closed from here on
      await expect(fetch(`${url}/health`)).rejects.toThrow();
      const readers = [
        first,
        ...(await Promise.all(responses.slice(1))).map((r) =>
          decodeSegmentStream(r.body!)[Symbol.asyncIterator](),
        ),
      ];
      for (const [i, reader] of readers.entries()) {
        const rest: SegmentEvent[] = [];
        for (let step = await reader.next(); !step.done; step = await reader.next()) rest.push(step.value);
        expectFinalFits(rest, rects[i]!);
      }
      const [code] = await exited;
      expect(code).toBe(0);
    } finally {
      child.kill('SIGKILL');
    }
  }, 60_000); // a process of its own (tsx, then an engine thread) before the first request
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SegmentEvent, Segmenter } from '../../src/index';
import { createSegmentHandler, startServer, toNodeHandler, type RunningServer } from '../../src/server/index';
import { dataUrlOf, rectanglePng } from '../helpers/fixtures';
import { rawExchange } from './raw-http';

// Issue 25: the correction surface (`previous`, `negative_refs`, `/capabilities`) attacked on
// `segmask serve` with real engine threads.

type Rect = [number, number, number, number];

const W = 128,
  H = 96;

let running: RunningServer;
let imageUrl: string;
beforeAll(async () => {
  running = await startServer({ port: 0, threads: 2, engine: 'graph-cut', log: () => {} });
  imageUrl = dataUrlOf(await rectanglePng(W, H, [40, 30, 88, 66]));
}, 60_000); // warming two engine threads takes seconds on a busy machine
afterAll(() => running.close());

const post = (body: unknown, signal?: AbortSignal, url = running.url) =>
  fetch(`${url}/segment`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
    signal,
  });

interface WireError {
  error: { message: string; param: string | null; code: string };
}

const previousOf = (path: string) => ({ path, bbox: { x_min: 0.3, y_min: 0.3, x_max: 0.7, y_max: 0.7 } });

describe('refusals name the field and stay small', () => {
  it('a previous.path that cannot be read is a 400 naming previous.path, not an empty previous', async () => {
    const unreadable = ['M', 'M0 0', 'M0 0A1e308 1e308 0 0 1 1 1z', 'M0 0L1e308,0L0 1z'];
    for (const path of unreadable) {
      const response = await post({
        image_url: imageUrl,
        object: 'box',
        negative_refs: [[0.5, 0.5]],
        previous: previousOf(path),
      });
      expect({ path, status: response.status }).toEqual({ path, status: 400 });
      expect(((await response.json()) as WireError).error.param).toBe('previous.path');
    }
  });

  it('refs (or any field) nested 20,000 deep (a 40 KB body) are a 400 naming the field, not a 500', async () => {
    const deep = `${'['.repeat(20_000)}${']'.repeat(20_000)}`;
    for (const field of ['spatial_refs', 'negative_refs', 'previous', 'extra']) {
      const body = `{"image_url":"${imageUrl}","object":"box","spatial_refs":[[0.5,0.5]],"${field}":[${deep}]}`;
      const response = await post(body);
      expect(response.status).toBe(400);
      const answer = (await response.json()) as WireError;
      expect(answer.error.param).toBe(field);
      expect(answer.error.message.length).toBeLessThan(300);
    }
  });

  it('a proxy to the cloud refuses a deeply nested field with a 400 before it re-serializes the body', async () => {
    const proxy = createSegmentHandler({ apiKey: 'test-key', log: () => {} });
    const body = `{"image_url":"${imageUrl}","object":"box","previous":${JSON.stringify(previousOf('M0 0L1 0L1 1z'))},"extra":[${'['.repeat(20_000)}${']'.repeat(20_000)}]}`;
    const response = await proxy(
      new Request('http://localhost/v1/segment', {
        method: 'POST',
        body,
        headers: { 'Content-Type': 'application/json' },
      }),
    );
    expect(response.status).toBe(400);
    expect(((await response.json()) as WireError).error.param).toBe('extra');
  });

  it('an error quotes a short excerpt of the bad value and its length, not the value', async () => {
    const huge = 'A'.repeat(9_000_000);
    const response = await post({ image_url: imageUrl, object: 'box', spatial_refs: [[huge]] });
    expect(response.status).toBe(400);
    const text = await response.text();
    expect(text.length).toBeLessThan(1000);
    const answer = JSON.parse(text) as WireError;
    expect(answer.error.param).toBe('spatial_refs[0]');
    expect(answer.error.message).toContain('9000000 characters');
  });
});

describe('routes match whole paths', () => {
  const origin = () => new URL(running.url).origin;
  const port = () => Number(new URL(running.url).port);
  const statusOf = async (target: string, method = 'GET') =>
    (
      await rawExchange(
        port(),
        `${method} ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`,
      )
    ).text.split(' ')[1];

  it('a route under another path, or another route under a route, is a 404', async () => {
    for (const path of [
      '/anything/capabilities',
      '/v1/capabilities/health',
      '/x/segment',
      '/v1/segment/',
      '/v2/health',
    ])
      expect({ path, status: (await fetch(`${origin()}${path}`)).status }).toEqual({ path, status: 404 });
    expect((await post({})).status).toBe(400); // /v1/segment itself
    expect((await fetch(`${running.url}/capabilities`)).status).toBe(200);
    expect((await fetch(`${running.url}/health`)).status).toBe(200);
    expect((await fetch(`${origin()}/health`)).status).toBe(200);
  });

  it('basePath puts the routes below another path (a Next.js route file), checked when the handler is made', async () => {
    const handler = createSegmentHandler({
      segmenter: { stream: async function* () {}, segment: () => Promise.reject(new Error('unused')) },
      basePath: '/api/moondream',
      log: () => {},
    });
    const status = async (path: string) => (await handler(new Request(`http://localhost${path}`))).status;
    expect(await status('/api/moondream/capabilities')).toBe(200);
    expect(await status('/api/moondream/health')).toBe(200);
    expect(await status('/v1/capabilities')).toBe(404);
    expect(await status('/api/capabilities')).toBe(404);
    for (const basePath of ['v1', '/v1/', '/a b', '/v1?x'])
      expect(() => createSegmentHandler({ apiKey: 'k', basePath })).toThrow(/basePath must be a path/);
  });

  it('a target with dot segments is refused, not resolved to another route', async () => {
    for (const target of [
      '/v1/segment/../capabilities',
      '/v1/./health',
      '/v1/x/%2e%2e/capabilities',
      '/v1/x\\..\\health',
    ])
      expect({ target, status: await statusOf(target) }).toEqual({ target, status: '400' });
    expect(await statusOf('/v1/capabilities')).toBe('200');
  });

  it('HEAD on a GET route answers like GET without a body; on POST /segment it is a 405', async () => {
    for (const path of ['/health', '/capabilities']) {
      const get = await fetch(`${running.url}${path}`);
      const head = await fetch(`${running.url}${path}`, { method: 'HEAD' });
      expect(head.status).toBe(200);
      expect(head.headers.get('content-type')).toBe(get.headers.get('content-type'));
      expect(await head.text()).toBe('');
    }
    const raw = await rawExchange(
      port(),
      'HEAD /v1/capabilities HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n',
    );
    expect(raw.text).toMatch(/^HTTP\/1\.1 200 /);
    expect(raw.text.split('\r\n\r\n')[1]).toBe('');
    const headSegment = await fetch(`${running.url}/segment`, { method: 'HEAD' });
    expect(headSegment.status).toBe(405);
    expect(headSegment.headers.get('allow')).toBe('POST');
  });
});

describe('abandoned requests stay visible to admission until their thread lets go', () => {
  it('a client that leaves mid-work keeps its turn: /health counts it and the next request gets 429, not a hidden wait', async () => {
    // One thread, no waiting line: a request that finds the thread busy is refused at once.
    const one = await startServer({ port: 0, threads: 1, maxQueue: 0, engine: 'graph-cut', log: () => {} });
    try {
      const health = async () =>
        (await (await fetch(`${one.url}/health`)).json()) as { running: number; engine: { running: number } };
      // A 48 MP image: the thread decodes it in one synchronous step of several hundred ms.
      const big = dataUrlOf(await rectanglePng(8000, 6000, [2000, 1500, 6000, 4500]));
      const controller = new AbortController();
      const slow = post(
        { image_url: big, object: 'box', spatial_refs: [[0.2, 0.2, 0.8, 0.8]], stream: true },
        controller.signal,
        one.url,
      ).catch(() => null);
      while ((await health()).engine.running === 0) await new Promise((r) => setTimeout(r, 5));
      // Leave once the thread is inside the decode (about 2 s), not before it began: a cancel
      // that reaches the thread first is let go of at once, with or without the fix.
      await new Promise((r) => setTimeout(r, 300));
      controller.abort();
      await slow;
      const during = await health();
      const small = { image_url: imageUrl, object: 'box', spatial_refs: [[0.25, 0.25, 0.75, 0.75]] };
      const refused = await post(small, undefined, one.url);
      expect(during).toMatchObject({ running: 1, engine: { running: 1 } });
      expect(refused.status).toBe(429);
      expect(refused.headers.get('retry-after')).toBe('1');
      // Once the thread has let go of the abandoned work, the turn is free again.
      while ((await health()).running > 0) await new Promise((r) => setTimeout(r, 10));
      expect((await post(small, undefined, one.url)).status).toBe(200);
      expect(await health()).toMatchObject({ running: 0, engine: { running: 0, cancelled: 1 } });
    } finally {
      await one.close();
    }
  }, 60_000);
});

describe('a stream the client leaves mid-way gives its turn back only once the engine has let go', () => {
  it('/health counts the request while the engine still drains it', async () => {
    let draining = false;
    let letGo = () => {};
    const drained = new Promise<void>((r) => (letGo = r));
    // An engine that streams until told to stop, then takes its time to let go (a thread
    // finishing the synchronous step it was in).
    const segmenter: Segmenter = {
      async *stream(): AsyncGenerator<SegmentEvent> {
        try {
          yield { type: 'bbox', bbox: { xMin: 0.1, yMin: 0.1, xMax: 0.9, yMax: 0.9 } };
          for (let i = 0; ; i++) {
            await new Promise((r) => setTimeout(r, 10));
            yield { type: 'path_delta', chunk: `L${i % 2} 1`.repeat(2000) };
          }
        } finally {
          draining = true;
          await drained;
        }
      },
      segment: () => Promise.reject(new Error('unused')),
    };
    const server = createServer(
      toNodeHandler(createSegmentHandler({ segmenter, concurrency: 1, log: () => {} })),
    );
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
    const running = async () =>
      ((await (await fetch(`${url}/health`)).json()) as { running: number }).running;
    try {
      const controller = new AbortController();
      const response = await post(
        { image_url: imageUrl, object: 'box', spatial_refs: [[0.5, 0.5]], stream: true },
        controller.signal,
        url,
      );
      const reader = response.body!.getReader();
      await reader.read();
      controller.abort();
      while (!draining) await new Promise((r) => setTimeout(r, 10));
      expect(await running()).toBe(1);
      letGo();
      while ((await running()) > 0) await new Promise((r) => setTimeout(r, 10));
    } finally {
      letGo();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});

describe('an exclude click that leaves nothing says so, at every image size', () => {
  it("a bright square's answer sent back with one exclude click at its centre is the engine's 400 ungrounded", async () => {
    for (const [w, h] of [
      [128, 96],
      [512, 384],
      [1024, 768],
    ] as const) {
      const square = dataUrlOf(
        await rectanglePng(w, h, [w * 0.3, h * 0.3, w * 0.7, h * 0.7].map(Math.round) as Rect),
      );
      const first = (await (
        await post({ image_url: square, object: 'square', spatial_refs: [[0.2, 0.2, 0.8, 0.8]] })
      ).json()) as { path: string; bbox: { x_min: number; y_min: number; x_max: number; y_max: number } };
      const { x_min, y_min, x_max, y_max } = first.bbox;
      const response = await post({
        image_url: square,
        object: 'square',
        negative_refs: [[(x_min + x_max) / 2, (y_min + y_max) / 2]],
        previous: { path: first.path, bbox: first.bbox },
      });
      const answer = (await response.json()) as WireError;
      expect({ size: `${w}×${h}`, status: response.status, code: answer.error?.code }).toEqual({
        size: `${w}×${h}`,
        status: 400,
        code: 'ungrounded',
      });
    }
  }, 60_000);
});

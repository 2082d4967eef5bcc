import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SegmentError, createMoondreamSegmenter, maskToPng, type Segmenter } from '../../src/index';
import { createLocalSegmenter } from '../../src/engine/index';
import { createSegmentHandler, toNodeHandler } from '../../src/server/index';
import { moondreamEvents, sseText } from '../helpers/fixtures';
import { sseHeaders, startLoopbackServer, writeSse, type LoopbackServer } from '../helpers/loopback-server';
import { collect } from '../helpers/streams';

async function listen(handler: (r: Request) => Promise<Response>): Promise<{ url: string; server: Server }> {
  const server = createServer(toNodeHandler(handler));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`, server };
}

let imageDataUrl: string;
let image: Uint8Array;
beforeAll(async () => {
  const w = 120,
    h = 90;
  const mask = new Uint8Array(w * h);
  for (let y = 20; y < 70; y++) for (let x = 30; x < 90; x++) mask[y * w + x] = 1;
  image = await maskToPng(mask, w, h); // a white rectangle on black
  imageDataUrl = `data:image/png;base64,${Buffer.from(image).toString('base64')}`;
});

describe('createSegmentHandler with the offline engine, over loopback', () => {
  let url: string;
  let server: Server;
  const logs: string[] = [];
  beforeAll(async () => {
    ({ url, server } = await listen(
      createSegmentHandler({
        segmenter: createLocalSegmenter({ worker: false, model: false }),
        log: (l) => logs.push(l),
      }),
    ));
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  const post = (body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${url}/segment`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });

  it("the kit's own Moondream transport gets a streamed result from it", async () => {
    const client = createMoondreamSegmenter({ endpoint: url, retry: false });
    const events = await collect(
      client.stream({ image, object: 'rectangle', spatialRefs: [[0.15, 0.15, 0.85, 0.85]] }),
    );
    expect(events[0]!.type).toBe('bbox');
    expect(events.some((e) => e.type === 'path_delta')).toBe(true);
    const final = events.at(-1)!;
    expect(final.type).toBe('final');
    if (final.type === 'final') {
      expect(final.bbox!.xMin).toBeCloseTo(30 / 120, 1);
      expect(final.bbox!.yMax).toBeCloseTo(70 / 90, 1);
      expect(final.requestId).toMatch(/^sm-/);
    }
    expect(logs.some((l) => / POST \/v1\/segment 200 .*streaming/.test(l))).toBe(true);
  });

  it('answers without streaming as the cloud does', async () => {
    const response = await post({ image_url: imageDataUrl, object: 'rectangle', spatial_refs: [[0.5, 0.5]] });
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(typeof body.path).toBe('string');
    expect(Object.keys(body.bbox).sort()).toEqual(['x_max', 'x_min', 'y_max', 'y_min']);
    expect(body.finish_reason).toBe('stop');
  });

  it('400 in the cloud shape for every malformed field, never a 500', async () => {
    const cases: [unknown, string | null][] = [
      ['{not json', null],
      [{ object: 'cat' }, 'image_url'],
      [{ image_url: 'data:image/png;base64,AAAA', object: 'cat' }, 'image_url'],
      [{ image_url: imageDataUrl, object: '  ' }, 'object'],
      [{ image_url: imageDataUrl, object: 'cat', spatial_refs: [[0.5, 1.5]] }, 'spatial_refs[0]'],
      [{ image_url: imageDataUrl, object: 'cat', spatial_refs: [[0.9, 0.1, 0.1, 0.9]] }, 'spatial_refs[0]'],
      [{ image_url: imageDataUrl, object: 'cat', stream: 'yes' }, 'stream'],
      [{ image_url: imageDataUrl, object: 'gravestone' }, 'object'], // a name the detector does not know
    ];
    for (const [body, param] of cases) {
      const response = await post(body);
      expect(response.status, JSON.stringify(body).slice(0, 60)).toBe(400);
      const error = (await response.json()).error;
      expect(typeof error.message).toBe('string');
      expect(error.param).toBe(param);
      if (param === 'object' && (body as { object: string }).object !== '  ') {
        expect(error.code).toBe('ungrounded');
        expect(error.message).toMatch(/add a point or a box/);
      }
    }
  });

  it('413 above 10 MB', async () => {
    const response = await post({
      image_url: `data:image/png;base64,${'A'.repeat(10_000_100)}`,
      object: 'cat',
    });
    expect(response.status).toBe(413);
  });

  it('GET /health and a CORS preflight from localhost', async () => {
    expect(await (await fetch(`${url}/health`)).json()).toMatchObject({ status: 'ok', mode: 'engine' });
    const preflight = await fetch(`${url}/segment`, {
      method: 'OPTIONS',
      headers: { Origin: 'http://localhost:6006', 'Access-Control-Request-Method': 'POST' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('http://localhost:6006');
    const foreign = await fetch(`${url}/segment`, {
      method: 'OPTIONS',
      headers: { Origin: 'https://evil.example' },
    });
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('429 when the queue is full', () => {
  it('answers 429 with Retry-After, and the client gets rate_limited', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const slow: Segmenter = {
      async *stream() {
        await gate;
        yield { type: 'bbox', bbox: { xMin: 0, yMin: 0, xMax: 1, yMax: 1 } };
        yield { type: 'final', path: 'M0,0L1,0L1,1z', bbox: { xMin: 0, yMin: 0, xMax: 1, yMax: 1 } };
      },
      segment: () => Promise.reject(new Error('unused')),
    };
    const { url, server } = await listen(
      createSegmentHandler({ segmenter: slow, concurrency: 1, maxQueue: 1, log: () => {} }),
    );
    const body = JSON.stringify({ image_url: imageDataUrl, object: 'x', spatial_refs: [[0.5, 0.5]] });
    const first = fetch(`${url}/segment`, {
      method: 'POST',
      body,
      headers: { 'Content-Type': 'application/json' },
    });
    const second = fetch(`${url}/segment`, {
      method: 'POST',
      body,
      headers: { 'Content-Type': 'application/json' },
    });
    await new Promise((r) => setTimeout(r, 100));
    const third = await fetch(`${url}/segment`, {
      method: 'POST',
      body,
      headers: { 'Content-Type': 'application/json' },
    });
    expect(third.status).toBe(429);
    expect(third.headers.get('retry-after')).toBe('1');
    const error = await createMoondreamSegmenter({ endpoint: url, retry: false })
      .segment({ image, object: 'x', spatialRefs: [[0.5, 0.5]] })
      .catch((e: unknown) => e);
    expect((error as SegmentError).code).toBe('rate_limited');
    release();
    expect((await first).status).toBe(200);
    expect((await second).status).toBe(200);
    await new Promise<void>((r) => server.close(() => r()));
  });

  it('a client that leaves while queued gives up its place, and its work never starts', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let started = 0;
    const slow: Segmenter = {
      async *stream() {
        started++;
        await gate;
        yield { type: 'final', path: 'M0,0L1,0L1,1z', bbox: { xMin: 0, yMin: 0, xMax: 1, yMax: 1 } };
      },
      segment: () => Promise.reject(new Error('unused')),
    };
    const { url, server } = await listen(
      createSegmentHandler({ segmenter: slow, concurrency: 1, log: () => {} }),
    );
    const body = JSON.stringify({ image_url: imageDataUrl, object: 'x', spatial_refs: [[0.5, 0.5]] });
    const health = async () =>
      (await fetch(`${url}/health`)).json() as Promise<{ running: number; waiting: number }>;
    const first = fetch(`${url}/segment`, {
      method: 'POST',
      body,
      headers: { 'Content-Type': 'application/json' },
    });
    const leaving = new AbortController();
    const second = fetch(`${url}/segment`, {
      method: 'POST',
      body,
      headers: { 'Content-Type': 'application/json' },
      signal: leaving.signal,
    }).catch(() => null);
    for (let h = await health(); h.waiting < 1; h = await health())
      await new Promise((r) => setTimeout(r, 5));
    leaving.abort();
    await second;
    for (let h = await health(); h.waiting > 0; h = await health())
      await new Promise((r) => setTimeout(r, 5));
    release();
    expect((await first).status).toBe(200);
    expect(started).toBe(1);
    expect(await health()).toMatchObject({ running: 0, waiting: 0 });
    await new Promise<void>((r) => server.close(() => r()));
  });
});

describe('proxy mode', () => {
  let upstream: LoopbackServer;
  beforeAll(async () => {
    upstream = await startLoopbackServer();
  });
  afterAll(() => upstream.close());

  it('adds the key, forwards the body, and streams events through unbuffered', async () => {
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    upstream.use(async (_req, res) => {
      sseHeaders(res);
      await writeSse(res, sseText(moondreamEvents().slice(0, 2)));
      await held; // the rest only comes after the client has seen the first events
      await writeSse(res, sseText(moondreamEvents().slice(2)));
      res.end();
    });
    const { url, server } = await listen(
      createSegmentHandler({ apiKey: 'server-side-key', upstream: upstream.url, log: () => {} }),
    );
    const client = createMoondreamSegmenter({ endpoint: url, retry: false });
    const seen: string[] = [];
    for await (const event of client.stream({ image, object: 'cat' })) {
      seen.push(event.type);
      if (seen.length === 2) release(); // proof of streaming: these arrived before the upstream finished
    }
    expect(seen).toEqual([
      'bbox',
      'path_delta',
      'path_delta',
      'path_delta',
      'path_delta',
      'path_delta',
      'final',
    ]);
    expect(upstream.requests[0]!.headers['x-moondream-auth']).toBe('server-side-key');
    expect(JSON.parse(upstream.requests[0]!.body).object).toBe('cat');
    await new Promise<void>((r) => server.close(() => r()));
  });
});

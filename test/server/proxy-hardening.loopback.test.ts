import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMoondreamSegmenter, SegmentError } from '../../src/index';
import { createSegmentHandler, toNodeHandler, type SegmentHandlerOptions } from '../../src/server/index';
import { moondreamEvents, sseText } from '../helpers/fixtures';
import {
  sleep,
  sseHeaders,
  startLoopbackServer,
  writeSse,
  type LoopbackServer,
} from '../helpers/loopback-server';

// A real collection, not a hint: the abort link must survive it.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const image = new Uint8Array([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 8, 0, 0, 0, 8,
  8, 2, 0, 0, 0,
]);
const imageUrl = `data:image/png;base64,${Buffer.from(image).toString('base64')}`;
const goodBody = { image_url: imageUrl, object: 'cat', spatial_refs: [[0.5, 0.5]], stream: true };

let upstream: LoopbackServer;
const servers: Server[] = [];
beforeAll(async () => {
  upstream = await startLoopbackServer();
});
afterAll(async () => {
  for (const s of servers) {
    s.closeAllConnections();
    await new Promise<void>((r) => s.close(() => r()));
  }
  await upstream.close();
});

async function proxy(options: Partial<SegmentHandlerOptions> = {}, logs: string[] = []): Promise<string> {
  const handler = createSegmentHandler({
    apiKey: 'sk-secret-key',
    upstream: `${upstream.url}/v1`,
    log: (line) => logs.push(line),
    ...options,
  });
  const server = createServer(toNodeHandler(handler));
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
}

const post = (url: string, body: unknown, headers: Record<string, string> = {}, signal?: AbortSignal) =>
  fetch(`${url}/segment`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
    signal,
  });

describe('the proxy ends the upstream request whenever the client leaves', () => {
  it('under concurrent load with GC forced: every one of 24 upstream requests is aborted', async () => {
    const url = await proxy();
    let hold!: () => void;
    const held = new Promise<void>((r) => (hold = r));
    upstream.use(async (_req, res) => {
      sseHeaders(res);
      await writeSse(res, sseText(moondreamEvents().slice(0, 1)));
      await held; // never sends the rest while the test runs
    });
    const before = upstream.requests.length;
    const clients = Array.from({ length: 24 }, () => new AbortController());
    const readers = await Promise.all(
      clients.map(async (client) => {
        const response = await post(url, goodBody, {}, client.signal);
        const reader = response.body!.getReader();
        await reader.read(); // the first event arrived: the upstream request is live
        return reader;
      }),
    );
    for (let i = 0; i < 5; i++) {
      gc();
      await sleep(10);
    }
    clients.forEach((client) => client.abort());
    await Promise.all(readers.map((r) => r.cancel().catch(() => {})));
    for (let i = 0; i < 3; i++) {
      gc();
      await sleep(10);
    }
    const mine = upstream.requests.slice(before);
    expect(mine).toHaveLength(24);
    await Promise.race([Promise.all(mine.map((r) => r.closed)), sleep(5000)]);
    expect(mine.filter((r) => r.aborted())).toHaveLength(24);
    hold();
  });

  it('a client that leaves before the upstream answers aborts it too (GC forced while waiting)', async () => {
    const url = await proxy();
    upstream.use(async () => {}); // never answers
    const before = upstream.requests.length;
    const clients = Array.from({ length: 12 }, () => new AbortController());
    const pending = clients.map((c) => post(url, goodBody, {}, c.signal).catch(() => null));
    while (upstream.requests.length < before + 12) await sleep(10);
    gc();
    await sleep(20);
    gc();
    clients.forEach((c) => c.abort());
    await Promise.all(pending);
    const mine = upstream.requests.slice(before);
    await Promise.race([Promise.all(mine.map((r) => r.closed)), sleep(5000)]);
    expect(mine.filter((r) => r.aborted())).toHaveLength(12);
  });
});

describe('proxy timeouts', () => {
  it('an upstream that never answers: 504 naming the wait, with CORS', async () => {
    const url = await proxy({ timeouts: { firstByteMs: 300 } });
    upstream.use(async () => {});
    const response = await post(url, goodBody, { Origin: 'http://localhost:5173' });
    expect(response.status).toBe(504);
    expect(response.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    const error = (await response.json()).error;
    expect(error.code).toBe('upstream_timeout');
    expect(error.message).toMatch(/300 ms/);
  });

  it('a stream that goes silent ends with the error event; the kit reports a SegmentError', async () => {
    const url = await proxy({ timeouts: { idleMs: 300 } });
    upstream.use(async (_req, res) => {
      sseHeaders(res);
      await writeSse(res, sseText(moondreamEvents().slice(0, 2)));
      // then silence
    });
    const raw = await (await post(url, goodBody)).text();
    expect(raw).toMatch(
      /data: \{"type":"error","error":\{"message":"The upstream sent no data within 300 ms/,
    );
    const client = createMoondreamSegmenter({ endpoint: url, retry: false });
    const seen: string[] = [];
    const error = await (async () => {
      for await (const event of client.stream({ image, object: 'cat', spatialRefs: [[0.5, 0.5]] }))
        seen.push(event.type);
    })().catch((e: unknown) => e);
    expect(seen).toEqual(['bbox', 'path_delta']);
    expect(error).toBeInstanceOf(SegmentError);
    expect((error as SegmentError).code).toBe('server_error');
    expect((error as SegmentError).message).toMatch(/no data within 300 ms/);
  });
});

describe('the key is spent only on valid requests from allowed origins', () => {
  it('a foreign Origin gets 403 and nothing is forwarded; its own origin and listed ones pass', async () => {
    const url = await proxy();
    upstream.use((_req, res) => {
      sseHeaders(res);
      res.end(sseText(moondreamEvents()));
    });
    const before = upstream.requests.length;
    const foreign = await post(url, goodBody, {
      Origin: 'https://evil.example',
      'Content-Type': 'text/plain',
    });
    expect(foreign.status).toBe(403);
    expect(upstream.requests.length).toBe(before);
    const host = new URL(url).host;
    expect((await post(url, goodBody, { Origin: `http://${host}` })).status).toBe(200);
    expect((await post(url, goodBody, { Origin: 'http://localhost:3000' })).status).toBe(200);
    expect(upstream.requests.length).toBe(before + 2);
  });

  it("corsOrigins '*' admits any origin", async () => {
    const url = await proxy({ corsOrigins: '*' });
    upstream.use((_req, res) => {
      sseHeaders(res);
      res.end(sseText(moondreamEvents()));
    });
    const response = await post(url, goodBody, { Origin: 'https://anywhere.example' });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    await response.text();
  });

  it('malformed bodies are refused before anything is forwarded', async () => {
    const url = await proxy({ maxBodyBytes: 200_000 });
    const before = upstream.requests.length;
    const bomb = Buffer.from(image);
    bomb.writeUInt32BE(65535, 16);
    bomb.writeUInt32BE(65535, 20);
    const cases: [unknown, number, string | null][] = [
      ['{not json', 400, null],
      [{ ...goodBody, object: 7 }, 400, 'object'],
      [{ ...goodBody, object: 'x'.repeat(501) }, 400, 'object'],
      [{ ...goodBody, spatial_refs: [[2, 0.5]] }, 400, 'spatial_refs[0]'],
      [{ ...goodBody, spatial_refs: Array.from({ length: 300 }, () => [0.5, 0.5]) }, 400, 'spatial_refs'],
      [{ ...goodBody, image_url: 42 }, 400, 'image_url'],
      [{ ...goodBody, image_url: `data:image/png;base64,${bomb.toString('base64')}` }, 413, 'image_url'],
      [{ ...goodBody, image_url: `data:image/png;base64,${'A'.repeat(300_000)}` }, 413, 'image_url'],
      [{ ...goodBody, spatial_refs: [], negative_refs: [[0.2, 0.2]] }, 400, 'negative_refs'],
      [
        { ...goodBody, negative_refs: [[0.2, 0.2]], previous: { path: 'M0,0L1', bbox: {} } },
        400,
        'previous.bbox',
      ],
    ];
    for (const [body, status, param] of cases) {
      const response = await post(url, body, { Origin: 'http://localhost:3000' });
      expect(response.status, JSON.stringify(body).slice(0, 80)).toBe(status);
      expect(response.headers.get('access-control-allow-origin')).toBe('http://localhost:3000');
      expect((await response.json()).error.param).toBe(param);
    }
    expect(upstream.requests.length).toBe(before);
  });
});

describe('what passes through, and what never does', () => {
  it("an upstream 429's Retry-After reaches the client, with CORS", async () => {
    const url = await proxy();
    upstream.use((_req, res) => {
      res.writeHead(429, { 'Content-Type': 'application/json', 'Retry-After': '7' });
      res.end(JSON.stringify({ error: { message: 'slow down' } }));
    });
    const response = await post(url, goodBody, { Origin: 'http://localhost:3000' });
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('7');
    expect(response.headers.get('access-control-allow-origin')).toBe('http://localhost:3000');
    const error = await createMoondreamSegmenter({ endpoint: url, retry: false })
      .segment({ image, object: 'cat', spatialRefs: [[0.5, 0.5]] })
      .catch((e: unknown) => e);
    expect((error as SegmentError).retryAfterMs).toBe(7000);
  });

  it('an unreachable upstream with credentials in its URL: 502 with CORS, no credential or key in answer or log', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const logs: string[] = [];
    const url = await proxy({ upstream: `http://admin:hunter2@127.0.0.1:${port}/v1?token=tok-123` }, logs);
    const response = await post(`${url}`, goodBody, { Origin: 'http://localhost:3000' });
    expect(response.status).toBe(502);
    expect(response.headers.get('access-control-allow-origin')).toBe('http://localhost:3000');
    const text = JSON.stringify([...response.headers]) + (await response.text()) + logs.join('\n');
    for (const secret of ['hunter2', 'admin', 'tok-123', 'sk-secret-key']) expect(text).not.toContain(secret);
  });

  it('a query string in the upstream URL keeps working; URL credentials go as Basic auth', async () => {
    const url = await proxy({ upstream: `http://u:p%40ss@${new URL(upstream.url).host}/v1?tenant=7` });
    upstream.use((_req, res) => {
      sseHeaders(res);
      res.end(sseText(moondreamEvents()));
    });
    await (await post(url, goodBody)).text();
    const seen = upstream.requests.at(-1)!;
    expect(seen.url).toBe('/v1/segment?tenant=7');
    expect(seen.headers.authorization).toBe(`Basic ${Buffer.from('u:p@ss').toString('base64')}`);
    expect(seen.headers['x-moondream-auth']).toBe('sk-secret-key');
  });
});

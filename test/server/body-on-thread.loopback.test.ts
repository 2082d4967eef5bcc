import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SegmentError } from '../../src/index';
import { createEnginePool, createSegmentHandler, type EnginePool } from '../../src/server/index';
import { DEFAULT_LIMITS } from '../../src/server/limits';
import { dataUrlOf, rectanglePng } from '../helpers/fixtures';
import { bombPng } from '../helpers/bomb-images';
import { collect } from '../helpers/streams';

const encode = (value: unknown) =>
  new TextEncoder().encode(typeof value === 'string' ? value : JSON.stringify(value));

async function refusalOf(promise: Promise<unknown>): Promise<SegmentError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SegmentError);
  return error as SegmentError;
}

describe('the engine pool parses /segment bodies on its threads', () => {
  let pool: EnginePool;
  let png: Uint8Array;
  beforeAll(async () => {
    pool = createEnginePool({ size: 1, model: false });
    png = await rectanglePng(64, 48, [10, 10, 50, 40]);
  });
  afterAll(() => pool.destroy());

  it('takes the raw body across (its buffer moves to the thread) and gives back the request with the image bytes', async () => {
    const body = encode({
      image_url: dataUrlOf(png),
      object: 'box',
      spatial_refs: [[0.1, 0.1, 0.9, 0.9]],
      negative_refs: [[0.5, 0.5]],
      stream: true,
    });
    const parsed = await pool.parseBody(body, DEFAULT_LIMITS);
    expect(body.byteLength).toBe(0); // transferred, not copied: the JSON never parsed here
    expect(parsed.stream).toBe(true);
    expect(parsed.request).toMatchObject({
      object: 'box',
      spatialRefs: [[0.1, 0.1, 0.9, 0.9]],
      negativeRefs: [[0.5, 0.5]],
    });
    expect(Array.from(parsed.request.image)).toEqual(Array.from(png));
    // Segmenting it moves the decoded bytes on to the thread (the pool made them); the caller's
    // own bytes are copied and stay usable.
    const events = await collect(pool.stream(parsed.request));
    expect(events.at(-1)!.type).toBe('final');
    expect(parsed.request.image.byteLength).toBe(0);
    await collect(pool.stream({ image: png, object: 'box', spatialRefs: [[0.1, 0.1, 0.9, 0.9]] }));
    expect(png.byteLength).toBeGreaterThan(0);
  });

  it('refuses on the thread with the same typed errors, naming the field', async () => {
    const bad = await refusalOf(pool.parseBody(encode('{"image_url": '), DEFAULT_LIMITS));
    expect(bad).toMatchObject({ code: 'invalid_input', status: 400 });
    const object = await refusalOf(
      pool.parseBody(encode({ image_url: dataUrlOf(png), object: 'x'.repeat(501) }), DEFAULT_LIMITS),
    );
    expect(object).toMatchObject({ code: 'invalid_input', status: 400, param: 'object' });
    const refs = await refusalOf(
      pool.parseBody(
        encode({ image_url: dataUrlOf(png), object: 'box', spatial_refs: Array(300).fill([0.5, 0.5]) }),
        DEFAULT_LIMITS,
      ),
    );
    expect(refs).toMatchObject({ status: 400, param: 'spatial_refs' });
    const bomb = await refusalOf(
      pool.parseBody(encode({ image_url: dataUrlOf(bombPng()), object: 'box' }), DEFAULT_LIMITS),
    );
    expect(bomb).toMatchObject({ code: 'payload_too_large', status: 413, param: 'image_url' });
    expect(bomb.message).toContain('maxPixels');
  });

  it('a body that is not its own buffer (a view into a larger one) is copied, not taken from its owner', async () => {
    const json = encode({ image_url: dataUrlOf(png), object: 'box', spatial_refs: [[0.1, 0.1, 0.9, 0.9]] });
    const backing = new Uint8Array(json.byteLength + 16);
    backing.set(json, 8);
    const view = backing.subarray(8, 8 + json.byteLength);
    const parsed = await pool.parseBody(view, DEFAULT_LIMITS);
    expect(parsed.request.object).toBe('box');
    expect(backing.byteLength).toBe(json.byteLength + 16);
  });

  it('the handler hands the pool its bodies, and a bad one is refused at once while the engine is held', async () => {
    const seen: number[] = [];
    const segmenter: EnginePool = {
      ...pool,
      parseBody: (body, limits) => {
        seen.push(body.byteLength);
        return pool.parseBody(body, limits);
      },
    };
    const handler = createSegmentHandler({ segmenter, concurrency: 1, log: () => {} });
    const post = (body: unknown) =>
      handler(
        new Request('http://127.0.0.1/v1/segment', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify(body),
        }),
      );
    // A stream nobody reads holds the only turn.
    const held = await post({
      image_url: dataUrlOf(png),
      object: 'box',
      spatial_refs: [[0.1, 0.1, 0.9, 0.9]],
      stream: true,
    });
    expect(held.status).toBe(200);
    const refused = await post({
      image_url: dataUrlOf(png),
      object: 'box',
      spatial_refs: [[2, 0.1, 0.9, 0.9]],
    });
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { error: { param: string } }).error.param).toMatch(/^spatial_refs/);
    expect(seen).toHaveLength(2);
    expect(seen.every((n) => n > 0)).toBe(true);
    await held.body!.cancel();
  });
});

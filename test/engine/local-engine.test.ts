import { describe, expect, it } from 'vitest';
import {
  SegmentError,
  decodeSegmentStream,
  maskIoU,
  parsePath,
  rasterizePath,
  toWireEvent,
  type Pixels,
  type SegmentEvent,
} from '../../src/index';
import type { WireableEvent } from '../../src/protocol/types';
import { createLocalSegmenter } from '../../src/engine/index';
import { traceContours } from '../../src/engine/algorithm/contours';
import { collect, streamOf, utf8 } from '../helpers/streams';

/** A red ring (a disc with a hole) on a textured grey background. */
function donutImage(w = 320, h = 240): { image: Pixels; truth: Uint8Array } {
  const data = new Uint8ClampedArray(w * h * 4);
  const truth = new Uint8Array(w * h);
  const cx = 150,
    cy = 120,
    r1 = 80,
    r0 = 30;
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const d = Math.hypot(x + 0.5 - cx, y + 0.5 - cy);
      const inside = d <= r1 && d >= r0;
      const i = (y * w + x) * 4;
      const noise = ((x * 7 + y * 13) % 17) - 8;
      if (inside) {
        data[i] = 200 + noise;
        data[i + 1] = 40;
        data[i + 2] = 30;
      } else {
        data[i] = 110 + noise;
        data[i + 1] = 120 + noise;
        data[i + 2] = 115;
      }
      data[i + 3] = 255;
      truth[y * w + x] = inside ? 1 : 0;
    }
  return { image: { data, width: w, height: h }, truth };
}

const local = createLocalSegmenter({ worker: false, model: false });

describe('offline engine', () => {
  const { image, truth } = donutImage();
  const box = [60 / 320, 30 / 240, 240 / 320, 210 / 240] as const;

  it('streams bbox, whole-command coarse chunks, then a refined final with the hole', async () => {
    const events = await collect(local.stream({ image, object: 'ring', spatialRefs: [box] }));
    expect(events[0]).toEqual({
      type: 'bbox',
      bbox: { xMin: box[0], yMin: box[1], xMax: box[2], yMax: box[3] },
    });
    const deltas = events.filter(
      (e): e is Extract<SegmentEvent, { type: 'path_delta' }> => e.type === 'path_delta',
    );
    expect(deltas.length).toBeGreaterThan(8);
    deltas.forEach((d, i) => {
      expect(d.chunk).toMatch(
        i === 0 ? /^M -?[\d.]+ -?[\d.]+$/ : /^ (L -?[\d.]+ -?[\d.]+|z|M -?[\d.]+ -?[\d.]+)$/,
      );
      expect(parsePath(i === 0 ? d.chunk : `M 0 0${d.chunk}`).length).toBeGreaterThan(0);
    });
    const final = events.at(-1) as Extract<SegmentEvent, { type: 'final' }>;
    expect(final.type).toBe('final');
    expect(final.path).toMatch(/^M-?\.?\d/); // the refined compact syntax
    expect(final.path.match(/M/g)!.length).toBeGreaterThanOrEqual(2); // outer ring and hole
    // The coarse path, read relative to the first bbox, covers the ring too.
    const coarse = rasterizePath(
      deltas.map((d) => d.chunk).join(''),
      (events[0] as Extract<SegmentEvent, { type: 'bbox' }>).bbox,
      320,
      240,
    );
    expect(maskIoU(coarse, truth)).toBeGreaterThan(0.85);
    const refined = rasterizePath(final.path, final.bbox!, 320, 240);
    expect(maskIoU(refined, truth)).toBeGreaterThan(0.92);
    expect(refined[120 * 320 + 150]).toBe(0); // the hole is a hole under nonzero
    // The final bbox is the refined mask's own extent, not the prompt box.
    expect(final.bbox!.xMin).toBeGreaterThan(box[0]);
    expect(final.bbox!.xMin).toBeCloseTo(70 / 320, 1);
  });

  it('every event passes the core decoder as SSE', async () => {
    const events = await collect(local.stream({ image, object: 'ring', spatialRefs: [box] }));
    const sse = events.map((e) => `data: ${JSON.stringify(toWireEvent(e as WireableEvent))}\n\n`).join('');
    expect(await collect(decodeSegmentStream(streamOf([utf8(sse)])))).toEqual(events);
  });

  it('segments from a point alone, also an object larger than the first search region', async () => {
    const result = await local.segment({ image, object: 'ring', spatialRefs: [[150 / 320, 60 / 240]] });
    expect(maskIoU(rasterizePath(result.path, result.bbox, 320, 240), truth)).toBeGreaterThan(0.85);
  });

  it('text alone with no way to ground it: ungrounded, saying to add a point or box', async () => {
    const error = await local.segment({ image, object: 'ring' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SegmentError);
    expect((error as SegmentError).code).toBe('ungrounded');
    expect((error as SegmentError).message).toMatch(/point or a box/);
  });

  it('rejects bad refs before work and honours abort', async () => {
    const bad = await local
      .segment({ image, object: 'ring', spatialRefs: [[2, 0]] })
      .catch((e: unknown) => e);
    expect((bad as SegmentError).code).toBe('invalid_input');
    const controller = new AbortController();
    const seen: string[] = [];
    const error = await (async () => {
      for await (const e of local.stream({
        image,
        object: 'ring',
        spatialRefs: [box],
        signal: controller.signal,
      })) {
        seen.push(e.type);
        controller.abort();
      }
    })().catch((e: unknown) => e);
    expect((error as SegmentError).code).toBe('aborted');
    expect(seen).toEqual(['bbox']);
  });

  it('traced contours wind holes opposite to outlines, so nonzero fill reproduces the mask', () => {
    const w = 60,
      h = 50;
    const mask = new Uint8Array(w * h);
    for (let y = 5; y < 45; y++)
      for (let x = 5; x < 55; x++) mask[y * w + x] = x >= 20 && x < 40 && y >= 15 && y < 35 ? 0 : 1;
    const field = Float32Array.from(mask);
    const rings = traceContours(field, w, h);
    expect(rings).toHaveLength(2);
    const d = rings.map((r) => `M${Array.from(r).join(' ')}z`).join('');
    const back = rasterizePath(d, { xMin: 0, yMin: 0, xMax: 1 / w, yMax: 1 / h }, w, h);
    expect(maskIoU(back, mask)).toBeGreaterThan(0.98);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { vl } from 'moondream';
import { startServer, type RunningServer } from '../../src/server/index';
import { dataUrlOf, rectanglePng } from '../helpers/fixtures';

// The official Moondream Node client (npm `moondream`), pointed at `segmask serve` through its
// endpoint option. Images go as data URLs, which the client sends as they are.
const W = 160,
  H = 120;
let running: RunningServer;
let imageUrl: string;
beforeAll(async () => {
  running = await startServer({ port: 0, threads: 1, engine: 'graph-cut', log: () => {} });
  imageUrl = dataUrlOf(await rectanglePng(W, H, [40, 30, 120, 90]));
});
afterAll(() => running.close());

describe('the official moondream client against segmask serve', () => {
  it('gets a result without streaming', async () => {
    const model = new vl({ endpoint: running.url });
    const result = await model.segment({
      image: { imageUrl },
      object: 'rectangle',
      spatialRefs: [[0.2, 0.2, 0.8, 0.8]],
    });
    expect('path' in result && result.path.length).toBeGreaterThan(0);
    const bbox = (result as { bbox: { x_min: number; y_min: number; x_max: number; y_max: number } }).bbox;
    expect(bbox.x_min * W).toBeCloseTo(40, -1);
    expect(bbox.y_max * H).toBeCloseTo(90, -1);
  });

  it('gets bbox, path chunks and the final path when streaming', async () => {
    const model = new vl({ endpoint: running.url });
    const answer = await model.segment({
      image: { imageUrl },
      object: 'rectangle',
      spatialRefs: [[0.5, 0.5]],
      stream: true,
    });
    const parts: Record<string, unknown>[] = [];
    for await (const part of (answer as { stream: AsyncIterable<Record<string, unknown>> }).stream)
      parts.push(part);
    expect(parts[0]).toHaveProperty('bbox');
    expect(parts.filter((p) => 'chunk' in p).length).toBeGreaterThan(2);
    const last = parts.at(-1)!;
    expect(last).toMatchObject({ completed: true });
    expect(typeof last.path).toBe('string');
    expect((last.bbox as { x_min: number }).x_min * W).toBeCloseTo(40, -1);
  });
});

import { describe, expect, it } from 'vitest';
import { threadOptionsOf } from '../../src/engine/runtime/node/thread-options';

const MB = 2 ** 20;

describe('threadOptionsOf', () => {
  it("divides the engine's embedding cache among a pool's threads", () => {
    expect(threadOptionsOf({}, 2).learned?.embeddingCacheBytes).toBe(32 * MB);
    expect(threadOptionsOf({}, 1).learned?.embeddingCacheBytes).toBe(64 * MB);
    expect(
      threadOptionsOf({ learned: { embeddingCacheBytes: 120 * MB } }, 4).learned?.embeddingCacheBytes,
    ).toBe(30 * MB);
  });

  it('leaves each thread room for one embedding, and the other options as they were', () => {
    const options = threadOptionsOf({ model: false, learned: { embeddingCacheBytes: 0, threads: 1 } }, 16);
    expect(options).toEqual({ model: false, learned: { embeddingCacheBytes: 4 * MB, threads: 1 } });
  });
});

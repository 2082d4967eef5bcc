import { describe, expect, it } from 'vitest';
import type { Pixels } from '../../../src/index';
import { createEmbeddingStore } from '../../../src/engine/learned/embedding-store';
import type { SamEmbedding } from '../../../src/engine/learned/sam-model';

const MB4 = 256 * 64 * 64 * 4;
const image: Pixels = { data: new Uint8Array(4), width: 1, height: 1 };

/** An encoder whose runs finish when the test says, recording what it was asked. */
function controlledEncoder() {
  const calls: Pixels[] = [];
  const finish: (() => void)[] = [];
  let running = 0,
    most = 0;
  const encode = (pixels: Pixels) => {
    calls.push(pixels);
    most = Math.max(most, ++running);
    return new Promise<SamEmbedding>((resolve) =>
      finish.push(() => {
        running--;
        resolve({ data: new Float32Array(1), width: pixels.width, height: pixels.height });
      }),
    );
  };
  return { encode, calls, finish, most: () => most };
}
const tick = () => new Promise((r) => setTimeout(r, 0));

describe('the embedding store', () => {
  it('encodes one image at a time, once per image, and shares the result', async () => {
    const enc = controlledEncoder();
    const store = createEmbeddingStore(enc.encode, 8 * MB4);
    const a1 = store.get('a', image),
      a2 = store.get('a', image),
      b = store.get('b', image);
    await tick();
    expect(enc.calls).toHaveLength(1); // b waits for a
    enc.finish.shift()!();
    expect(await a1).toBe(await a2);
    await tick();
    expect(enc.calls).toHaveLength(2);
    enc.finish.shift()!();
    await b;
    expect(enc.most()).toBe(1);
    expect(store.ready('a')).toBeDefined();
  });

  it('keeps at most its byte budget, least recently used out first', async () => {
    const enc = controlledEncoder();
    const store = createEmbeddingStore(enc.encode, 2 * MB4);
    for (const key of ['a', 'b', 'c']) {
      const p = store.get(key, image);
      await tick();
      enc.finish.shift()!();
      await p;
      if (key === 'b') store.get('a', image); // a used again: b is now the oldest
    }
    expect(store.stats()).toEqual({ entries: 2, bytes: 2 * MB4, queued: 0 });
    expect(store.ready('b')).toBeUndefined();
    expect(store.ready('a')).toBeDefined();
  });

  it('a cancelled request leaves no queued encode behind; a running one finishes, is kept, and holds its caller until then', async () => {
    const enc = controlledEncoder();
    const store = createEmbeddingStore(enc.encode, 8 * MB4);
    const running = new AbortController(),
      queued = new AbortController();
    const a = store.get('a', image, running.signal);
    const b = store.get('b', image, queued.signal);
    await tick();
    expect(store.stats().queued).toBe(1);
    queued.abort();
    running.abort();
    await expect(b).rejects.toMatchObject({ code: 'aborted' });
    expect(store.stats().queued).toBe(0);
    // The running encode's caller hears of its cancel only once the encoder is free, so the
    // thread's work stays visible to whoever counts it.
    let heard = false;
    a.catch(() => (heard = true));
    await tick();
    await tick();
    expect(heard).toBe(false);
    enc.finish.shift()!();
    await expect(a).rejects.toMatchObject({ code: 'aborted' });
    await tick();
    expect(enc.calls).toHaveLength(1); // b never started
    expect(store.ready('a')).toBeDefined();
  });

  it('a queued encode another request still waits for is not dropped', async () => {
    const enc = controlledEncoder();
    const store = createEmbeddingStore(enc.encode, 8 * MB4);
    const first = store.get('a', image);
    const leaving = new AbortController();
    const b1 = store.get('b', image, leaving.signal);
    const b2 = store.get('b', image);
    leaving.abort();
    await expect(b1).rejects.toMatchObject({ code: 'aborted' });
    enc.finish.shift()!();
    await first;
    await tick();
    enc.finish.shift()!();
    await expect(b2).resolves.toBeDefined();
  });

  it('holds its queue while the encoder loads: an image replaced meanwhile is never encoded', async () => {
    const enc = controlledEncoder();
    let loaded!: () => void;
    const store = createEmbeddingStore(enc.encode, 8 * MB4, new Promise<void>((r) => (loaded = r)));
    const replaced = new AbortController();
    const old = store.get('sample', image, replaced.signal);
    await tick();
    expect(enc.calls).toHaveLength(0); // still loading: queued, so a cancel can drop it
    expect(store.stats().queued).toBe(1);
    replaced.abort();
    await expect(old).rejects.toMatchObject({ code: 'aborted' });
    const own = store.get('own', image);
    loaded();
    await tick();
    expect(enc.calls).toHaveLength(1); // the visitor's photo alone
    enc.finish.shift()!();
    await expect(own).resolves.toBeDefined();
    expect(store.ready('sample')).toBeUndefined();
  });

  it('a failed load releases the queue: its encodes fail as the encoder does', async () => {
    let fail!: (e: Error) => void;
    const loading = new Promise<void>((_, reject) => (fail = reject));
    const store = createEmbeddingStore(
      async () => {
        await loading;
        throw new Error('unreachable');
      },
      8 * MB4,
      loading,
    );
    const waiting = store.get('a', image);
    fail(new Error('no model'));
    await expect(waiting).rejects.toThrow('no model');
    expect(store.stats().queued).toBe(0);
  });

  it('a request cancelled before it asks queues no encode', async () => {
    const enc = controlledEncoder();
    const store = createEmbeddingStore(enc.encode, 8 * MB4);
    const gone = new AbortController();
    gone.abort();
    await expect(store.get('a', image, gone.signal)).rejects.toMatchObject({ code: 'aborted' });
    await tick();
    expect(enc.calls).toHaveLength(0);
    expect(store.stats()).toEqual({ entries: 0, bytes: 0, queued: 0 });
  });
});

import { abortedError } from '../../protocol/errors';
import type { Pixels } from '../../protocol/types';
import { SAM_EMBEDDING_BYTES } from './sam-format';
import type { SamEmbedding } from './sam-model';

export interface EmbeddingStoreStats {
  /** Embeddings kept, and their bytes. */
  entries: number;
  bytes: number;
  /** Encodes waiting for the encoder (one runs at a time). */
  queued: number;
}

export interface EmbeddingStore {
  /**
   * The image's embedding: cached, or encoded (one image at a time, in order). When every
   * request waiting for a queued encode has been cancelled, the encode is dropped before it
   * starts; one already running finishes and is kept (the next click on that image needs it).
   */
  get(key: string, image: Pixels, signal?: AbortSignal): Promise<SamEmbedding>;
  /** The embedding when it is ready now, without waiting. */
  ready(key: string): SamEmbedding | undefined;
  stats(): EmbeddingStoreStats;
}

interface Entry {
  image: Pixels | null;
  embedding?: SamEmbedding;
  promise: Promise<SamEmbedding>;
  waiters: number;
  state: 'queued' | 'running' | 'ready';
  resolve(value: SamEmbedding): void;
  reject(error: unknown): void;
}

/**
 * Per engine thread: embeddings bounded in bytes (least recently used out first), and the one
 * queue of encodes. Its own queue rather than the runtime's, so a cancelled request's encode can
 * be taken out before it costs a second of CPU.
 *
 * `encoderReady` (the model loading) holds the queue: until it settles, every encode stays
 * queued and so can still be dropped. A photo replaced while the model loads (the page's sample,
 * then the visitor's own) must not cost an encode of the old one first.
 */
export function createEmbeddingStore(
  encode: (image: Pixels) => Promise<SamEmbedding>,
  maxBytes: number,
  encoderReady?: Promise<unknown>,
): EmbeddingStore {
  const entries = new Map<string, Entry>();
  const queue: string[] = [];
  let running = false;
  let held = encoderReady !== undefined;
  const release = () => {
    held = false;
    pump();
  };
  // A failed load releases too: the queued encodes then fail with its error, as their callers expect.
  encoderReady?.then(release, release);
  const limit = Math.max(1, Math.floor(maxBytes / SAM_EMBEDDING_BYTES));

  function evict(): void {
    for (const [key, entry] of entries) {
      if (entries.size <= limit) return;
      if (entry.state === 'ready') entries.delete(key);
    }
  }

  function pump(): void {
    if (running || held) return;
    const key = queue.shift();
    if (key === undefined) return;
    const entry = entries.get(key)!;
    running = true;
    entry.state = 'running';
    encode(entry.image!)
      .then(
        (embedding) => {
          entry.embedding = embedding;
          entry.state = 'ready';
          entry.image = null; // the pixels are the decoded-image cache's; not held here
          entry.resolve(embedding);
          evict();
        },
        (error: unknown) => {
          if (entries.get(key) === entry) entries.delete(key);
          entry.reject(error);
        },
      )
      .finally(() => {
        running = false;
        pump();
      });
  }

  function waitFor(key: string, entry: Entry, signal?: AbortSignal): Promise<SamEmbedding> {
    if (entry.state === 'ready') return entry.promise;
    if (signal?.aborted) return Promise.reject(abortedError(signal.reason));
    entry.waiters++;
    if (!signal) {
      const settle = () => void entry.waiters--;
      entry.promise.then(settle, settle);
      return entry.promise;
    }
    return new Promise<SamEmbedding>((resolve, reject) => {
      const onAbort = () => {
        const aborted = abortedError(signal.reason);
        if (--entry.waiters === 0 && entry.state === 'queued') {
          queue.splice(queue.indexOf(key), 1);
          entries.delete(key);
          entry.reject(aborted);
        }
        // A running encode cannot be stopped: the caller hears of its cancel once the encoder is
        // free, so whoever counts this thread's work (the pool's slot, admission) sees it busy.
        if (entry.state === 'running')
          entry.promise.then(
            () => reject(aborted),
            () => reject(aborted),
          );
        else reject(aborted);
      };
      signal.addEventListener('abort', onAbort, { once: true });
      entry.promise.then(
        (value) => {
          if (signal.aborted) return; // onAbort answers (the encode finished after the cancel)
          signal.removeEventListener('abort', onAbort);
          entry.waiters--;
          resolve(value);
        },
        (error: unknown) => {
          signal.removeEventListener('abort', onAbort);
          reject(error instanceof Error ? error : new Error(String(error)));
        },
      );
    });
  }

  return {
    get(key, image, signal) {
      let entry = entries.get(key);
      if (entry) {
        entries.delete(key);
        entries.set(key, entry); // most recently used last
        return waitFor(key, entry, signal);
      }
      // Cancelled already (a photo replaced while its caller waited for the model): no encode.
      if (signal?.aborted) return Promise.reject(abortedError(signal.reason));
      let resolve!: Entry['resolve'], reject!: Entry['reject'];
      const promise = new Promise<SamEmbedding>((res, rej) => ((resolve = res), (reject = rej)));
      promise.catch(() => {}); // a dropped encode's promise may have no one left to hear it
      entry = { image, promise, waiters: 0, state: 'queued', resolve, reject };
      entries.set(key, entry);
      queue.push(key);
      const waiting = waitFor(key, entry, signal);
      pump();
      return waiting;
    },
    ready: (key) => entries.get(key)?.embedding,
    stats() {
      let ready = 0;
      for (const entry of entries.values()) if (entry.state === 'ready') ready++;
      return { entries: ready, bytes: ready * SAM_EMBEDDING_BYTES, queued: queue.length };
    },
  };
}

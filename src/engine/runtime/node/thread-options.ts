import { SAM_EMBEDDING_BYTES } from '../../learned/sam-format';
import { DEFAULT_EMBEDDING_CACHE_BYTES, type EngineOptions } from '../engine-options';

/**
 * One engine thread's options in a pool of `threads`: the embedding cache is the pool's, divided
 * among its threads (each image goes to one thread), at least one embedding each. Per thread, a
 * 16-thread server would have held a gigabyte of embeddings.
 */
export function threadOptionsOf(options: EngineOptions, threads: number): EngineOptions {
  const total = options.learned?.embeddingCacheBytes ?? DEFAULT_EMBEDDING_CACHE_BYTES;
  const share = Math.max(SAM_EMBEDDING_BYTES, Math.floor(total / Math.max(1, threads)));
  return { ...options, learned: { ...options.learned, embeddingCacheBytes: share } };
}

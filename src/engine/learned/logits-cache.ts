/**
 * Per engine thread: the low-res logits of the last answers, keyed by the image and the path the
 * server sent. A correction that sends that path back as `previous` gives the decoder its own
 * logits as the mask input, which carries far more than the path rasterized back would; 256 KB
 * each, the last 32 kept.
 */
export function createLogitsCache(limit = 32) {
  const cache = new Map<string, Float32Array>();
  const keyOf = (image: string, path: string) => `${image}\n${path}`;
  return {
    get(image: string, path: string): Float32Array | undefined {
      return cache.get(keyOf(image, path));
    },
    set(image: string, path: string, logits: Float32Array): void {
      const key = keyOf(image, path);
      cache.delete(key);
      cache.set(key, logits);
      if (cache.size > limit) cache.delete(cache.keys().next().value!);
    },
  };
}

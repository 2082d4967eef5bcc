import type { ImageSource, Pixels } from '../../protocol/types';
import { imageToPixels } from '../../image/decode';
import { hashKey } from '../../util/hash';

// Per thread: a canvas or a client sends the same image with every prompt, and decoding (seconds
// for a 12 MP JPEG in Node) costs far more than a box prompt's first event. Pixels are never
// written to, so requests share them.
const decoded = new Map<string, Promise<Pixels>>();
const KEEP = 4;

/** A key for images that can be recognised when sent again (URLs, bytes); null for the rest. */
function imageId(image: ImageSource): string | null {
  if (typeof image === 'string') return image;
  if (image instanceof Uint8Array) return `bytes ${hashKey(image)}`;
  if (image instanceof ArrayBuffer) return `bytes ${hashKey(new Uint8Array(image))}`;
  return null;
}

// Images without a content key (pixels, DOM images) are known by identity while they live.
const identities = new WeakMap<object, string>();
let nextIdentity = 0;

/** A key for this image in a thread's caches (decoded pixels, embeddings, logits). */
export function imageKeyOf(image: ImageSource): string {
  const id = imageId(image);
  if (id !== null) return id.length > 256 ? hashKey(id) : id;
  let key = identities.get(image as object);
  if (!key) identities.set(image as object, (key = `object ${++nextIdentity}`));
  return key;
}

/** The image's pixels, decoded once per thread for the last few images (by URL or by content). */
export function decodedPixels(image: ImageSource, maxPixels: number, signal?: AbortSignal): Promise<Pixels> {
  const id = imageId(image);
  if (id === null) return imageToPixels(image, maxPixels, signal);
  const key = `${maxPixels} ${id}`;
  let pixels = decoded.get(key);
  if (pixels)
    decoded.delete(key); // re-inserted below: most recently used last
  else {
    pixels = imageToPixels(image, maxPixels); // shared, so not tied to one request's signal
    pixels.catch(() => decoded.delete(key));
  }
  decoded.set(key, pixels);
  if (decoded.size > KEEP) decoded.delete(decoded.keys().next().value!);
  return pixels;
}

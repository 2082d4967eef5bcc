import type { ImageSource } from '../protocol/types';
import { objectId } from './object-id';

/** A short stable key for an image: its identity for objects, a hash for long strings. */
export function imageKey(image: ImageSource): string {
  if (typeof image === 'string') {
    if (image.length <= 200) return image;
    // cyrb53-style hash: long data URLs should not be hashed into every query key.
    let h1 = 0xdeadbeef,
      h2 = 0x41c6ce57;
    for (let i = 0; i < image.length; i++) {
      const c = image.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 2654435761);
      h2 = Math.imul(h2 ^ c, 1597334677);
    }
    h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
    h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
    return `str:${image.length}:${(h2 >>> 0).toString(36)}${(h1 >>> 0).toString(36)}`;
  }
  return `obj:${objectId(image)}`;
}

import type { ImageSource } from '../protocol/types';
import { hashKey } from '../util/hash';
import { objectId } from './object-id';

/** A short stable key for an image: its identity for objects, a hash for long strings. */
export function imageKey(image: ImageSource): string {
  if (typeof image === 'string') {
    // Long data URLs should not be copied into every query key.
    return image.length <= 200 ? image : `str:${hashKey(image)}`;
  }
  return `obj:${objectId(image)}`;
}

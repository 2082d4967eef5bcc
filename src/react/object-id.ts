import { createIdMaker } from '../util/id-maker';

const ids = new WeakMap<object, number>();
const nextId = createIdMaker();

/**
 * A small number per object identity, for cache keys (an image Blob, a segmenter): the React
 * layer's one id map. Held weakly, so it keeps nothing alive.
 */
export function objectId(value: object): number {
  let id = ids.get(value);
  if (id === undefined) ids.set(value, (id = nextId()));
  return id;
}

const ids = new WeakMap<object, number>();
let nextId = 1;

/**
 * A small number per object identity, for cache keys (an image Blob, a segmenter): the one id
 * maker of the React layer. Held weakly, so it keeps nothing alive.
 */
export function objectId(value: object): number {
  let id = ids.get(value);
  if (id === undefined) ids.set(value, (id = nextId++));
  return id;
}

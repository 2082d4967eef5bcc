/** Numbers 1, 2, 3 … for ids that only need to be unique within one maker (request ids, keys). */
export function createIdMaker(): () => number {
  let next = 1;
  return () => next++;
}

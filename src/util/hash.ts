/**
 * A 53-bit hash (cyrb53) of every byte or UTF-16 unit, as a short key that also holds the length.
 * For cache keys (a decoded image, a query), not for security: fast enough to hash every byte.
 */
export function hashKey(data: Uint8Array | string): string {
  let h1 = 0xdeadbeef,
    h2 = 0x41c6ce57;
  // Two loops rather than one over a common accessor: this runs over megabytes of image bytes.
  if (typeof data === 'string') {
    for (let i = 0; i < data.length; i++) {
      const c = data.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 2654435761);
      h2 = Math.imul(h2 ^ c, 1597334677);
    }
  } else {
    for (let i = 0; i < data.length; i++) {
      const c = data[i]!;
      h1 = Math.imul(h1 ^ c, 2654435761);
      h2 = Math.imul(h2 ^ c, 1597334677);
    }
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return `${data.length}:${(h2 >>> 0).toString(36)}${(h1 >>> 0).toString(36)}`;
}

interface NodeBuffer {
  from(data: ArrayBufferLike, byteOffset: number, length: number): { toString(encoding: 'base64'): string };
  from(data: string, encoding: 'base64'): Uint8Array;
}
const NodeBufferCtor = (globalThis as { Buffer?: NodeBuffer }).Buffer;

export function bytesToBase64(bytes: Uint8Array): string {
  if (NodeBufferCtor)
    return NodeBufferCtor.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
  let binary = '';
  const step = 0x8000; // String.fromCharCode's argument limit
  for (let i = 0; i < bytes.length; i += step) {
    binary += String.fromCharCode.apply(null, bytes.subarray(i, i + step) as unknown as number[]);
  }
  return btoa(binary);
}

export function base64ToBytes(base64: string): Uint8Array {
  if (NodeBufferCtor) return new Uint8Array(NodeBufferCtor.from(base64, 'base64'));
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

export interface DataUrl {
  mime: string;
  bytes: Uint8Array;
}

/** Parses a base64 `data:` URL; null when `url` is not one. */
export function parseDataUrl(url: string): DataUrl | null {
  const match = /^data:([^;,]*)((?:;[^;,]*)*?);base64,/i.exec(url);
  if (!match) return null;
  return { mime: match[1] || 'application/octet-stream', bytes: base64ToBytes(url.slice(match[0].length)) };
}

export function toDataUrl(mime: string, bytes: Uint8Array): string {
  return `data:${mime};base64,${bytesToBase64(bytes)}`;
}

/** A ReadableStream that yields the given byte chunks. */
export function streamOf(chunks: Uint8Array[]): ReadableStream<Uint8Array> {
  let i = 0;
  return new ReadableStream({
    pull(controller) {
      if (i < chunks.length) controller.enqueue(chunks[i++]!);
      else controller.close();
    },
  });
}

/** Splits bytes at the given cut points (sorted, deduplicated, within range). */
export function splitAt(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const points = [...new Set(cuts.filter((c) => c > 0 && c < bytes.length))].sort((a, b) => a - b);
  const out: Uint8Array[] = [];
  let prev = 0;
  for (const p of points) {
    out.push(bytes.slice(prev, p));
    prev = p;
  }
  out.push(bytes.slice(prev));
  return out;
}

export async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

export const utf8 = (s: string) => new TextEncoder().encode(s);

/** The SegmentError a promise rejects with (fails the test when it resolves or throws another). */
export async function errorOf(promise: Promise<unknown>): Promise<import('../../src/index').SegmentError> {
  const { SegmentError } = await import('../../src/index');
  try {
    await promise;
  } catch (error) {
    if (!(error instanceof SegmentError)) throw error;
    return error;
  }
  throw new Error('expected a SegmentError');
}

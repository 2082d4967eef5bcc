import { SegmentError } from '../protocol/errors';

function tooLarge(maxBytes: number, declared?: number): SegmentError {
  return new SegmentError(
    'payload_too_large',
    `Request too large (${declared === undefined ? 'more than' : `${declared} bytes;`} the limit is ${maxBytes} bytes: maxBodyBytes).`,
    { param: 'image_url', status: 413 },
  );
}

/**
 * The request body, counted as it streams and cut at `maxBytes`: a chunked body is refused as
 * soon as it passes the limit, never buffered whole first. A declared Content-Length above the
 * limit is refused before reading anything.
 */
export async function readBodyCapped(request: Request, maxBytes: number): Promise<Uint8Array> {
  const declared = Number(request.headers.get('Content-Length') ?? NaN);
  if (declared > maxBytes) throw tooLarge(maxBytes, declared);
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > maxBytes) throw tooLarge(maxBytes);
      chunks.push(value);
    }
  } catch (error) {
    await reader.cancel().catch(() => {});
    if (error instanceof SegmentError) throw error;
    if (request.signal.aborted) throw new SegmentError('aborted', 'The client left while uploading.');
    throw new SegmentError('bad_request', 'The request body could not be read.', {
      status: 400,
      cause: error,
    });
  }
  if (chunks.length === 1) return chunks[0]!;
  const body = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    body.set(chunk, at);
    at += chunk.byteLength;
  }
  return body;
}

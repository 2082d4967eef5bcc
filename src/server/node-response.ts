import type { IncomingMessage, ServerResponse } from 'node:http';

const EARLY_ANSWER_MAX = 1_000_000;

async function readAll(body: ReadableStream<Uint8Array>): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = body.getReader();
  for (let step = await reader.read(); !step.done; step = await reader.read()) {
    size += step.value.byteLength;
    if (size > EARLY_ANSWER_MAX) {
      await reader.cancel();
      break;
    }
    chunks.push(step.value);
  }
  return Buffer.concat(chunks);
}

/** Reads and discards what the client still uploads, then ends: it reads our answer, not a reset. */
function lingerThenEnd(req: IncomingMessage, res: ServerResponse, lingerMs: number, lingerBytes: number) {
  let drained = 0;
  const stop = () => {
    clearTimeout(timer);
    req.off('data', count);
    req.off('end', finish);
    req.socket.destroy();
  };
  const finish = () => {
    clearTimeout(timer);
    res.end();
  };
  const count = (chunk: Buffer) => {
    drained += chunk.length;
    if (drained > lingerBytes) stop();
  };
  const timer = setTimeout(stop, lingerMs);
  req.on('data', count);
  req.once('end', finish);
  req.resume();
}

/** Streams the body chunk by chunk with backpressure; a client gone ends it. */
async function streamBody(res: ServerResponse, body: ReadableStream<Uint8Array>): Promise<void> {
  res.flushHeaders();
  const reader = body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (res.destroyed) throw new Error('client gone');
      if (!res.write(value))
        await new Promise((resolve) => res.once('drain', resolve).once('close', resolve));
    }
    res.end();
  } catch {
    res.destroy();
    await reader.cancel().catch(() => {});
  }
}

/**
 * Writes a fetch Response to Node's response. An early answer (the client still uploading) is
 * sent whole with its length, then the upload is drained for `lingerMs`/`lingerBytes` before
 * the socket closes.
 */
export function createResponseWriter(linger: { lingerMs: number; lingerBytes: number }) {
  return async function send(
    req: IncomingMessage,
    res: ServerResponse,
    response: Response,
    detachBody = () => {},
  ): Promise<void> {
    const headers = Object.fromEntries(response.headers);
    if (req.method !== 'HEAD' && req.method !== 'GET' && !req.complete) {
      detachBody();
      const body = response.body ? await readAll(response.body) : Buffer.alloc(0);
      res.writeHead(response.status, { ...headers, 'Content-Length': body.length, Connection: 'close' });
      res.write(body);
      lingerThenEnd(req, res, linger.lingerMs, linger.lingerBytes);
      return;
    }
    res.writeHead(response.status, headers);
    if (!response.body || req.method === 'HEAD') {
      await response.body?.cancel();
      res.end();
      return;
    }
    await streamBody(res, response.body);
  };
}

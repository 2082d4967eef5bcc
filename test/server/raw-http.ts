import { connect } from 'node:net';

export interface RawAnswer {
  /** Everything the server sent before the socket closed (or the wait ended). */
  text: string;
  /** The socket error the client saw (ECONNRESET ...), if any. */
  error?: string;
}

/**
 * Sends raw bytes to 127.0.0.1:port and collects what comes back until the server closes, the
 * answer looks complete, or `waitMs` passes. For bytes `fetch` would refuse to send.
 */
export function rawExchange(port: number, bytes: Buffer | string, waitMs = 1500): Promise<RawAnswer> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let text = '';
    let error: string | undefined;
    const done = () => {
      clearTimeout(timer);
      socket.destroy();
      resolve({ text, error });
    };
    const timer = setTimeout(done, waitMs);
    socket.on('data', (d) => (text += d.toString('latin1')));
    socket.on('error', (e: NodeJS.ErrnoException) => (error = e.code ?? e.message));
    socket.on('close', done);
    socket.write(bytes, () => socket.end());
  });
}

/**
 * Uploads `total` bytes (declared or chunked) without reading the answer first, as a client
 * still uploading does; resolves with what it read and whether it saw a reset.
 */
export function uploadWhileReading(
  port: number,
  options: { total: number; chunked: boolean; path?: string },
): Promise<RawAnswer & { sent: number }> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let text = '';
    let error: string | undefined;
    let sent = 0;
    const chunk = Buffer.alloc(64 * 1024, 0x41);
    const framed = options.chunked
      ? Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n')])
      : chunk;
    const timer = setTimeout(() => socket.destroy(), 20_000);
    socket.on('data', (d) => (text += d.toString('latin1')));
    socket.on('error', (e: NodeJS.ErrnoException) => (error = e.code ?? e.message));
    socket.on('close', () => {
      clearTimeout(timer);
      resolve({ text, error, sent });
    });
    const head = options.chunked ? 'Transfer-Encoding: chunked' : `Content-Length: ${options.total}`;
    socket.write(
      `POST ${options.path ?? '/v1/segment'} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n${head}\r\n\r\n`,
    );
    const pump = () => {
      while (sent < options.total && !socket.destroyed) {
        sent += chunk.length;
        if (!socket.write(framed)) return void socket.once('drain', pump);
      }
      if (!socket.destroyed) socket.end(options.chunked ? '0\r\n\r\n' : '');
    };
    pump();
  });
}

/** A small seeded PRNG (mulberry32): the fuzz cases are the same on every run. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

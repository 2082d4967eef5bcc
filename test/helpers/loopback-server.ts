import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
  /** Resolves when the client's connection for this request closes. */
  closed: Promise<void>;
  /** True once the client went away before the response ended. */
  aborted: () => boolean;
}

export type Handler = (req: RecordedRequest, res: ServerResponse) => void | Promise<void>;

export interface LoopbackServer {
  url: string;
  requests: RecordedRequest[];
  /** Handlers used in order, one per request; the last one repeats. */
  use(...handlers: Handler[]): void;
  close(): Promise<void>;
}

/** A real HTTP server on 127.0.0.1 with a scripted handler per request. */
export async function startLoopbackServer(): Promise<LoopbackServer> {
  let handlers: Handler[] = [];
  const requests: RecordedRequest[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    let aborted = false;
    const closed = new Promise<void>((resolve) => {
      res.on('close', () => {
        if (!res.writableFinished) aborted = true;
        resolve();
      });
    });
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const recorded: RecordedRequest = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        closed,
        aborted: () => aborted,
      };
      requests.push(recorded);
      const handler = handlers.length > 1 ? handlers.shift()! : handlers[0];
      if (!handler) {
        res.writeHead(500).end('no handler');
        return;
      }
      void handler(recorded, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    use: (...h) => {
      handlers = h;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Writes SSE text, optionally one byte at a time with a pause between writes. */
export async function writeSse(
  res: ServerResponse,
  text: string,
  options: { byteByByte?: boolean; delayMs?: number } = {},
): Promise<void> {
  const bytes = Buffer.from(text, 'utf8');
  if (!options.byteByByte) {
    res.write(bytes);
    return;
  }
  for (let i = 0; i < bytes.length; i++) {
    if (res.destroyed) return;
    res.write(bytes.subarray(i, i + 1));
    if (options.delayMs) await sleep(options.delayMs);
  }
}

export function sseHeaders(res: ServerResponse): void {
  res.writeHead(200, {
    'Content-Type': 'text/event-stream',
    'Cache-Control': 'no-cache',
    Connection: 'keep-alive',
  });
  res.flushHeaders();
}

export function json(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

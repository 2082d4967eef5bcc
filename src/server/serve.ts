import { createServer, type Server } from 'node:http';
import { availableParallelism } from 'node:os';
import type { AddressInfo } from 'node:net';
import { createLocalSegmenter } from '../engine/local-segmenter';
import { createSegmentHandler } from './handler';
import { toNodeHandler } from './node-adapter';

export interface ServeOptions {
  port?: number;
  host?: string;
  apiKey?: string;
  upstream?: string;
  log?: (line: string) => void;
  /** Grace period for in-flight requests on SIGTERM. Default 10 s. */
  drainMs?: number;
}

/** `segmask serve`: the engine (no key) or a proxy (key or upstream) on Node's http. */
export async function startServer(options: ServeOptions = {}): Promise<{ server: Server; url: string; close(): Promise<void> }> {
  const proxy = Boolean(options.apiKey || options.upstream);
  const handler = createSegmentHandler({
    apiKey: options.apiKey,
    upstream: options.upstream,
    segmenter: proxy ? undefined : createLocalSegmenter({ worker: false }),
    concurrency: Math.max(1, availableParallelism()),
    log: options.log,
  });
  const server = createServer(toNodeHandler(handler));
  await new Promise<void>((resolve) => server.listen(options.port ?? 2021, options.host ?? '127.0.0.1', resolve));
  const { port, address } = server.address() as AddressInfo;
  const close = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve()); // stops accepting; in-flight requests finish
      setTimeout(() => {
        server.closeAllConnections();
        resolve();
      }, options.drainMs ?? 10_000).unref();
    });
  return { server, url: `http://${address.includes(':') ? `[${address}]` : address}:${port}/v1`, close };
}

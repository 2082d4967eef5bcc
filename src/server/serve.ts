import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSegmentHandler } from './handler';
import type { CorsOrigins } from './cors';
import type { SegmentLimits, UpstreamTimeouts } from './limits';
import { createEnginePool, type EnginePool } from '../engine/runtime/node/engine-pool';
import { toNodeHandler, type NodeHandlerOptions } from './node-adapter';

export interface ServeOptions {
  port?: number;
  host?: string;
  apiKey?: string;
  upstream?: string;
  /** Engine threads. Default: the machine's available parallelism. */
  threads?: number;
  /** Allowed CORS origins; `'*'` any. Default: localhost on any port. */
  corsOrigins?: CorsOrigins;
  /** Waiting requests beyond this get 429. Default 16. */
  maxQueue?: number;
  /** Per-request limits (docs/security.md). */
  limits?: Partial<SegmentLimits>;
  /** Proxy timeouts. */
  timeouts?: Partial<UpstreamTimeouts>;
  log?: (line: string) => void;
  /** Grace period for in-flight requests on close (SIGTERM). Default 10 s. */
  drainMs?: number;
  /** Time a client gets to send its request headers; then Node answers 408. Default 20 s. */
  headersTimeoutMs?: number;
  /** Time a client gets to send its whole request (a 10 MB body on a slow link). Default 120 s. */
  requestTimeoutMs?: number;
  /** How an early answer (a 413 mid-upload) lingers so the client reads it (toNodeHandler). */
  linger?: NodeHandlerOptions;
}

export interface RunningServer {
  server: Server;
  /** The base URL, e.g. `http://127.0.0.1:2021/v1`. */
  url: string;
  /** Stops accepting, lets in-flight requests finish within `drainMs`, then stops the engine. */
  close(): Promise<void>;
}

/**
 * `segmask serve`: the offline engine on a pool of worker threads (no key), or a proxy (key or
 * upstream), on Node's http. The engine threads are warmed before it listens, so the first
 * request is as fast as the rest.
 */
export async function startServer(options: ServeOptions = {}): Promise<RunningServer> {
  const proxy = Boolean(options.apiKey || options.upstream);
  let pool: EnginePool | undefined;
  if (!proxy) {
    pool = createEnginePool({ size: options.threads });
    await pool.warmUp();
  }
  const handler = createSegmentHandler({
    // The handler is a proxy whenever these keys are present, so pass them only in proxy mode.
    ...(proxy ? { apiKey: options.apiKey, upstream: options.upstream } : { segmenter: pool }),
    concurrency: pool?.stats().size,
    maxQueue: options.maxQueue,
    ...options.limits,
    timeouts: options.timeouts,
    corsOrigins: options.corsOrigins,
    log: options.log,
  });
  const server = createServer(toNodeHandler(handler, options.linger));
  // Beyond these Node answers 408 and closes, so a trickling client holds nothing.
  server.headersTimeout = options.headersTimeoutMs ?? 20_000;
  server.requestTimeout = options.requestTimeoutMs ?? 120_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 2021, options.host ?? '127.0.0.1', resolve);
  });
  const { port, address } = server.address() as AddressInfo;
  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= new Promise<void>((resolve) => {
      const timer = setTimeout(() => server.closeAllConnections(), options.drainMs ?? 10_000);
      server.close(() => {
        clearTimeout(timer);
        resolve();
      }); // stops accepting; in-flight requests finish
      server.closeIdleConnections();
    }).then(() => pool?.destroy()));
  return { server, url: `http://${address.includes(':') ? `[${address}]` : address}:${port}/v1`, close };
}

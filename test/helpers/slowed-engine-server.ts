import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SegmentError, defineSegmenter, type SegmentRequest, type Segmenter } from '../../src/index';
import { createLocalSegmenter } from '../../src/engine/index';
import type { SegmenterCapabilities } from '../../src/protocol/types';
import { createSegmentHandler, toNodeHandler } from '../../src/server/index';

export interface SlowedEngineServer {
  /** The endpoint, `http://127.0.0.1:<port>/v1`. */
  url: string;
  /** The requests the engine was asked, in order (with their signals). */
  seen: SegmentRequest[];
  /** Lets the held requests (and all later ones) stream. */
  release(): void;
  /** Makes the held requests (and later ones) fail after their first event, as a server failing mid-stream does. */
  failAfterFirstEvent(message: string): void;
  close(): Promise<void>;
}

/**
 * A real `createSegmentHandler` over the real offline engine (graph cut), on 127.0.0.1, that holds
 * every request until the test releases it: a final segmenter slower than any preview, without
 * timing. `capabilities` stands for the server's (Moondream's: none, by default).
 */
export async function startSlowedEngineServer(
  capabilities: SegmenterCapabilities = { negativeRefs: false, previous: false },
): Promise<SlowedEngineServer> {
  const engine = createLocalSegmenter({ worker: false, model: false, detector: false });
  const seen: SegmentRequest[] = [];
  let open: (failure: string | null) => void;
  const gate = new Promise<string | null>((resolve) => (open = resolve));
  const slowed: Segmenter = defineSegmenter({
    capabilities: async () => capabilities,
    async *stream(request) {
      seen.push(request);
      const aborted = new Promise<never>((_, reject) =>
        request.signal?.addEventListener('abort', () => reject(new SegmentError('aborted', 'cancelled'))),
      );
      aborted.catch(() => undefined); // only raced
      const failure = await Promise.race([gate, aborted]);
      let first = true;
      for await (const event of engine.stream(request)) {
        yield event;
        if (first && failure) throw new SegmentError('server_error', failure);
        first = false;
      }
    },
  });
  const server = createServer(toNodeHandler(createSegmentHandler({ segmenter: slowed, log: () => {} })));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`,
    seen,
    release: () => open(null),
    failAfterFirstEvent: (message) => open(message),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

import { defineSegmenter } from '../../protocol/define-segmenter';
import type { Segmenter, SegmenterCapabilities } from '../../protocol/types';

/**
 * A segmenter whose backend (a Web Worker, a Node thread pool) starts on the first request.
 * `dispose()` ends the backend; requests running then end with `aborted`, and a later request
 * starts a new backend, as the first one did. Restarting rather than refusing keeps a segmenter
 * usable when a component that disposed it on unmount is mounted again (React's StrictMode).
 */
export function createLazySegmenter(
  start: () => Promise<Segmenter>,
  knownCapabilities?: SegmenterCapabilities,
): Segmenter {
  let backend: Promise<Segmenter> | undefined;
  const load = () => {
    if (!backend) {
      const starting = start();
      backend = starting;
      starting.catch(() => {
        if (backend === starting) backend = undefined; // a failed start is tried again next time
      });
    }
    return backend;
  };
  return defineSegmenter({
    knownCapabilities,
    // Asking starts the backend: its tier is known only where the model loads.
    async capabilities(options) {
      return (await load()).capabilities!(options);
    },
    async prepare(image, options) {
      await (await load()).prepare?.(image, options);
    },
    async *stream(request) {
      yield* (await load()).stream(request);
    },
    dispose() {
      const ending = backend;
      backend = undefined;
      ending?.then((segmenter) => segmenter.dispose?.()).catch(() => {});
    },
  });
}

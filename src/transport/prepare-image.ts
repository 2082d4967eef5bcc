import type { ImageSource, PrepareOptions, SegmenterCapabilities } from '../protocol/types';
import { encodeImage, type EncodeImageOptions } from '../image/encode';
import { postWithRetry } from './post-with-retry';
import type { RetryOptions } from './retry';

/**
 * `POST {endpoint}/prepare` (segmask extension): the server computes the image's embedding before
 * the first click. Sent only to a server whose capabilities list `prepare` (never Moondream's);
 * elsewhere there is nothing to prepare and it resolves at once. The image is encoded exactly as
 * `/segment` will send it, so the server recognises it then.
 */
export async function prepareOnServer(
  image: ImageSource,
  options: PrepareOptions,
  server: {
    endpoint: string;
    capabilities(options: { signal?: AbortSignal }): Promise<SegmenterCapabilities>;
    doFetch: (url: string, init: RequestInit) => Promise<Response>;
    headers: Record<string, string>;
    retry: Required<RetryOptions>;
    image?: EncodeImageOptions;
  },
): Promise<void> {
  const { signal } = options;
  if (!(await server.capabilities({ signal })).prepare) return;
  const encoded = await encodeImage(image, server.image, signal);
  const response = await postWithRetry(
    server.doFetch,
    `${server.endpoint}/prepare`,
    {
      headers: { 'Content-Type': 'application/json', ...server.headers },
      payload: JSON.stringify({ image_url: encoded.dataUrl }),
      signal,
    },
    server.retry,
    server.endpoint,
  );
  await response.body?.cancel().catch(() => undefined);
}

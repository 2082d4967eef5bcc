import type {
  ImageSource,
  PrepareOptions,
  SegmentEvent,
  SegmentRequest,
  SegmenterCapabilities,
} from '../protocol/types';
import { encodeImage, type EncodeImageOptions } from '../image/encode';
import { extensionsFor, probeCapabilities } from './capabilities';
import { moondreamSegmentBody, type MoondreamSettings } from './moondream-body';
import { eventsFromResponse } from './moondream-response';
import { postWithRetry } from './post-with-retry';
import { prepareOnServer } from './prepare-image';
import type { RetryOptions } from './retry';

/**
 * Everything a Moondream segmenter does once it talks to its server: ask what it supports,
 * encode the image, post, decode the stream. It is its own chunk, loaded on first need (see
 * `moondream.ts`), so an app's first load carries none of it.
 */
export interface MoondreamServer {
  endpoint: string;
  doFetch: (url: string, init: RequestInit) => Promise<Response>;
  headers: Record<string, string>;
  retry: Required<RetryOptions>;
  capabilities(options: { signal?: AbortSignal }): Promise<SegmenterCapabilities>;
  image?: EncodeImageOptions;
  settings?: MoondreamSettings;
}

/** The events of one `POST {endpoint}/segment`. */
export async function* segmentOnServer(
  server: MoondreamServer,
  request: SegmentRequest,
): AsyncGenerator<SegmentEvent, void, undefined> {
  const { signal } = request;
  // The extension fields go only to a server that lists them (Moondream's do not).
  const extensions = await extensionsFor(request, server.endpoint, server.capabilities);
  const image = await encodeImage(request.image, server.image, signal);
  const body = moondreamSegmentBody(request, image.dataUrl, extensions, server.settings);
  const headers = { 'Content-Type': 'application/json', Accept: 'text/event-stream', ...server.headers };
  const response = await postWithRetry(
    server.doFetch,
    `${server.endpoint}/segment`,
    { headers, payload: JSON.stringify(body), signal },
    server.retry,
    server.endpoint,
  );
  // Past this point nothing is retried: events may already be on screen.
  yield* eventsFromResponse(response, signal);
}

export const prepareImage = (server: MoondreamServer, image: ImageSource, options: PrepareOptions) =>
  prepareOnServer(image, options, server);

export const probeServer = (server: MoondreamServer) =>
  probeCapabilities(server.endpoint, server.doFetch, server.headers);

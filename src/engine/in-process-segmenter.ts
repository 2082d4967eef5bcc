/**
 * The engine in this thread: what a Web Worker or a Node worker thread runs (worker-host), and
 * `worker: false`. Apart from local-segmenter so that a worker's bundle does not contain the
 * code that starts workers (a worker that could start itself sends Turbopack into a loop).
 */
import { SegmentError, abortedError } from '../protocol/errors';
import type {
  ImageSource,
  Pixels,
  SegmentEvent,
  SegmentRequest,
  SegmentResult,
  Segmenter,
} from '../protocol/types';
import { validateNegativeRefs, validateObject, validateSpatialRefs } from '../protocol/validate';
import { collectResult } from '../transport/collect';
import { imageToPixels } from '../image/decode';
import { promptFromRefs, runSegmentation } from './algorithm/run-segmentation';
import { groundPrompt, wantsGrounding } from './grounding/ground-prompt';
import { cocoClassOf } from './grounding/coco-classes';
import type { DetectorOptions, ObjectDetector } from './grounding/object-detector';
import { nextTurn } from './next-turn';
import type { LocalSegmenterOptions } from './local-segmenter';

// Decoded images, per thread: a canvas or a client sends the same image with every prompt, and
// decoding (seconds for a 12 MP JPEG in Node) costs far more than a box prompt's first event.
// Keyed by URL, or by a hash of all the bytes. Pixels are never written to, so requests share them.
const decoded = new Map<string, Promise<Pixels>>();
const DECODED_KEEP = 4;

/** Two independent 32-bit hashes of every byte (FNV-1a and a multiplicative one): ~1 ms per MB. */
function bytesKey(bytes: Uint8Array): string {
  let a = 0x811c9dc5,
    b = 0x12345678;
  for (let i = 0; i < bytes.length; i++) {
    a = Math.imul(a ^ bytes[i]!, 0x01000193);
    b = Math.imul(b + bytes[i]! + 1, 0x9e3779b1) ^ (b >>> 15);
  }
  return `bytes ${bytes.length} ${(a >>> 0).toString(36)} ${(b >>> 0).toString(36)}`;
}

function pixelsOf(image: ImageSource, maxPixels: number, signal?: AbortSignal): Promise<Pixels> {
  const id =
    typeof image === 'string'
      ? image
      : image instanceof Uint8Array
        ? bytesKey(image)
        : image instanceof ArrayBuffer
          ? bytesKey(new Uint8Array(image))
          : null;
  if (id === null) return imageToPixels(image, maxPixels, signal);
  const key = `${maxPixels} ${id}`;
  let pixels = decoded.get(key);
  if (pixels)
    decoded.delete(key); // re-inserted below: most recently used last
  else {
    pixels = imageToPixels(image, maxPixels); // shared, so not tied to one request's signal
    pixels.catch(() => decoded.delete(key));
  }
  decoded.set(key, pixels);
  if (decoded.size > DECODED_KEEP) decoded.delete(decoded.keys().next().value!);
  return pixels;
}

// One detector per thread, loaded on first use (the model and wasm are a few MB).
let detector: Promise<ObjectDetector> | undefined;
function loadDetector(options: DetectorOptions): Promise<ObjectDetector> {
  detector ??= import('./grounding/object-detector').then((m) => m.loadCenterNet(options));
  detector.catch(() => (detector = undefined)); // a failed load is retried next time
  return detector;
}

/** Runs the engine in this thread (Node, workers, tests), yielding between stages. */
export function createInProcessSegmenter(options: LocalSegmenterOptions): Segmenter {
  async function* stream(request: SegmentRequest): AsyncGenerator<SegmentEvent, void, undefined> {
    validateObject(request.object);
    validateSpatialRefs(request.spatialRefs);
    validateNegativeRefs(request.negativeRefs);
    const { signal } = request;
    if (signal?.aborted) throw abortedError(signal.reason);
    const pixels = await pixelsOf(request.image, options.maxPixels ?? 1_500_000, signal);
    if (signal?.aborted) throw abortedError(signal.reason);
    let prompt = promptFromRefs(request.spatialRefs ?? []);
    prompt.negatives = (request.negativeRefs ?? []).map(([x, y]) => [x, y]);
    // A correction starts from the previous answer: nothing to ground.
    if (request.previous) prompt.previous = request.previous;
    else if (options.detector !== false && wantsGrounding(request.object, prompt)) {
      try {
        prompt = await groundPrompt(pixels, request.object, prompt, () =>
          loadDetector(options.detector || {}),
        );
      } catch (error) {
        // Points can do without the detector; a name alone cannot.
        if (prompt.points.length === 0) throw error;
      }
      if (signal?.aborted) throw abortedError(signal.reason);
    } else if (prompt.boxes.length === 0 && prompt.points.length === 0 && !prompt.previous) {
      throw new SegmentError(
        'ungrounded',
        cocoClassOf(request.object)
          ? 'Text grounding is off here (detector: false): add a point or a box.'
          : `The offline engine cannot find "${request.object}" by name (it knows the 80 COCO classes, such as person, cat, cup or car): add a point or a box.`,
        { param: 'object' },
      );
    }
    for (const event of runSegmentation(pixels, prompt, options.tuning)) {
      if (signal?.aborted) throw abortedError(signal.reason);
      yield event;
      await nextTurn(); // let a cancel, a render or another request in between stages
    }
  }
  return {
    stream,
    segment: (request): Promise<SegmentResult> => collectResult(stream(request)),
    capabilities: async () => ({ negativeRefs: true, previous: true }),
  };
}

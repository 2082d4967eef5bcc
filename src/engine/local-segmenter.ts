import { SegmentError, abortedError } from '../protocol/errors';
import type { SegmentEvent, SegmentRequest, SegmentResult, Segmenter } from '../protocol/types';
import { validateObject, validateSpatialRefs } from '../protocol/validate';
import { collectResult } from '../transport/collect';
import { imageToPixels } from '../image/decode';
import { promptFromRefs, runSegmentation, type EngineTuning } from './run-segmentation';
import { groundPrompt, wantsGrounding } from './grounding/ground-prompt';
import { cocoClassOf } from './grounding/coco-classes';
import type { DetectorOptions, ObjectDetector } from './grounding/object-detector';

export interface LocalSegmenterOptions {
  /** Images are decoded at most this large (pixels). Default 1.5 MP. */
  maxPixels?: number;
  tuning?: EngineTuning;
  /**
   * Text grounding: a COCO detector finds the named object when no box is given (optional
   * packages; see the README). `false` turns it off. Browsers need `modelUrl`.
   */
  detector?: DetectorOptions | false;
  /**
   * Browsers: run in a Web Worker (default true when `Worker` exists), so the page stays
   * responsive. Pass a factory to supply your own worker (e.g. a bundler's `?worker` import).
   */
  worker?: boolean | (() => Worker);
}

const nextTurn = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

// One detector per thread, loaded on first use (the model and wasm are a few MB).
let detector: Promise<ObjectDetector> | undefined;
function loadDetector(options: DetectorOptions): Promise<ObjectDetector> {
  detector ??= import('./grounding/object-detector').then((m) => m.loadCenterNet(options));
  detector.catch(() => (detector = undefined)); // a failed load is retried next time
  return detector;
}

/** Runs the engine in this thread (Node, workers, tests), yielding between stages. */
function createInProcessSegmenter(options: LocalSegmenterOptions): Segmenter {
  async function* stream(request: SegmentRequest): AsyncGenerator<SegmentEvent, void, undefined> {
    validateObject(request.object);
    validateSpatialRefs(request.spatialRefs);
    const { signal } = request;
    if (signal?.aborted) throw abortedError(signal.reason);
    const pixels = await imageToPixels(request.image, options.maxPixels ?? 1_500_000, signal);
    let prompt = promptFromRefs(request.spatialRefs ?? []);
    if (options.detector !== false && wantsGrounding(request.object, prompt)) {
      try {
        prompt = await groundPrompt(pixels, request.object, prompt, () => loadDetector(options.detector || {}));
      } catch (error) {
        // Points can do without the detector; a name alone cannot.
        if (prompt.points.length === 0) throw error;
      }
      if (signal?.aborted) throw abortedError(signal.reason);
    } else if (prompt.boxes.length === 0 && prompt.points.length === 0) {
      throw new SegmentError('ungrounded', cocoClassOf(request.object) ? 'Text grounding is off here (detector: false): add a point or a box.' : `The offline engine cannot find "${request.object}" by name (it knows the 80 COCO classes, such as person, cat, cup or car): add a point or a box.`, { param: 'object' });
    }
    for (const event of runSegmentation(pixels, prompt, options.tuning)) {
      if (signal?.aborted) throw abortedError(signal.reason);
      yield event;
      await nextTurn(); // let a cancel, a render or another request in between stages
    }
  }
  return { stream, segment: (request): Promise<SegmentResult> => collectResult(stream(request)) };
}

/**
 * The offline engine: segments with no key and no network, streaming the same events as
 * Moondream's `/segment` (bbox, coarse path deltas, refined final). In browsers it runs in a
 * Web Worker loaded lazily on first use.
 */
export function createLocalSegmenter(options: LocalSegmenterOptions = {}): Segmenter {
  const wantWorker = options.worker ?? typeof Worker === 'function';
  if (!wantWorker || typeof Worker !== 'function') return createInProcessSegmenter(options);
  let pending: Promise<Segmenter> | undefined;
  const load = () =>
    (pending ??= import('./worker-client').then(({ createWorkerSegmenter }) =>
      createWorkerSegmenter(typeof options.worker === 'function' ? options.worker : undefined, options),
    ));
  return {
    async *stream(request) {
      yield* (await load()).stream(request);
    },
    segment: async (request) => (await load()).segment(request),
  };
}


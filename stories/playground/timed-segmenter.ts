import { collectResult, type SegmentMetrics, type Segmenter } from '../../src/index';

/** When each stage of one answer arrived, in ms after the request started, and its metrics. */
export interface StageTimes {
  bbox?: number;
  coarse?: number;
  refined?: number;
  metrics?: SegmentMetrics;
}

/**
 * The segmenter with a stopwatch on its own event stream: the time each stage's first event
 * reached the page (bbox, first coarse path delta, final), reported as they arrive.
 */
export function timedSegmenter(segmenter: Segmenter, report: (times: StageTimes) => void): Segmenter {
  async function* stream(request: Parameters<Segmenter['stream']>[0]) {
    const start = performance.now();
    const times: StageTimes = {};
    report({});
    for await (const event of segmenter.stream(request)) {
      const at = Math.round(performance.now() - start);
      if (event.type === 'bbox') times.bbox ??= at;
      else if (event.type === 'path_delta') times.coarse ??= at;
      else if (event.type === 'final') {
        times.refined = at;
        times.metrics = event.metrics;
      }
      report({ ...times });
      yield event;
    }
  }
  return {
    stream,
    segment: (request) => collectResult(stream(request)),
    capabilities: segmenter.capabilities?.bind(segmenter),
    prepare: segmenter.prepare?.bind(segmenter),
    dispose: () => segmenter.dispose?.(),
  };
}

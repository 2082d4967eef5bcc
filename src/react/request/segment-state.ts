import type { Bbox, PreviewEvent, SegmentEvent, SegmentResult } from '../../protocol/types';
import { resultFromFinal } from '../../protocol/collect';

/** What the cache holds for one prompt while it streams and after: the fold of its events. */
/** A hybrid segmenter's quick local answer, shown until the final one replaces it. */
export type PreviewAnswer = Omit<PreviewEvent, 'type'>;

export interface SegmentStreamState {
  stage: 'requesting' | 'preview' | 'bbox' | 'coarse' | 'refined';
  /** The preview (hybrid segmenters), kept through the final's stages and a failure of it. */
  preview?: PreviewAnswer;
  /** The first (coarse) box. */
  bbox?: Bbox;
  /** The coarse path so far, relative to `bbox`. */
  coarsePath: string;
  /** The refined result: its path is relative to ITS bbox, which can differ from the first. */
  result?: SegmentResult;
}

export const INITIAL_STREAM_STATE: SegmentStreamState = { stage: 'requesting', coarsePath: '' };

/**
 * The request's state machine as a pure reducer, folded over the stream: `preview`? → `bbox` →
 * `path_delta`* → `final`. Throws `SegmentError` on a final event without a usable result.
 */
export function reduceSegmentEvent(state: SegmentStreamState, event: SegmentEvent): SegmentStreamState {
  switch (event.type) {
    case 'preview': {
      const { type: _type, ...preview } = event;
      return { ...state, stage: 'preview', preview };
    }
    case 'bbox':
      return { ...state, stage: 'bbox', bbox: event.bbox };
    case 'path_delta':
      return { ...state, stage: 'coarse', coarsePath: state.coarsePath + event.chunk };
    case 'final':
      return { ...state, stage: 'refined', result: resultFromFinal(event) };
  }
}

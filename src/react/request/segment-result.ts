import { isCancelledError } from '@tanstack/react-query';
import type { SegmentError } from '../../protocol/errors';
import type { Bbox, SegmentMetrics, SegmentResult } from '../../protocol/types';
import type { PreviewAnswer, SegmentStreamState } from './segment-state';

/** One state machine for a prompt's life. */
export type SegmentStatus =
  'idle' | 'requesting' | 'preview' | 'bbox' | 'coarse' | 'refined' | 'error' | 'aborted';

interface Nothing {
  result?: undefined;
  requestId?: undefined;
  metrics?: undefined;
  error?: undefined;
}

/**
 * The request's state, one variant per status (the way TanStack Query's `QueryObserverResult`
 * narrows on `status`): `if (s.status === 'refined') s.result.path` needs no `!`.
 */
export type SegmentRequestState = (
  | ({ status: 'idle' | 'requesting'; bbox?: undefined; coarsePath: '' } & Nothing)
  /** A hybrid segmenter's preview is on screen; the final segmenter is still answering. */
  | ({ status: 'preview'; bbox?: undefined; coarsePath: ''; preview: PreviewAnswer } & Nothing)
  | ({ status: 'bbox'; bbox: Bbox; coarsePath: string } & Nothing)
  | ({ status: 'coarse'; bbox?: Bbox; coarsePath: string } & Nothing)
  | {
      status: 'refined';
      /** The first (coarse) box; `result.bbox` is the final one. */
      bbox?: Bbox;
      coarsePath: string;
      result: SegmentResult;
      requestId?: string;
      metrics?: SegmentMetrics;
      error?: undefined;
    }
  | ({ status: 'error'; bbox?: Bbox; coarsePath: string } & Omit<Nothing, 'error'> & { error: SegmentError })
  /** Cancelled (Esc, `cancel()`) before the final event: what had streamed stays. */
  | ({ status: 'aborted'; bbox?: Bbox; coarsePath: string } & Nothing)
) & {
  /** A hybrid segmenter's preview, kept until the refined answer (and beside an error of the final). */
  preview?: PreviewAnswer;
};

export interface QuerySnapshot {
  /** Enabled, with an image and an object. */
  active: boolean;
  /** A request is running (or waiting for the network). */
  fetching: boolean;
  data: SegmentStreamState | undefined;
  /** A `SegmentError`, or TanStack's `CancelledError` after `cancel()`. */
  error: unknown;
}

const IDLE = { bbox: undefined, coarsePath: '' } as const;

/**
 * Reads the query as the request's state. Pure. A stream that stopped before its final event
 * without an error was cancelled (TanStack restores the last streamed data on cancellation).
 */
export function segmentRequestState({ active, fetching, data, error }: QuerySnapshot): SegmentRequestState {
  if (!active) return { status: 'idle', ...IDLE };
  const partial = { bbox: data?.bbox, coarsePath: data?.coarsePath ?? '', preview: data?.preview };
  if (!fetching && error) {
    const e = error as SegmentError;
    return isCancelledError(error) || e.code === 'aborted'
      ? { status: 'aborted', ...partial }
      : { status: 'error', ...partial, error: e };
  }
  if (data?.stage === 'refined' && data.result)
    return {
      status: 'refined',
      ...partial,
      result: data.result,
      requestId: data.result.requestId,
      metrics: data.result.metrics,
    };
  if (!fetching && data) return { status: 'aborted', ...partial };
  if (data?.stage === 'preview' && data.preview) return { status: 'preview', ...IDLE, preview: data.preview };
  if (data?.stage === 'bbox' && data.bbox) return { status: 'bbox', ...partial, bbox: data.bbox };
  if (data?.stage === 'coarse') return { status: 'coarse', ...partial };
  return { status: 'requesting', ...IDLE };
}

import { useQuery, useQueryClient, type QueryKey } from '@tanstack/react-query';
import { useCallback, useMemo, useState } from 'react';
import { SegmentError, isAbortError } from '../protocol/errors';
import type {
  Bbox,
  ImageSource,
  SegmentMetrics,
  SegmentResult,
  Segmenter,
  SpatialRef,
} from '../protocol/types';
import { resultFromFinal } from '../protocol/collect';
import { useSegmenter } from './context';
import { createFrameBatcher } from './frame-batcher';
import { imageKey } from './image-key';

/** One state machine for a prompt's life. */
export type SegmentStatus = 'idle' | 'requesting' | 'bbox' | 'coarse' | 'refined' | 'error' | 'aborted';

/** What the cache holds for one prompt while it streams and after. */
export interface SegmentStreamState {
  stage: 'requesting' | 'bbox' | 'coarse' | 'refined';
  /** The first (coarse) box. */
  bbox?: Bbox;
  /** The coarse path so far, relative to `bbox`. */
  coarsePath: string;
  /** The refined result: its path is relative to ITS bbox, which can differ from the first. */
  result?: SegmentResult;
}

export interface UseSegmentOptions {
  image: ImageSource | null | undefined;
  object: string;
  spatialRefs?: readonly SpatialRef[];
  /** Default: true when there is an image and an object. */
  enabled?: boolean;
}

export interface UseSegmentResult {
  status: SegmentStatus;
  bbox?: Bbox;
  coarsePath: string;
  result?: SegmentResult;
  requestId?: string;
  metrics?: SegmentMetrics;
  error?: SegmentError;
  /** Stops the request in flight (the AbortSignal reaches fetch or the worker). */
  cancel(): void;
  /** Runs the prompt again. */
  retry(): void;
}

const segmenterIds = new WeakMap<Segmenter, number>();
let nextSegmenterId = 1;
const segmenterKey = (s: Segmenter) => {
  let id = segmenterIds.get(s);
  if (id === undefined) segmenterIds.set(s, (id = nextSegmenterId++));
  return id;
};

/** The react-query key of a prompt (image identity, object, refs, backend). */
export function segmentQueryKey(
  segmenter: Segmenter,
  image: ImageSource,
  object: string,
  refs: readonly SpatialRef[],
): QueryKey {
  return ['segmask', segmenterKey(segmenter), imageKey(image), object.trim(), refs.map((r) => r.join(','))];
}

/**
 * Streams a segmentation into the react-query cache and reads it back as one status and the
 * data of each stage. New refs supersede the request in flight (its signal aborts); a late
 * chunk of an old stream only ever writes to its own cache entry.
 */
export function useSegment({
  image,
  object,
  spatialRefs = [],
  enabled,
}: UseSegmentOptions): UseSegmentResult {
  const segmenter = useSegmenter();
  const client = useQueryClient();
  const refsKey = spatialRefs.map((r) => r.join(',')).join(';');
  // Refs compared by value: a new array with the same refs is the same prompt.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const refs = useMemo(() => spatialRefs, [refsKey]);
  const active = (enabled ?? true) && Boolean(image) && object.trim() !== '';
  const queryKey = useMemo(
    () => (image ? segmentQueryKey(segmenter, image, object, refs) : ['segmask', 'none']),
    [segmenter, image, object, refs],
  );
  const [abortedKey, setAbortedKey] = useState<string | null>(null);
  const keyHash = JSON.stringify(queryKey);

  const query = useQuery<SegmentStreamState, SegmentError>({
    queryKey,
    enabled: active,
    retry: false, // the transport retries what is worth retrying
    staleTime: Infinity,
    gcTime: 5 * 60_000,
    refetchOnWindowFocus: false,
    queryFn: async ({ signal }) => {
      let state: SegmentStreamState = { stage: 'requesting', coarsePath: '' };
      const batcher = createFrameBatcher(() => {
        if (!signal.aborted) client.setQueryData(queryKey, state);
      });
      try {
        for await (const event of segmenter.stream({ image: image!, object, spatialRefs: refs, signal })) {
          if (event.type === 'bbox') state = { ...state, stage: 'bbox', bbox: event.bbox };
          else if (event.type === 'path_delta')
            state = { ...state, stage: 'coarse', coarsePath: state.coarsePath + event.chunk };
          else state = { ...state, stage: 'refined', result: resultFromFinal(event) };
          if (state.stage !== 'refined') batcher.schedule();
        }
      } catch (error) {
        if (error instanceof SegmentError) throw error;
        if (isAbortError(error))
          throw new SegmentError('aborted', 'The request was cancelled.', { cause: error });
        throw new SegmentError('server_error', `Segmentation failed: ${String(error)}`, { cause: error });
      } finally {
        batcher.cancel();
      }
      if (!state.result)
        throw new SegmentError('stream_incomplete', 'The stream ended before its final event.');
      return state;
    },
  });

  const cancel = useCallback(() => {
    setAbortedKey(keyHash);
    void client.cancelQueries({ queryKey, exact: true });
  }, [client, queryKey, keyHash]);
  const { refetch } = query;
  const retry = useCallback(() => {
    setAbortedKey(null);
    void refetch();
  }, [refetch]);

  const data = query.data;
  const error = query.error ?? undefined;
  let status: SegmentStatus;
  if (!active) status = 'idle';
  else if (abortedKey === keyHash && query.fetchStatus !== 'fetching')
    status = data?.stage === 'refined' ? 'refined' : 'aborted';
  else if (error && query.fetchStatus !== 'fetching') status = error.code === 'aborted' ? 'aborted' : 'error';
  else if (data) status = data.stage;
  else status = 'requesting';

  const result = data?.result;
  return {
    status,
    bbox: data?.bbox,
    coarsePath: data?.coarsePath ?? '',
    result,
    requestId: result?.requestId,
    metrics: result?.metrics,
    error: status === 'error' ? error : undefined,
    cancel,
    retry,
  };
}

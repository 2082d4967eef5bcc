import { useQuery, useQueryClient, type QueryKey } from '@tanstack/react-query';
import { useCallback, useMemo } from 'react';
import type { SegmentError } from '../protocol/errors';
import type {
  ImageSource,
  PointRef,
  PreviousAnswer,
  SegmentEvent,
  Segmenter,
  SpatialRef,
} from '../protocol/types';
import { useSegmenter } from './context';
import { imageKey } from './image-key';
import { checkedEvents } from './request/checked-events';
import { segmentRequestState, type SegmentRequestState } from './request/segment-result';
import { INITIAL_STREAM_STATE, reduceSegmentEvent, type SegmentStreamState } from './request/segment-state';
import { foldedStream } from './request/stream-query';
import { objectId } from './object-id';

export type { SegmentStatus, SegmentRequestState } from './request/segment-result';
export type { SegmentStreamState } from './request/segment-state';

export interface UseSegmentOptions {
  image: ImageSource | null | undefined;
  object: string;
  spatialRefs?: readonly SpatialRef[];
  /** Exclude points (segmask extension): only for segmenters whose capabilities list them. */
  negativeRefs?: readonly PointRef[];
  /**
   * The last final answer for this object on this image, to refine rather than start over. A hint:
   * not part of the cache key (undo shows the cached answer of the earlier prompt).
   */
  previous?: PreviousAnswer | null;
  /** Default: true when there is an image and an object. */
  enabled?: boolean;
}

export interface SegmentActions {
  /** Stops the request in flight (the AbortSignal reaches fetch or the worker): status `aborted`. */
  cancel(): void;
  /** Runs the prompt again. */
  retry(): void;
}

/** The request's state (narrow on `status`) and what can be done with it. */
export type UseSegmentResult = SegmentRequestState & SegmentActions;

const refKey = (refs: readonly (readonly number[])[]) => refs.map((r) => r.join(',')).join(';');

/** The react-query key of a prompt (backend, image identity, object, refs, exclude points). */
export function segmentQueryKey(
  segmenter: Segmenter,
  image: ImageSource,
  object: string,
  refs: readonly SpatialRef[],
  negativeRefs: readonly PointRef[] = [],
): QueryKey {
  const key = ['segmask', objectId(segmenter), imageKey(image), object.trim(), refs.map((r) => r.join(','))];
  // Only when there are some: a prompt without exclude points keeps the key it always had.
  return negativeRefs.length > 0 ? [...key, { exclude: negativeRefs.map((r) => r.join(',')) }] : key;
}

/**
 * Streams a segmentation into the react-query cache, folding its events with one reducer, and
 * reads it back as one state. New refs supersede the request in flight (its signal aborts); a late
 * chunk of an old stream only ever writes to its own cache entry.
 */
export function useSegment({
  image,
  object,
  spatialRefs = [],
  negativeRefs = [],
  previous,
  enabled,
}: UseSegmentOptions): UseSegmentResult {
  const segmenter = useSegmenter();
  const client = useQueryClient();
  const active = (enabled ?? true) && Boolean(image) && object.trim() !== '';
  // Refs compared by value: a new array with the same refs is the same prompt.
  const refsKey = refKey(spatialRefs);
  const negativeKey = refKey(negativeRefs);
  const queryKey = useMemo(
    () =>
      image ? segmentQueryKey(segmenter, image, object, spatialRefs, negativeRefs) : ['segmask', 'none'],
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the refs by value (refsKey, negativeKey)
    [segmenter, image, object, refsKey, negativeKey],
  );

  const query = useQuery<SegmentStreamState, SegmentError>({
    queryKey,
    enabled: active,
    retry: false, // the transport retries what is worth retrying
    // A finished answer never goes stale; a cancelled one is asked again when the prompt comes back.
    staleTime: (q) => (q.state.data?.stage === 'refined' ? Infinity : 0),
    gcTime: 5 * 60_000,
    refetchOnWindowFocus: false,
    // The offline engine needs no network; the transport reports its own network errors.
    networkMode: 'always',
    queryFn: foldedStream<SegmentEvent, SegmentStreamState, QueryKey>({
      streamFn: ({ signal }) =>
        checkedEvents(
          segmenter.stream({
            image: image!,
            object,
            spatialRefs,
            ...(negativeRefs.length > 0 ? { negativeRefs } : {}),
            ...(previous ? { previous } : {}),
            signal,
          }),
        ),
      reducer: reduceSegmentEvent,
      initialValue: INITIAL_STREAM_STATE,
    }),
  });

  // Not reverted: the cancellation stays in the query as its error, and the status reads it.
  const cancel = useCallback(
    () => void client.cancelQueries({ queryKey, exact: true }, { revert: false }),
    [client, queryKey],
  );
  const { refetch } = query;
  const retry = useCallback(() => void refetch(), [refetch]);
  const state = segmentRequestState({
    active,
    fetching: query.fetchStatus !== 'idle',
    data: query.data,
    error: query.error,
  });
  return { ...state, cancel, retry };
}

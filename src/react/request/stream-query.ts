import type { QueryFunction, QueryFunctionContext, QueryKey } from '@tanstack/react-query';
import { perFrame } from './per-frame';

export interface FoldedStreamOptions<TChunk, TData, TKey extends QueryKey> {
  /** The stream; read `context.signal` so that an unwatched request is cancelled. */
  streamFn(context: QueryFunctionContext<TKey>): AsyncIterable<TChunk>;
  reducer(state: TData, chunk: TChunk): TData;
  initialValue: TData;
}

/**
 * A query function that folds a stream into the cache, the shape of TanStack Query's
 * `experimental_streamedQuery` with `reducer` and `initialValue`. Our own because that one is
 * experimental (its signature may change in a minor release, and the kit's peer range is
 * ^5.0.0, older than it), and because it writes the cache once per chunk where this writes once
 * per animation frame. A refetch starts again from `initialValue` (its `refetchMode: 'reset'`).
 */
export function foldedStream<TChunk, TData, TKey extends QueryKey>({
  streamFn,
  reducer,
  initialValue,
}: FoldedStreamOptions<TChunk, TData, TKey>): QueryFunction<TData, TKey> {
  return async (context) => {
    const { client, queryKey } = context;
    if (client.getQueryData(queryKey) !== undefined) client.setQueryData<TData>(queryKey, initialValue);
    let data = initialValue;
    for await (const chunks of perFrame(streamFn(context))) {
      // A cancelled request never writes again: its late chunks belong to nobody.
      if (context.signal.aborted) break;
      data = chunks.reduce(reducer, data);
      client.setQueryData<TData>(queryKey, data);
    }
    return data;
  };
}

import { useEffect, useRef } from 'react';
import { useStore } from 'zustand';
import type { SegmentResult } from '../../protocol/types';
import type { CanvasStore } from '../canvas-store';
import { useSegment, type SegmentStatus, type UseSegmentResult } from '../use-segment';

export interface CanvasRequestOptions {
  image: string | Blob;
  object: string;
  promptWithoutRefs?: boolean;
  onResult?(result: SegmentResult): void;
  onStatusChange?(status: SegmentStatus): void;
}

/**
 * The canvas's prompt as a request: include and exclude refs from the store, and the last answer
 * for this image and object as `previous`, so the next click refines it. Reports each new status
 * and result once.
 */
export function useCanvasRequest(store: CanvasStore, options: CanvasRequestOptions): UseSegmentResult {
  const { image, object, promptWithoutRefs, onResult, onStatusChange } = options;
  const refs = useStore(store, (s) => s.refs);
  const negativeRefs = useStore(store, (s) => s.negativeRefs);
  const previous = useStore(store, (s) => s.previous);
  const segment = useSegment({
    image,
    object,
    spatialRefs: refs,
    negativeRefs,
    previous,
    enabled: refs.length > 0 || negativeRefs.length > 0 || Boolean(promptWithoutRefs),
  });
  const { status, result } = segment;
  useEffect(() => {
    if (result) store.getState().setPrevious({ path: result.path, bbox: result.bbox });
  }, [store, result]);
  useEffect(() => store.getState().setPrevious(null), [store, image, object]);
  useEffect(() => store.getState().setRequest(status, result ?? null), [store, status, result]);

  // Once per new value, not once per render of the app's (often inline) callbacks.
  const reported = useRef<{ status?: SegmentStatus; result?: SegmentResult }>({});
  useEffect(() => {
    if (reported.current.status === status) return;
    reported.current.status = status;
    onStatusChange?.(status);
  }, [status, onStatusChange]);
  useEffect(() => {
    if (!result || reported.current.result === result) return;
    reported.current.result = result;
    onResult?.(result);
  }, [result, onResult]);
  return segment;
}

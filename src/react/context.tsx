import { QueryClient, QueryClientContext, QueryClientProvider } from '@tanstack/react-query';
import { createContext, useContext, useState, type ReactNode } from 'react';
import { SegmentError } from '../protocol/errors';
import type { Segmenter } from '../protocol/types';

const SegmenterContext = createContext<Segmenter | null>(null);

export interface SegmentProviderProps {
  /** Moondream (`createMoondreamSegmenter`), the offline engine (`createLocalSegmenter`), or your own. */
  segmenter: Segmenter;
  /** A QueryClient to cache results in. Default: the app's own (if any), else a private one. */
  queryClient?: QueryClient;
  children?: ReactNode;
}

/** Puts a segmenter (and a react-query cache for its results) in context. */
export function SegmentProvider({ segmenter, queryClient, children }: SegmentProviderProps) {
  const existing = useContext(QueryClientContext);
  const [own] = useState(() => (queryClient || existing ? null : new QueryClient()));
  const inner = <SegmenterContext.Provider value={segmenter}>{children}</SegmenterContext.Provider>;
  const client = queryClient ?? own;
  return client ? <QueryClientProvider client={client}>{inner}</QueryClientProvider> : inner;
}

export function useSegmenter(): Segmenter {
  const segmenter = useContext(SegmenterContext);
  if (!segmenter)
    throw new SegmentError(
      'invalid_input',
      'useSegment and <SegmentCanvas> need a <SegmentProvider segmenter={...}> above them.',
    );
  return segmenter;
}

import { useQuery } from '@tanstack/react-query';
import type { SegmenterCapabilities } from '../protocol/types';
import { useSegmenter } from './context';
import { objectId } from './object-id';

/** Moondream's API: include refs only, every request from nothing. */
export const NO_CAPABILITIES: SegmenterCapabilities = { negativeRefs: false, previous: false };

export type CapabilitiesState =
  | { status: 'pending'; capabilities: SegmenterCapabilities }
  | { status: 'ready'; capabilities: SegmenterCapabilities }
  /** Asking failed (the server is down, say): nothing beyond the protocol is offered. */
  | { status: 'error'; capabilities: SegmenterCapabilities };

/**
 * What the segmenter in context supports beyond Moondream's protocol, asked once per segmenter and
 * cached. Until it answers, and when it cannot, what it knows without asking
 * (`knownCapabilities`: the offline engine's extensions while its model loads), else nothing
 * (`NO_CAPABILITIES`).
 */
export function useSegmenterCapabilities(): CapabilitiesState {
  const segmenter = useSegmenter();
  const query = useQuery({
    queryKey: ['segmask', objectId(segmenter), 'capabilities'],
    queryFn: ({ signal }) => segmenter.capabilities?.({ signal }) ?? NO_CAPABILITIES,
    staleTime: Infinity,
    gcTime: Infinity,
    retry: false,
    refetchOnWindowFocus: false,
    networkMode: 'always',
  });
  if (query.data) return { status: 'ready', capabilities: query.data };
  return {
    status: query.isError ? 'error' : 'pending',
    capabilities: segmenter.knownCapabilities ?? NO_CAPABILITIES,
  };
}

import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { SegmentError, type SegmentEvent, type SegmentRequest, type Segmenter } from '../../src/index';
import type { SegmenterCapabilities } from '../../src/protocol/types';
import { SegmentProvider } from '../../src/react/index';

export interface ScriptedRequest {
  request: SegmentRequest;
  push(e: SegmentEvent | Error): void;
}

/** A segmenter whose events the test releases one by one, recording every request. */
export function scriptedSegmenter(capabilities?: SegmenterCapabilities) {
  const requests: ScriptedRequest[] = [];
  const segmenter: Segmenter = {
    async *stream(request) {
      const queue: (SegmentEvent | Error)[] = [];
      let wake: (() => void) | undefined;
      requests.push({
        request,
        push: (e) => {
          queue.push(e);
          wake?.();
        },
      });
      request.signal?.addEventListener('abort', () => wake?.());
      for (;;) {
        if (queue.length === 0 && !request.signal?.aborted) await new Promise<void>((r) => (wake = r));
        if (request.signal?.aborted) throw new SegmentError('aborted', 'cancelled');
        const next = queue.shift()!;
        if (next instanceof Error) throw next;
        yield next;
        if (next.type === 'final') return;
      }
    },
    segment: () => Promise.reject(new Error('unused')),
    ...(capabilities ? { capabilities: async () => capabilities } : {}),
  };
  return { segmenter, requests };
}

export function wrapper(segmenter: Segmenter) {
  const client = new QueryClient();
  return ({ children }: { children: ReactNode }) => (
    <QueryClientProvider client={client}>
      <SegmentProvider segmenter={segmenter}>{children}</SegmentProvider>
    </QueryClientProvider>
  );
}

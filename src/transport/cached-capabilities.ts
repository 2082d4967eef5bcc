import type { SegmenterCapabilities } from '../protocol/types';
import { untilAborted } from '../util/until-aborted';

/**
 * A server's capabilities, asked once on first need and kept; a failure to reach it is not kept,
 * so the next call asks again. Each caller may stop waiting with its own signal.
 */
export function cachedCapabilities(
  probe: () => Promise<SegmenterCapabilities>,
): (options?: { signal?: AbortSignal }) => Promise<SegmenterCapabilities> {
  let known: Promise<SegmenterCapabilities> | undefined;
  return ({ signal } = {}) => {
    if (!known) {
      const asking = probe();
      asking.catch(() => {
        if (known === asking) known = undefined;
      });
      known = asking;
    }
    return untilAborted(known, signal);
  };
}

import { useCallback } from 'react';
import type { CanvasStore } from '../canvas-store';
import { useSegmenterCapabilities } from '../use-capabilities';
import { excludeUnavailableReason } from './ModeToggle';

/**
 * Whether this canvas's segmenter takes exclude points, and what to do when the user asks for
 * one anyway: the store's notice says why not (the live region reads it).
 */
export function useExcludeSupport(store: CanvasStore) {
  const capabilities = useSegmenterCapabilities();
  const reason = excludeUnavailableReason(capabilities);
  const refuseExclude = useCallback(() => store.getState().setNotice(reason), [store, reason]);
  return { capabilities, canExclude: capabilities.capabilities.negativeRefs, refuseExclude };
}

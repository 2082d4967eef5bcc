import { createContext, useContext, useState, type ReactNode } from 'react';
import { useStore } from 'zustand';
import { SegmentError } from '../protocol/errors';
import { createCanvasStore, type CanvasState, type CanvasStore } from './canvas-store';

/** The canvas store of the nearest `<SegmentCanvasProvider>` (or `<SegmentCanvas>`), if any. */
export const CanvasStoreContext = createContext<CanvasStore | null>(null);

export interface SegmentCanvasProviderProps {
  /** A store made with `createCanvasStore`; default: one of its own, for its lifetime. */
  store?: CanvasStore;
  children?: ReactNode;
}

/**
 * Shares one canvas's store with controls outside it (xyflow's `ReactFlowProvider`): a
 * `<SegmentCanvas>` inside uses this store instead of its own, so a `<Toolbar>`, or the app's own
 * controls through `useCanvasState`, read and drive the same prompt, mode and zoom. One canvas
 * per provider; key the provider by image to start each photo with a fresh history.
 */
export function SegmentCanvasProvider({ store, children }: SegmentCanvasProviderProps) {
  const [own] = useState(() => store ?? createCanvasStore());
  return <CanvasStoreContext.Provider value={store ?? own}>{children}</CanvasStoreContext.Provider>;
}

/** The shared canvas store itself (for its actions: `undo()`, `setMode()`, `clear()`…). */
export function useCanvasStoreApi(): CanvasStore {
  const store = useContext(CanvasStoreContext);
  if (!store)
    throw new SegmentError(
      'invalid_input',
      'Canvas controls need a <SegmentCanvasProvider> around them and the <SegmentCanvas>.',
    );
  return store;
}

/** A slice of the shared canvas's state, re-rendering only when that slice changes. */
export function useCanvasState<T>(selector: (state: CanvasState) => T): T {
  return useStore(useCanvasStoreApi(), selector);
}

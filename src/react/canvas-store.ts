import { createStore, type StoreApi } from 'zustand/vanilla';
import type { SpatialRef } from '../protocol/types';
import { IDENTITY_VIEW, type ViewTransform } from './view-transform';

export type Tool = 'point' | 'box';

/**
 * Interaction state of one canvas. `refs` has history (one entry per point or box, so undo takes
 * back the last click, not the session); the reticle, a box being dragged and the zoom are ephemeral.
 */
export interface CanvasState {
  refs: SpatialRef[];
  past: SpatialRef[][];
  future: SpatialRef[][];
  tool: Tool;
  /** Keyboard cursor, normalized; null until the keyboard is used. */
  reticle: [number, number] | null;
  /** A box being drawn (pointer drag or keyboard), normalized corners. */
  draft: [number, number, number, number] | null;
  /** Zoom and pan; ephemeral, never in history. */
  view: ViewTransform;
  addRef(ref: SpatialRef): void;
  removeLastRef(): void;
  clearRefs(): void;
  /**
   * Replaces refs from outside (controlled use: the app saved an object, loaded another): a
   * history mark, so undo stays within what the user built since.
   */
  syncRefs(refs: SpatialRef[]): void;
  undo(): void;
  redo(): void;
  setTool(tool: Tool): void;
  setReticle(reticle: [number, number] | null): void;
  setDraft(draft: [number, number, number, number] | null): void;
  setView(view: ViewTransform): void;
}

export type CanvasStore = StoreApi<CanvasState>;

export function createCanvasStore(
  initialRefs: SpatialRef[] = [],
  onRefsChange?: (refs: SpatialRef[]) => void,
): CanvasStore {
  return createStore<CanvasState>()((set, get) => {
    const commit = (refs: SpatialRef[]) => {
      set({ refs, past: [...get().past, get().refs], future: [] });
      onRefsChange?.(refs);
    };
    return {
      refs: initialRefs,
      past: [],
      future: [],
      tool: 'point',
      reticle: null,
      draft: null,
      view: IDENTITY_VIEW,
      addRef: (ref) => commit([...get().refs, ref]),
      removeLastRef: () => {
        if (get().refs.length > 0) commit(get().refs.slice(0, -1));
      },
      clearRefs: () => {
        if (get().refs.length > 0) commit([]);
      },
      syncRefs: (refs) => set({ refs, past: [], future: [] }),
      undo: () => {
        const { past, refs, future } = get();
        if (past.length === 0) return;
        const previous = past[past.length - 1]!;
        set({ refs: previous, past: past.slice(0, -1), future: [refs, ...future] });
        onRefsChange?.(previous);
      },
      redo: () => {
        const { past, refs, future } = get();
        if (future.length === 0) return;
        const next = future[0]!;
        set({ refs: next, past: [...past, refs], future: future.slice(1) });
        onRefsChange?.(next);
      },
      setTool: (tool) => set({ tool }),
      setReticle: (reticle) => set({ reticle }),
      setDraft: (draft) => set({ draft }),
      setView: (view) => set({ view }),
    };
  });
}

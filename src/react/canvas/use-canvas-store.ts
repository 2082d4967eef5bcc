import { useContext, useEffect, useState } from 'react';
import type { PointRef, SpatialRef } from '../../protocol/types';
import { CanvasStoreContext } from '../canvas-context';
import { createCanvasStore, type CanvasPrompt, type CanvasStore } from '../canvas-store';

export interface CanvasPromptProps {
  refs?: SpatialRef[];
  defaultRefs?: SpatialRef[];
  onRefsChange?(refs: SpatialRef[]): void;
  negativeRefs?: PointRef[];
  defaultNegativeRefs?: PointRef[];
  onNegativeRefsChange?(negativeRefs: PointRef[]): void;
}

/**
 * The canvas's store (a `<SegmentCanvasProvider>`'s, else its own), with the prompt controlled or
 * not: props that the app replaces are synced in (a history mark), changes the user makes are
 * reported out. Replacing `refs` from outside starts a new object: exclude points the app does not
 * control go with the old one.
 */
export function useCanvasStore(props: CanvasPromptProps): CanvasStore {
  const { refs, negativeRefs, onRefsChange, onNegativeRefsChange } = props;
  const shared = useContext(CanvasStoreContext);
  const [store] = useState(() => {
    const initial = {
      refs: refs ?? props.defaultRefs ?? [],
      negativeRefs: negativeRefs ?? props.defaultNegativeRefs ?? [],
    };
    if (!shared) return createCanvasStore(initial);
    // The provider's store starts empty: the canvas's initial prompt goes in, without history.
    const s = shared.getState();
    if (!s.refs.length && !s.negativeRefs.length) s.syncPrompt(initial);
    return shared;
  });
  useEffect(() => {
    const s = store.getState();
    const next: Partial<CanvasPrompt> = {};
    if (refs && refs !== s.refs) {
      next.refs = refs;
      if (!negativeRefs) next.negativeRefs = [];
    }
    if (negativeRefs && negativeRefs !== s.negativeRefs) next.negativeRefs = negativeRefs;
    if (next.refs || next.negativeRefs) s.syncPrompt(next);
  }, [store, refs, negativeRefs]);
  // Report changes, but not the echo of a controlled prop the app just gave.
  useEffect(
    () =>
      store.subscribe((s, before) => {
        if (s.refs !== before.refs && s.refs !== refs) onRefsChange?.(s.refs as SpatialRef[]);
        if (s.negativeRefs !== before.negativeRefs && s.negativeRefs !== negativeRefs)
          onNegativeRefsChange?.(s.negativeRefs as PointRef[]);
      }),
    [store, refs, negativeRefs, onRefsChange, onNegativeRefsChange],
  );
  return store;
}

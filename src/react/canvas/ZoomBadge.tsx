import { useStore } from 'zustand';
import type { CanvasStore } from '../canvas-store';
import { IDENTITY_VIEW } from '../view-transform';

/** The zoom factor while zoomed in; a click resets it. */
export function ZoomBadge({ store }: { store: CanvasStore }) {
  const scale = useStore(store, (s) => s.view.scale);
  if (scale <= 1) return null;
  const percent = Math.round(scale * 100);
  return (
    <button
      type="button"
      data-segmask-zoom={scale.toFixed(2)}
      onClick={() => store.getState().setView(IDENTITY_VIEW)}
      aria-label={`Zoom ${percent}%. Reset zoom (0)`}
    >
      {percent}% ✕
    </button>
  );
}

import type { CanvasStore } from '../canvas-store';
import { panBy, zoomAt } from '../view-transform';

export interface WheelZoomOptions {
  /** The plain wheel zooms; when false, only Ctrl/Cmd+wheel does and the plain wheel pans a zoomed image. */
  zoomOnWheel: boolean;
  maxZoom: number;
}

/**
 * Wheel zoom at the cursor (a trackpad pinch arrives as Ctrl+wheel). A native listener, because
 * React's wheel listener is passive and cannot keep the page from scrolling. Returns the unbinder.
 */
export function bindWheelZoom(element: HTMLElement, store: CanvasStore, options: WheelZoomOptions) {
  const { zoomOnWheel, maxZoom } = options;
  const onWheel = (e: WheelEvent) => {
    const { view, setView } = store.getState();
    const rect = element.getBoundingClientRect();
    if (zoomOnWheel || e.ctrlKey || e.metaKey) {
      e.preventDefault();
      // Lines (deltaMode 1, Firefox) are ~25× larger steps than pixels.
      const factor = Math.exp(-e.deltaY * (e.deltaMode === 1 ? 0.05 : 0.002));
      const fx = rect.width ? (e.clientX - rect.left) / rect.width : 0.5;
      const fy = rect.height ? (e.clientY - rect.top) / rect.height : 0.5;
      setView(zoomAt(view, factor, fx, fy, maxZoom));
    } else if (view.scale > 1) {
      // Zoomed: the wheel pans the image instead of scrolling the page past it.
      e.preventDefault();
      setView(panBy(view, -e.deltaX / (rect.width || 1), -e.deltaY / (rect.height || 1), maxZoom));
    }
  };
  element.addEventListener('wheel', onWheel, { passive: false });
  return () => element.removeEventListener('wheel', onWheel);
}

import { useStore } from 'zustand';
import type { CanvasStore } from '../canvas-store';
import { MaskPath, type MaskStyle } from '../MaskOverlay';

/** The mask a click at the pointer would give: lighter than a result, and not for screen readers. */
export function HoverPreviewLayer({ store, maskStyle }: { store: CanvasStore; maskStyle: MaskStyle }) {
  const mask = useStore(store, (s) => s.hoverMask);
  if (!mask) return null;
  return (
    <g data-segmask-preview="" aria-hidden opacity={0.6}>
      <MaskPath path={mask.path} bbox={mask.bbox} stage="preview" {...maskStyle} dimOutside={false} />
    </g>
  );
}

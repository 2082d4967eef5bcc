import { useStore } from 'zustand';
import { draftBox, type CanvasStore } from '../canvas-store';
import { draftStyle } from './styles';

/** The box being drawn (by pointer or keyboard), in the surface's image coordinates. */
export function DraftLayer({ store }: { store: CanvasStore }) {
  // Two selections, not one computed box: a selector must not return a new array every call.
  const interaction = useStore(store, (s) => s.interaction);
  const reticle = useStore(store, (s) => s.reticle);
  const box = draftBox({ interaction, reticle });
  if (!box) return null;
  const [x0, y0, x1, y1] = box;
  return (
    <rect
      data-segmask-draft=""
      x={x0}
      y={y0}
      width={x1 - x0}
      height={y1 - y0}
      {...draftStyle}
      vectorEffect="non-scaling-stroke"
    />
  );
}

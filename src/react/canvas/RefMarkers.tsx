import { useStore } from 'zustand';
import type { CanvasStore } from '../canvas-store';
import { at, boxRefStyle, markerLayerStyle } from './styles';

/**
 * Include points (green +), exclude points (red −), boxes and the keyboard reticle, as HTML so
 * they stay round whatever the image's aspect.
 */
export function RefMarkers({ store }: { store: CanvasStore }) {
  const refs = useStore(store, (s) => s.refs);
  const negativeRefs = useStore(store, (s) => s.negativeRefs);
  const reticle = useStore(store, (s) => s.reticle);
  const mode = useStore(store, (s) => s.mode);
  return (
    <div aria-hidden style={markerLayerStyle}>
      {refs.map((r, i) =>
        r.length === 2 ? (
          <span key={`i${i}`} data-segmask-ref="point" data-polarity="include" style={at(...r)}>
            +
          </span>
        ) : (
          <span key={`b${i}`} data-segmask-ref="box" style={boxRefStyle(r)} />
        ),
      )}
      {negativeRefs.map((r, i) => (
        <span key={`e${i}`} data-segmask-ref="point" data-polarity="exclude" style={at(...r)}>
          −
        </span>
      ))}
      {reticle ? (
        <span data-segmask-reticle="" data-polarity={mode} style={at(reticle[0], reticle[1])} />
      ) : null}
    </div>
  );
}

import { LOW_GROUNDING_SCORE } from '../../protocol/metrics';
import { MAX_ZOOM } from '../view-transform';

/** Every default of `<SegmentCanvas>`, in one place (the props' docs point here). */
export const CANVAS_DEFAULTS = {
  zoomOnWheel: true,
  maxZoom: MAX_ZOOM,
  lowConfidenceBelow: LOW_GROUNDING_SCORE,
} as const;

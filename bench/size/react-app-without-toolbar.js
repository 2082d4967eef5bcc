// A React app that draws its own controls: segmask/react but the Toolbar, plus the Moondream
// transport. Shows that the Toolbar is tree-shaken from apps that do not import it.
export {
  SegmentProvider,
  SegmentCanvas,
  SegmentCanvasProvider,
  useCanvasState,
  useCanvasStoreApi,
  MaskOverlay,
  MaskPath,
  useSegment,
  useSegmenterCapabilities,
} from '../../dist/react.js';
export { createMoondreamSegmenter } from '../../dist/index.js';

/**
 * `segmask/react`: interactive mask selection on @tanstack/react-query and zustand.
 */
export { SegmentProvider, useSegmenter, type SegmentProviderProps } from './context';
export {
  useSegment,
  segmentQueryKey,
  type UseSegmentOptions,
  type UseSegmentResult,
  type SegmentActions,
  type SegmentStatus,
  type SegmentRequestState,
  type SegmentStreamState,
} from './use-segment';
export { reduceSegmentEvent, INITIAL_STREAM_STATE, type PreviewAnswer } from './request/segment-state';
export { useSegmenterCapabilities, NO_CAPABILITIES, type CapabilitiesState } from './use-capabilities';
export { SegmentCanvas, type SegmentCanvasProps } from './SegmentCanvas';
export {
  SegmentCanvasProvider,
  useCanvasState,
  useCanvasStoreApi,
  type SegmentCanvasProviderProps,
} from './canvas-context';
export { Toolbar, type ToolbarProps } from './Toolbar';
export { CANVAS_DEFAULTS } from './canvas/defaults';
export { KEYMAP, type KeyAction } from './canvas/keymap';
export {
  MaskOverlay,
  MaskPath,
  BboxFrame,
  type MaskOverlayProps,
  type MaskPathProps,
  type MaskStyle,
} from './MaskOverlay';
export {
  createCanvasStore,
  type CanvasState,
  type CanvasStore,
  type CanvasPrompt,
  type Interaction,
  type Polarity,
} from './canvas-store';
export { matchKey } from './match-key';

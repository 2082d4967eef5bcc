// What a typical React app imports (the README's first example): the provider, the canvas, the
// overlay, the hook and the Moondream transport. Its look is segmask/styles.css, measured apart.
export { SegmentProvider, SegmentCanvas, MaskOverlay, useSegment } from '../../dist/react.js';
export { createMoondreamSegmenter } from '../../dist/index.js';

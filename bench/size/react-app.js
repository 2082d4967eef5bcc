// What a React app ships: all of segmask/react plus the Moondream transport, for the bundle budget.
export * from '../../dist/react.js';
export { createMoondreamSegmenter } from '../../dist/index.js';

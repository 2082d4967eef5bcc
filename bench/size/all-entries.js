// Everything segmask and segmask/react export, for the bundle budget (size-limit).
export * from '../../dist/index.js';
export * from '../../dist/react.js';

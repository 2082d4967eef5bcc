/** `segmask/server`: a Moondream-compatible `/v1/segment` and a key-holding proxy. */
export { createSegmentHandler, type SegmentHandlerOptions } from './handler';
export { toNodeHandler } from './node-adapter';
export { startServer, type ServeOptions } from './serve';

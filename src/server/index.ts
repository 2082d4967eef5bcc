/** `segmask/server`: a Moondream-compatible `/v1/segment`, a key-holding proxy, an engine pool. */
export { createSegmentHandler, type SegmentHandlerOptions } from './handler';
export { toNodeHandler } from './node-adapter';
export { startServer, type ServeOptions, type RunningServer } from './serve';
export {
  createEnginePool,
  type EnginePool,
  type EnginePoolOptions,
} from '../engine/runtime/node/engine-pool';

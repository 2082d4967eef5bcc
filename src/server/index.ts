/** `segmask/server`: a Moondream-compatible `/v1/segment`, a key-holding proxy, an engine pool. */
export {
  createSegmentHandler,
  type RequestHead,
  type SegmentHandler,
  type SegmentHandlerOptions,
} from './handler';
export { toNodeHandler } from './node-adapter';
export { startServer, type ServeOptions, type RunningServer } from './serve';
export {
  createEnginePool,
  type EnginePool,
  type EnginePoolOptions,
} from '../engine/runtime/node/engine-pool';
export type { SegmentLimits, UpstreamTimeouts } from './limits';
export type { NodeHandlerOptions } from './node-adapter';
export type { BodyLimits } from '../engine/wire-body/body-limits';
export type { ParsedSegmentBody, SegmentBodyParser } from '../engine/wire-body/engine-request-from-body';

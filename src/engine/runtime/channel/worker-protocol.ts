import type { SegmentErrorCode } from '../../../protocol/errors';
import type {
  ImageSource,
  SegmentEvent,
  SegmentRequest,
  SegmenterCapabilities,
} from '../../../protocol/types';
import type { EngineOptions } from '../engine-options';

/**
 * A request as it crosses to a worker: every field of `SegmentRequest` but the signal (a cancel
 * message stands in for it), so a field added to the protocol reaches the engine untouched.
 */
export type EngineRequest = Omit<SegmentRequest, 'signal'>;

/**
 * Caller → worker. `init` comes first and once: the engine's options, for every request after.
 * `prepare` answers `done` when the image's embedding is cached; `capabilities` answers with the
 * engine's (its tier known once the model has loaded or failed).
 */
export type WorkerRequest =
  | { kind: 'init'; options: EngineOptions }
  | { kind: 'segment'; id: number; request: EngineRequest }
  | { kind: 'prepare'; id: number; image: ImageSource }
  | { kind: 'capabilities'; id: number }
  | { kind: 'cancel'; id: number };

/** Worker → caller, each tagged with the id of the request it answers. */
export type WorkerReply =
  | { kind: 'event'; id: number; event: SegmentEvent }
  | { kind: 'capabilities'; id: number; capabilities: SegmenterCapabilities }
  | { kind: 'error'; id: number; code: SegmentErrorCode; message: string; param?: string }
  | { kind: 'done'; id: number };

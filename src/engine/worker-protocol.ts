import type { ImageSource, SegmentEvent, SpatialRef } from '../protocol/types';
import type { SegmentErrorCode } from '../protocol/errors';
import type { LocalSegmenterOptions } from './local-segmenter';

export type WorkerRequest =
  | {
      kind: 'segment';
      id: number;
      image: ImageSource;
      object: string;
      spatialRefs: SpatialRef[];
      options: Omit<LocalSegmenterOptions, 'worker'>;
    }
  | { kind: 'cancel'; id: number };

export type WorkerReply =
  | { kind: 'event'; id: number; event: SegmentEvent }
  | { kind: 'error'; id: number; code: SegmentErrorCode; message: string; param?: string }
  | { kind: 'done'; id: number };

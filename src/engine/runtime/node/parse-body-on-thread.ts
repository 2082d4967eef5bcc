import { SegmentError, type SegmentErrorCode } from '../../../protocol/errors';
import type { BodyLimits } from '../../wire-body/body-limits';
import {
  requestFromBody,
  type BodyShape,
  type ParsedSegmentBody,
} from '../../wire-body/engine-request-from-body';

/**
 * Caller → Node engine thread: a raw `/segment` body to parse (its buffer transferred). A Node
 * thread's own message beside the engine's (channel/worker-protocol.ts), so the browser worker
 * never carries the wire parser. Needs no `init`: parsing uses no engine options.
 */
export interface ParseBodyRequest {
  kind: 'parse_body';
  id: number;
  body: Uint8Array;
  limits: BodyLimits;
  shape?: BodyShape;
}

/** Node engine thread → caller: the parsed body (the image's buffer transferred) or the refusal. */
export type ParseBodyReply =
  | { kind: 'body_parsed'; id: number; parsed: ParsedSegmentBody }
  | {
      kind: 'body_refused';
      id: number;
      code: SegmentErrorCode;
      message: string;
      param?: string;
      status?: number;
    };

/** Runs on the thread: the reply to post and what to transfer with it. */
export function parseBodyOnThread(message: ParseBodyRequest): {
  reply: ParseBodyReply;
  transfer: ArrayBuffer[];
} {
  try {
    const parsed = requestFromBody(message.body, message.limits, message.shape);
    const { image } = parsed.request;
    // The decoded bytes own their buffer (base64ToBytes allocates it), so it can move.
    const owned = image.byteOffset === 0 && image.byteLength === image.buffer.byteLength;
    return {
      reply: { kind: 'body_parsed', id: message.id, parsed },
      transfer: owned ? [image.buffer as ArrayBuffer] : [],
    };
  } catch (error) {
    const e =
      error instanceof SegmentError
        ? error
        : new SegmentError('server_error', 'The request body could not be parsed.');
    return {
      reply: {
        kind: 'body_refused',
        id: message.id,
        code: e.code,
        message: e.message,
        param: e.param,
        status: e.status,
      },
      transfer: [],
    };
  }
}

/** The caller's side: the reply as the parsed body, or the typed error it stands for. */
export function fromParseBodyReply(reply: ParseBodyReply): ParsedSegmentBody {
  if (reply.kind === 'body_parsed') return reply.parsed;
  throw new SegmentError(reply.code, reply.message, { param: reply.param, status: reply.status });
}

import { SegmentError } from '../protocol/errors';
import type { SegmentEvent, Segmenter } from '../protocol/types';
import { toWireError, toWireEvent, toWireResult } from '../protocol/wire';
import { resultFromFinal } from '../protocol/collect';
import { asSegmentError, json, segmentErrorResponse, type HeaderMap } from './http-errors';
import type { SegmentBody } from './segment-body';
import type { AdmissionQueue } from '../util/admission-queue';

/** Requests running on the engine, and those waiting in line for a turn. */
export interface Admission {
  running: number;
  readonly queue: AdmissionQueue<void>;
  concurrency: number;
  maxQueue: number;
}

/** Takes a turn (waiting in line if need be); a Response when refused or the client left first. */
async function admit(admission: Admission, signal: AbortSignal, cors: HeaderMap): Promise<Response | null> {
  if (admission.running < admission.concurrency) {
    admission.running++;
    return null;
  }
  if (admission.queue.length >= admission.maxQueue)
    return segmentErrorResponse(
      new SegmentError('rate_limited', 'The engine is busy; retry shortly.', { retryAfterMs: 1000 }),
      cors,
    );
  try {
    await admission.queue.wait(signal); // the releasing request hands over its turn
    return null;
  } catch {
    return new Response(null, { status: 499 }); // it left the line: its work never starts
  }
}

const encoder = new TextEncoder();
const sse = (payload: unknown) => encoder.encode(`data: ${JSON.stringify(payload)}\n\n`);

/**
 * Answers a validated request with the segmenter: errors before the first event keep their
 * status code; a failure after it ends the stream with segmask's `error` event.
 */
export async function answerWithEngine(
  segmenter: Segmenter,
  body: SegmentBody,
  image: Uint8Array,
  request: Request,
  ctx: { id: string; cors: HeaderMap; admission: Admission },
): Promise<Response> {
  const { admission, cors, id } = ctx;
  const refused = await admit(admission, request.signal, cors);
  if (refused) return refused;
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    if (!admission.queue.admitNext()) admission.running--;
  };
  const iterable = segmenter.stream({
    image,
    object: body.object,
    spatialRefs: body.spatialRefs,
    ...(body.negativeRefs ? { negativeRefs: body.negativeRefs } : {}),
    ...(body.previous ? { previous: body.previous } : {}),
    signal: request.signal,
  });
  const events = iterable[Symbol.asyncIterator]();
  let first: IteratorResult<SegmentEvent>;
  try {
    first = await events.next(); // a failure before the first event still gets a status code
  } catch (error) {
    release();
    return segmentErrorResponse(error, cors);
  }
  const finalOf = (event: SegmentEvent) =>
    event.type === 'final' ? { ...toWireEvent(event), request_id: id } : toWireEvent(event);
  if (!body.stream) {
    try {
      let last: SegmentEvent | undefined = first.done ? undefined : first.value;
      for (let step = await events.next(); !step.done; step = await events.next()) last = step.value;
      if (last?.type !== 'final')
        throw new SegmentError('stream_incomplete', 'The engine ended without a result.');
      resultFromFinal(last);
      return json(200, { ...toWireResult(last), request_id: id }, cors);
    } catch (error) {
      return segmentErrorResponse(error, cors);
    } finally {
      release();
    }
  }
  let sawFinal = first.done ? false : first.value.type === 'final';
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      if (!first.done) controller.enqueue(sse(finalOf(first.value)));
    },
    async pull(controller) {
      try {
        const step = await events.next();
        if (!step.done) {
          sawFinal ||= step.value.type === 'final';
          controller.enqueue(sse(finalOf(step.value)));
          return;
        }
        if (!sawFinal) throw new SegmentError('stream_incomplete', 'The engine ended without a result.');
        release();
        controller.close();
      } catch (error) {
        // The status line is out: the stream ends with the error event, never silently.
        release();
        if (request.signal.aborted) return controller.close();
        controller.enqueue(sse(toWireError(asSegmentError(error))));
        controller.close();
      }
    },
    async cancel() {
      release();
      await events.return?.(undefined);
    },
  });
  return new Response(stream, {
    status: 200,
    headers: {
      ...cors,
      'Content-Type': 'text/event-stream',
      'Cache-Control': 'no-cache',
      'X-Accel-Buffering': 'no',
    },
  });
}

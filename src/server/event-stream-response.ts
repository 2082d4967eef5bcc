import { SegmentError } from '../protocol/errors';
import type { WireableEvent } from '../protocol/types';
import { toWireError, toWireEvent } from '../protocol/wire';
import { asSegmentError, type HeaderMap } from './http-errors';

const encoder = new TextEncoder();
const sse = (payload: unknown) => encoder.encode(`data: ${JSON.stringify(payload)}\n\n`);

/** The event on the wire; `final` carries the request id. */
const wireEventOf = (event: WireableEvent, id: string) =>
  event.type === 'final' ? { ...toWireEvent(event), request_id: id } : toWireEvent(event);

/**
 * The SSE answer to a stream whose first event is already out of the engine. The status line is
 * sent with it, so a failure after it ends the stream with segmask's `error` event, never with
 * a silent clean close; `done` runs once the engine has nothing more to say.
 */
export function eventStreamResponse(
  first: IteratorResult<WireableEvent>,
  events: AsyncIterator<WireableEvent>,
  ctx: { id: string; cors: HeaderMap; signal: AbortSignal; done(): void },
): Response {
  const { id, signal, done } = ctx;
  let sawFinal = first.done ? false : first.value.type === 'final';
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      if (!first.done) controller.enqueue(sse(wireEventOf(first.value, id)));
    },
    async pull(controller) {
      try {
        const step = await events.next();
        if (!step.done) {
          sawFinal ||= step.value.type === 'final';
          controller.enqueue(sse(wireEventOf(step.value, id)));
          return;
        }
        if (!sawFinal) throw new SegmentError('stream_incomplete', 'The engine ended without a result.');
        done();
        controller.close();
      } catch (error) {
        done();
        if (signal.aborted) return controller.close();
        controller.enqueue(sse(toWireError(asSegmentError(error))));
        controller.close();
      }
    },
    async cancel() {
      // The turn goes back once the engine has let go of the request, not before: a thread
      // still finishing abandoned work must count in admission.
      try {
        await events.return?.(undefined);
      } finally {
        done();
      }
    },
  });
  return new Response(stream, {
    status: 200,
    headers: {
      ...ctx.cors,
      'Content-Type': 'text/event-stream',
      'Cache-Control': 'no-cache',
      'X-Accel-Buffering': 'no',
    },
  });
}

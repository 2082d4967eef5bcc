import { SegmentError } from '../protocol/errors';
import type { Segmenter, WireableEvent } from '../protocol/types';
import { toWireResult } from '../protocol/wire';
import { resultFromFinal } from '../protocol/collect';
import {
  engineRequestFromBody,
  prepareRequestFromBody,
  type ParsedSegmentBody,
  type SegmentBodyParser,
} from '../engine/wire-body/engine-request-from-body';
import { busyResponse, releaserOf, reserve, type Admission, type Reservation } from './admission';
import { eventStreamResponse } from './event-stream-response';
import { wireableEvents } from './wireable-events';
import { json, segmentErrorResponse, type HeaderMap } from './http-errors';
import type { SegmentLimits } from './limits';
import type { SegmentRoutes } from './routes';

const parserOf = (segmenter: Segmenter): SegmentBodyParser | undefined =>
  typeof (segmenter as Partial<SegmentBodyParser>).parseBody === 'function'
    ? (segmenter as Segmenter & SegmentBodyParser)
    : undefined;

/** The body parsed, with its place held; a body refused frees the place. */
async function parsedOrFree<T>(place: Reservation, parse: () => T | Promise<T>): Promise<T> {
  try {
    return await parse();
  } catch (error) {
    place.cancel();
    throw error;
  }
}

/** The whole answer of a non-streaming request: the last event must be `final`. */
async function wholeResult(
  first: IteratorResult<WireableEvent>,
  events: AsyncIterator<WireableEvent>,
  ctx: { id: string; cors: HeaderMap },
): Promise<Response> {
  let last: WireableEvent | undefined = first.done ? undefined : first.value;
  for (let step = await events.next(); !step.done; step = await events.next()) last = step.value;
  if (last?.type !== 'final')
    throw new SegmentError('stream_incomplete', 'The engine ended without a result.');
  resultFromFinal(last);
  return json(200, { ...toWireResult(last), request_id: ctx.id }, ctx.cors);
}

/**
 * Answers a parsed request with the segmenter once it has a turn: errors before the first event
 * keep their status code; a failure after it ends the stream with segmask's `error` event.
 */
async function answerWithEngine(
  segmenter: Segmenter,
  parsed: ParsedSegmentBody,
  request: Request,
  ctx: { id: string; cors: HeaderMap; admission: Admission; place: Reservation },
): Promise<Response> {
  const { cors, id } = ctx;
  const refused = await ctx.place.take(request.signal);
  if (refused) return refused;
  const release = releaserOf(ctx.admission);
  const events = wireableEvents(segmenter.stream({ ...parsed.request, signal: request.signal }));
  let first: IteratorResult<WireableEvent>;
  try {
    first = await events.next(); // a failure before the first event still gets a status code
  } catch (error) {
    release();
    return segmentErrorResponse(error, cors);
  }
  if (parsed.stream)
    return eventStreamResponse(first, events, { id, cors, signal: request.signal, done: release });
  try {
    return await wholeResult(first, events, { id, cors });
  } catch (error) {
    return segmentErrorResponse(error, cors);
  } finally {
    release();
  }
}

/**
 * Engine mode's routes. The body is parsed by the segmenter's own parser when it has one (the
 * engine pool parses on its threads, before the request waits for its turn, so a bad body is
 * refused at once and the event loop never runs the JSON or base64 work), else here. A request
 * holds its place in the admission while its body is parsed: only bodies that will run are.
 */
export function createEngineRoute(
  segmenter: Segmenter,
  config: { limits: SegmentLimits; admission: Admission },
): SegmentRoutes {
  const parser = parserOf(segmenter);
  const { limits, admission } = config;
  return {
    async segment(request, bytes, ctx) {
      const place = reserve(admission);
      if (!place) return busyResponse(ctx.cors);
      const parsed = await parsedOrFree(place, () =>
        parser ? parser.parseBody(bytes, limits) : engineRequestFromBody(bytes, limits),
      );
      return answerWithEngine(segmenter, parsed, request, { ...ctx, admission, place });
    },
    async capabilities(request, cors) {
      const caps = await segmenter.capabilities?.({ signal: request.signal });
      const extensions = [
        ...(caps?.negativeRefs ? ['negative_refs'] : []),
        ...(caps?.previous ? ['previous'] : []),
        ...(caps?.prepare && segmenter.prepare ? ['prepare'] : []),
      ];
      const engine = caps?.engine && {
        tier: caps.engine.tier,
        ...(caps.engine.model ? { model: caps.engine.model } : {}),
      };
      return json(200, { extensions, ...(engine ? { engine } : {}) }, cors);
    },
    ...(segmenter.prepare
      ? {
          async prepare(request, bytes, ctx) {
            const place = reserve(admission);
            if (!place) return busyResponse(ctx.cors);
            const parsed = await parsedOrFree(place, () =>
              parser ? parser.parseBody(bytes, limits, 'prepare') : prepareRequestFromBody(bytes, limits),
            );
            const refused = await place.take(request.signal);
            if (refused) return refused;
            const release = releaserOf(admission);
            try {
              await segmenter.prepare!(parsed.request.image, { signal: request.signal });
              return new Response(null, { status: 204, headers: ctx.cors });
            } catch (error) {
              return segmentErrorResponse(error, ctx.cors);
            } finally {
              release();
            }
          },
        }
      : {}),
  };
}

import { SegmentError } from '../protocol/errors';
import { createAdmissionQueue, type AdmissionQueue } from '../util/admission-queue';
import { segmentErrorResponse, type HeaderMap } from './http-errors';

/**
 * Requests running on the engine, those waiting in line for a turn, and those holding a place
 * while their body is parsed: `concurrency + maxQueue` places in all.
 */
export interface Admission {
  running: number;
  readonly queue: AdmissionQueue<void>;
  /** Places held by requests whose body is being parsed (on an engine thread). */
  reserved: number;
  concurrency: number;
  maxQueue: number;
}

/** A place held for a request: `take` turns it into a turn (waiting in line), `cancel` frees it. */
export interface Reservation {
  /** Null once it has a turn; a Response (499) when the client left while waiting. */
  take(signal: AbortSignal): Promise<Response | null>;
  cancel(): void;
}

export function createAdmission(concurrency: number, maxQueue: number): Admission {
  return { running: 0, queue: createAdmissionQueue(), reserved: 0, concurrency, maxQueue };
}

/** Whether a request arriving now would be refused: every place is running, waiting or held. */
export const isFull = (a: Admission): boolean =>
  a.running + a.queue.length + a.reserved >= a.concurrency + a.maxQueue;

// One error for every 429: under a flood of retries, capturing a stack per refusal was a tenth
// of the event loop's work.
const BUSY = new SegmentError('rate_limited', 'The engine is busy; retry shortly.', { retryAfterMs: 1000 });

/** The 429 of a full engine. */
export const busyResponse = (cors: HeaderMap): Response => segmentErrorResponse(BUSY, cors);

/**
 * Holds a place before the body is parsed, or null when there is none (answer 429). Parsing is
 * the engine threads' work: a request parsed and then refused would take their turns for nothing,
 * and under a flood of retries they did little else.
 */
export function reserve(admission: Admission): Reservation | null {
  if (isFull(admission)) return null;
  admission.reserved++;
  let held = true;
  const free = () => {
    if (held) admission.reserved--;
    held = false;
  };
  return {
    cancel: free,
    async take(signal) {
      free();
      if (admission.running < admission.concurrency) {
        admission.running++;
        return null;
      }
      try {
        await admission.queue.wait(signal); // the releasing request hands over its turn
        return null;
      } catch {
        return new Response(null, { status: 499 }); // it left the line: its work never starts
      }
    },
  };
}

/** Gives the turn back, once however often it is called: to the next in line, or to no one. */
export function releaserOf(admission: Admission): () => void {
  let released = false;
  return () => {
    if (released) return;
    released = true;
    if (!admission.queue.admitNext()) admission.running--;
  };
}

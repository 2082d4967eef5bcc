import { SegmentError } from '../protocol/errors';
import { createAdmissionQueue, type AdmissionQueue } from '../util/admission-queue';
import { segmentErrorResponse, type HeaderMap } from './http-errors';

/** Requests running on the engine, and those waiting in line for a turn. */
export interface Admission {
  running: number;
  readonly queue: AdmissionQueue<void>;
  concurrency: number;
  maxQueue: number;
}

export function createAdmission(concurrency: number, maxQueue: number): Admission {
  return { running: 0, queue: createAdmissionQueue(), concurrency, maxQueue };
}

/** Takes a turn (waiting in line if need be); a Response when refused or the client left first. */
export async function admit(
  admission: Admission,
  signal: AbortSignal,
  cors: HeaderMap,
): Promise<Response | null> {
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

/** Gives the turn back, once however often it is called: to the next in line, or to no one. */
export function releaserOf(admission: Admission): () => void {
  let released = false;
  return () => {
    if (released) return;
    released = true;
    if (!admission.queue.admitNext()) admission.running--;
  };
}

import { SegmentError, abortedError } from '../../protocol/errors';
import type { Bbox, FinalEvent, Pixels, SegmentEvent } from '../../protocol/types';
import { runSegmentation, type EnginePrompt, type EngineTuning } from '../algorithm/run-segmentation';
import { nextTurn } from './next-turn';

// The graph cut's stages as the engine streams them: alone (no model, or its fallback), and as the
// learned tier's instant first answer and guide (learned-stream.ts).

export const GRAPH_CUT = 'graph-cut';

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw abortedError(signal.reason);
}

/** The graph cut's stream, tagged with its tier. */
export async function* graphCutEvents(
  pixels: Pixels,
  prompt: EnginePrompt,
  tuning: EngineTuning | undefined,
  signal: AbortSignal | undefined,
): AsyncGenerator<SegmentEvent, void, undefined> {
  for (const event of runSegmentation(pixels, prompt, tuning)) {
    throwIfAborted(signal);
    yield event.type === 'final' ? { ...event, engine: GRAPH_CUT } : event;
    await nextTurn();
  }
}

/** The graph cut's final answer alone, taking a turn between its stages; null where it finds nothing. */
export async function graphCutFinal(
  pixels: Pixels,
  prompt: EnginePrompt,
  tuning: EngineTuning | undefined,
  signal: AbortSignal | undefined,
): Promise<FinalEvent | null> {
  try {
    for (const event of runSegmentation(pixels, prompt, tuning)) {
      throwIfAborted(signal);
      if (event.type === 'final') return event;
      await nextTurn();
    }
  } catch (error) {
    if (error instanceof SegmentError && error.code === 'aborted') throw error;
  }
  return null;
}

/** What the stream has sent so far: later stages send only what is still missing. */
export interface Sent {
  box: Bbox | null;
  coarse: boolean;
}

/**
 * The graph cut's box and coarse outline on a cold image (the encoder would hold this thread:
 * onnxruntime's run is not off-thread in Node); its final is kept as the fallback and the guide.
 */
export async function* graphCutFirst(
  pixels: Pixels,
  prompt: EnginePrompt,
  tuning: EngineTuning | undefined,
  signal: AbortSignal | undefined,
  sent: Sent,
): AsyncGenerator<SegmentEvent, { fallback?: FinalEvent; error?: unknown }, undefined> {
  try {
    for (const event of runSegmentation(pixels, prompt, tuning)) {
      throwIfAborted(signal);
      if (event.type === 'final') return { fallback: { ...event, engine: GRAPH_CUT } };
      if (event.type === 'bbox') sent.box = event.bbox;
      else sent.coarse = true;
      yield event;
      await nextTurn();
    }
  } catch (error) {
    if (error instanceof SegmentError && error.code === 'aborted') throw error;
    return { error }; // the model may still find it
  }
  return {};
}

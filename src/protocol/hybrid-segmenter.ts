import { collectResult } from './collect';
import { defineSegmenter } from './define-segmenter';
import { SegmentError, abortedError, isAbortError } from './errors';
import type {
  ImageSource,
  PrepareOptions,
  SegmentEvent,
  SegmentRequest,
  SegmentResult,
  Segmenter,
  SegmenterCapabilities,
} from './types';

export interface HybridSegmenterOptions {
  /** Answers at once, on this machine: the offline engine (`createLocalSegmenter`). */
  preview: Segmenter;
  /** Answers later and replaces the preview: Moondream, your server. */
  final: Segmenter;
  /** The preview failed; the final's answer still comes. Not called for a cancelled request. */
  onPreviewError?(error: SegmentError): void;
  /**
   * The final segmenter's name for the UI's words ("Preview (offline) · Moondream…"). Default:
   * `your server` when its capabilities name an engine tier, else `Moondream`.
   */
  finalName?: string;
}

/** Moondream's API: include refs only, every request from nothing. */
const NOTHING: SegmenterCapabilities = { negativeRefs: false, previous: false };

const asSegmentError = (error: unknown): SegmentError =>
  error instanceof SegmentError
    ? error
    : isAbortError(error)
      ? abortedError(error)
      : new SegmentError('server_error', `The preview failed: ${String(error)}`, { cause: error });

/** Whether the final segmenter can take the request as it is (exclude points, a previous answer). */
const finalCanTake = (request: SegmentRequest, caps: SegmenterCapabilities) =>
  ((request.negativeRefs?.length ?? 0) === 0 || caps.negativeRefs) && (!request.previous || caps.previous);

type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };
const settle = <T>(promise: Promise<T>): Promise<Settled<T>> =>
  promise.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );

/** An AbortController that also aborts when `parent` does. */
function childController(parent: AbortSignal | undefined): AbortController {
  const controller = new AbortController();
  if (parent?.aborted) controller.abort(parent.reason);
  else parent?.addEventListener('abort', () => controller.abort(parent.reason), { once: true });
  return controller;
}

/**
 * A segmenter that shows a local answer at once and lets a slower one replace it: its stream
 * first yields one `preview` event (the preview segmenter's final answer, as soon as it has it),
 * then the final segmenter's own events as they arrive. Both start at once; the final never waits
 * for the preview, and a preview slower than the final's first event is dropped. A failed
 * preview is reported to `onPreviewError` and the stream goes on; a failed final throws its
 * error (the React layer keeps the preview on screen beside it). A request the final cannot take
 * (exclude points, or a previous answer, where its capabilities lack them: Moondream) is answered
 * by the preview segmenter alone, its events as they are, its result's `engine` naming it.
 * Cancelling the request cancels both.
 */
export function createHybridSegmenter(options: HybridSegmenterOptions): Segmenter {
  const { preview, final, onPreviewError } = options;

  let finalCaps: Promise<SegmenterCapabilities> | undefined;
  /**
   * The final's capabilities, asked once. A failure to ask (the server is down) offers nothing
   * beyond the protocol this time, and is asked again next time.
   */
  const capabilitiesOfFinal = () =>
    (finalCaps ??= (final.capabilities?.() ?? Promise.resolve(NOTHING)).catch(() => {
      finalCaps = undefined;
      return NOTHING;
    }));

  async function* previewAlone(request: SegmentRequest): AsyncGenerator<SegmentEvent, void, undefined> {
    for await (const event of preview.stream(request))
      yield event.type === 'final' ? { ...event, engine: event.engine ?? 'preview' } : event;
  }

  async function* stream(request: SegmentRequest): AsyncGenerator<SegmentEvent, void, undefined> {
    const caps = await capabilitiesOfFinal();
    if (request.signal?.aborted) throw abortedError(request.signal.reason);
    if (!finalCanTake(request, caps)) {
      yield* previewAlone(request);
      return;
    }
    const awaiting = options.finalName ?? (caps.engine ? 'your server' : 'Moondream');
    const previewing = childController(request.signal);
    const finalling = childController(request.signal);
    // Both start now: the preview's whole answer, and the final's first event.
    let previewAnswer: Promise<Settled<SegmentResult>> | null = settle(
      collectResult(preview.stream({ ...request, signal: previewing.signal })),
    );
    const events = final.stream({ ...request, signal: finalling.signal })[Symbol.asyncIterator]();
    let next = settle(events.next());
    let finished = false;
    try {
      for (;;) {
        const winner = await (previewAnswer
          ? Promise.race([previewAnswer.then((p) => ({ from: 'preview' as const, p })), next])
          : next);
        if ('from' in winner) {
          previewAnswer = null;
          const { p } = winner;
          if (p.ok) {
            const { path, bbox } = p.value;
            yield { type: 'preview', path, bbox, engine: p.value.engine ?? 'preview', awaiting };
          } else if (!request.signal?.aborted) onPreviewError?.(asSegmentError(p.error));
          continue;
        }
        if (!winner.ok) throw winner.error;
        if (winner.value.done) {
          finished = true;
          return;
        }
        if (previewAnswer) {
          // The final spoke first: its answer is under way, a preview now would only flicker.
          previewAnswer = null;
          previewing.abort();
        }
        if (winner.value.value.type === 'final') finished = true;
        yield winner.value.value;
        next = settle(events.next());
      }
    } finally {
      previewing.abort();
      if (!finished) {
        finalling.abort();
        void events.return?.().catch(() => undefined);
      }
    }
  }

  async function prepare(image: ImageSource, prepareOptions: PrepareOptions = {}): Promise<void> {
    await Promise.all([preview.prepare?.(image, prepareOptions), final.prepare?.(image, prepareOptions)]);
  }

  async function capabilities(): Promise<SegmenterCapabilities> {
    const [p, f] = await Promise.all([
      preview.capabilities?.().catch(() => NOTHING) ?? NOTHING,
      capabilitiesOfFinal(),
    ]);
    // What the preview takes, the hybrid takes (it answers those requests alone).
    const caps: SegmenterCapabilities = {
      negativeRefs: p.negativeRefs || f.negativeRefs,
      previous: p.previous || f.previous,
      prepare: Boolean(p.prepare || f.prepare),
    };
    if (f.engine) caps.engine = f.engine;
    return caps;
  }

  return defineSegmenter({
    stream,
    prepare,
    capabilities,
    dispose() {
      preview.dispose?.();
      final.dispose?.();
    },
  });
}

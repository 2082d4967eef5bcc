import { createFrameBatcher } from '../frame-batcher';

/**
 * An async iterable's items grouped by animation frame: a stream can deliver dozens of chunks per
 * frame, and only the state after the last one needs drawing. The end of the source is never
 * held back for a frame (a refined mask shows at once, also in a background tab where frames
 * stop). Errors of the source are thrown after the items that came before them.
 */
export async function* perFrame<T>(source: AsyncIterable<T>): AsyncGenerator<T[]> {
  const iterator = source[Symbol.asyncIterator]();
  const buffer: T[] = [];
  let ended = false;
  let failure: { error: unknown } | undefined;
  let waitingForFrame = false;
  let wake: (() => void) | undefined;
  const poke = () => {
    const resolve = wake;
    wake = undefined;
    resolve?.();
  };
  const sleep = () => new Promise<void>((resolve) => (wake = resolve));
  void (async () => {
    try {
      for (let step = await iterator.next(); !step.done; step = await iterator.next()) {
        buffer.push(step.value);
        if (!waitingForFrame) poke();
      }
    } catch (error) {
      failure = { error };
    } finally {
      ended = true;
      poke();
    }
  })();
  const frames = createFrameBatcher(poke);
  try {
    for (;;) {
      while (buffer.length === 0 && !ended) await sleep();
      if (!ended) {
        // Collect what else arrives in this frame; the end of the stream wakes us early.
        waitingForFrame = true;
        frames.schedule();
        await sleep();
        waitingForFrame = false;
      }
      if (buffer.length > 0) yield buffer.splice(0);
      if (ended && buffer.length === 0) {
        if (failure) throw failure.error;
        return;
      }
    }
  } finally {
    frames.cancel();
    // The consumer stopped early (a cancelled request): close the source too.
    if (!ended) void iterator.return?.();
  }
}

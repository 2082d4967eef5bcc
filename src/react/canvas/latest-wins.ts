/**
 * Runs one job at a time for a stream of targets where only the newest matters (the pointer's
 * position): a target that arrives while a job runs waits, replacing any target waiting before
 * it, and starts when the job ends. A job's answer is shown unless `clear()` came after it
 * started. Framework-free; the canvas's hover and drag previews use it.
 */
export interface LatestWins<T> {
  /** The newest target: run now, or next when the running job ends. */
  want(target: T): void;
  /** Nothing wanted any more: the running job is aborted, the waiting target dropped, nothing shown. */
  clear(): void;
}

export function createLatestWins<T, R>(
  run: (target: T, signal: AbortSignal) => Promise<R | null>,
  show: (answer: R | null) => void,
): LatestWins<T> {
  let running: AbortController | null = null;
  let waiting: { target: T } | null = null;
  const start = (target: T) => {
    const controller = new AbortController();
    running = controller;
    run(target, controller.signal)
      .then(
        (answer) => {
          if (!controller.signal.aborted && answer) show(answer);
        },
        () => undefined, // a failed preview shows nothing new; the click will say what is wrong
      )
      .finally(() => {
        if (running !== controller) return;
        running = null;
        const next = waiting;
        waiting = null;
        if (next) start(next.target);
      });
  };
  return {
    want(target) {
      if (running) waiting = { target };
      else start(target);
    },
    clear() {
      running?.abort();
      running = null;
      waiting = null;
      show(null);
    },
  };
}

/**
 * A macrotask turn, so that a cancel, a render or another request can run between the engine's
 * events. Not `setTimeout(0)`: browsers clamp nested timeouts to at least 4 ms, and an answer is
 * tens of events, so the worker would sit idle for a large share of its time. Node has
 * `setImmediate`; browsers and Web Workers get a MessageChannel, which is not clamped (React's
 * scheduler does the same).
 */
type Turn = () => Promise<void>;

let turn: Turn | undefined;

function createTurn(): Turn {
  if (typeof setImmediate === 'function') return () => new Promise<void>((resolve) => setImmediate(resolve));
  if (typeof MessageChannel === 'function') {
    const channel = new MessageChannel();
    const waiting: (() => void)[] = [];
    channel.port1.onmessage = () => waiting.shift()?.();
    return () =>
      new Promise<void>((resolve) => {
        waiting.push(resolve);
        channel.port2.postMessage(null);
      });
  }
  return () => new Promise<void>((resolve) => setTimeout(resolve, 0));
}

/** Resolves on the next macrotask turn; the channel is made on first use, not at import. */
export function nextTurn(): Promise<void> {
  turn ??= createTurn();
  return turn();
}

import { abortedError } from '../protocol/errors';

/**
 * Callers waiting in order for something scarce (an engine thread, a slot in a server's running
 * set). `wait()` resolves with what `admitNext()` hands over; a caller whose signal aborts while
 * waiting leaves the line (its work never starts) and gets `abortedError`.
 */
export interface AdmissionQueue<T> {
  /** Waits for a turn. Rejects with `SegmentError('aborted')` if `signal` aborts first. */
  wait(signal?: AbortSignal): Promise<T>;
  /** Hands `value` to the longest waiter; false when no one waits (the caller keeps it). */
  admitNext(value: T): boolean;
  /** Rejects every waiter with `error` (the owner is shutting down). */
  rejectAll(error: unknown): void;
  /** How many wait. */
  readonly length: number;
}

interface Waiter<T> {
  admit(value: T): void;
  reject(error: unknown): void;
}

export function createAdmissionQueue<T = void>(): AdmissionQueue<T> {
  const waiters: Waiter<T>[] = [];
  return {
    wait(signal) {
      if (signal?.aborted) return Promise.reject(abortedError(signal.reason));
      return new Promise<T>((resolve, reject) => {
        const leave = () => {
          const at = waiters.indexOf(waiter);
          if (at >= 0) waiters.splice(at, 1);
          reject(abortedError(signal?.reason));
        };
        const waiter: Waiter<T> = {
          admit(value) {
            signal?.removeEventListener('abort', leave);
            resolve(value);
          },
          reject(error) {
            signal?.removeEventListener('abort', leave);
            reject(error);
          },
        };
        waiters.push(waiter);
        signal?.addEventListener('abort', leave, { once: true });
      });
    },
    admitNext(value) {
      const next = waiters.shift();
      next?.admit(value);
      return next !== undefined;
    },
    rejectAll(error) {
      for (const waiter of waiters.splice(0)) waiter.reject(error);
    },
    get length() {
      return waiters.length;
    },
  };
}

import { abortedError } from '../protocol/errors';

export interface RetryOptions {
  /** Retries after the first attempt. Default 3. */
  retries?: number;
  /** First backoff. Default 500 ms. */
  baseDelayMs?: number;
  /** Cap of one backoff (a server's Retry-After is capped too). Default 4000 ms. */
  maxDelayMs?: number;
}

/** Statuses worth another try (never 400, 401, 413). */
export function isRetryableStatus(status: number): boolean {
  return (
    status === 408 || status === 425 || status === 429 || status === 500 || (status >= 502 && status <= 504)
  );
}

/** Capped exponential backoff with full jitter; a server's Retry-After wins when it is longer. */
export function backoffDelay(
  attempt: number,
  retry: Required<RetryOptions>,
  retryAfterMs?: number,
  random = Math.random,
): number {
  const exp = Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** attempt);
  const jittered = exp / 2 + (random() * exp) / 2;
  return Math.min(retry.maxDelayMs, Math.max(jittered, retryAfterMs ?? 0));
}

/** `Retry-After` as milliseconds (seconds or an HTTP date); undefined when absent or bad. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortedError(signal.reason));
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortedError(signal?.reason));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

import { SegmentError, abortedError, errorFromHttp, isAbortError } from '../protocol/errors';
import { readBody } from './moondream-response';
import { backoffDelay, isRetryableStatus, parseRetryAfter, sleep, type RetryOptions } from './retry';

/**
 * POSTs `payload` to `url` until a response is ok, retrying what is worth another try (408, 425,
 * 429, 5xx, a failed connection) with backoff, `retry.retries` times at most. The signal goes to
 * fetch itself, so aborting closes the connection. Throws the last error as a `SegmentError`.
 */
export async function postWithRetry(
  doFetch: (url: string, init: RequestInit) => Promise<Response>,
  url: string,
  init: { headers: Record<string, string>; payload: string; signal?: AbortSignal },
  retry: Required<RetryOptions>,
  endpoint: string,
): Promise<Response> {
  const { headers, payload, signal } = init;
  for (let attempt = 0; ; attempt++) {
    let error: SegmentError;
    try {
      const response = await doFetch(url, { method: 'POST', headers, body: payload, signal });
      if (response.ok) return response;
      const retryAfterMs = parseRetryAfter(response.headers.get('Retry-After'));
      error = errorFromHttp(response.status, await readBody(response), retryAfterMs);
      if (!isRetryableStatus(response.status)) throw error;
    } catch (cause) {
      if (cause instanceof SegmentError) throw cause;
      if (isAbortError(cause) || signal?.aborted) throw abortedError(cause);
      error = new SegmentError(
        'network',
        `Could not reach ${endpoint} (${String(cause)}). Check the endpoint and your connection${typeof window !== 'undefined' ? ', and that the server allows this origin (CORS)' : ''}.`,
        { cause },
      );
    }
    if (attempt >= retry.retries) throw error;
    await sleep(backoffDelay(attempt, retry, error.retryAfterMs), signal);
  }
}

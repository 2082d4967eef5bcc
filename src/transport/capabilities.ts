import { SegmentError, abortedError, isAbortError } from '../protocol/errors';
import type { EngineTier, SegmentRequest, SegmenterCapabilities } from '../protocol/types';

/** What Moondream's own servers support: none of the segmask extensions. */
export const NO_EXTENSIONS: SegmenterCapabilities = { negativeRefs: false, previous: false };

/**
 * Reads a server's `GET {endpoint}/capabilities` (`{"extensions": ["negative_refs", "previous"]}`).
 * Any answer but a 2xx JSON list means no extensions: Moondream's servers have no such route, and
 * a 404, 401 or HTML page from them must not be mistaken for support. Only a failure to reach the
 * server throws (`network`), so that a later try can still succeed.
 */
export async function probeCapabilities(
  endpoint: string,
  doFetch: (url: string, init: RequestInit) => Promise<Response>,
  headers: Record<string, string>,
): Promise<SegmenterCapabilities> {
  let response: Response;
  try {
    response = await doFetch(`${endpoint}/capabilities`, { method: 'GET', headers });
  } catch (cause) {
    if (isAbortError(cause)) throw abortedError(cause);
    throw new SegmentError(
      'network',
      `Could not reach ${endpoint} to ask what it supports (${String(cause)}).`,
      {
        cause,
      },
    );
  }
  if (!response.ok) {
    await response.body?.cancel().catch(() => undefined);
    return NO_EXTENSIONS;
  }
  const body: unknown = await response.json().catch(() => null);
  const list =
    typeof body === 'object' && body !== null && Array.isArray((body as { extensions?: unknown }).extensions)
      ? ((body as { extensions: unknown[] }).extensions as unknown[])
      : [];
  const capabilities: SegmenterCapabilities = {
    negativeRefs: list.includes('negative_refs'),
    previous: list.includes('previous'),
    prepare: list.includes('prepare'),
  };
  const engine = engineTierOf((body as { engine?: unknown } | null)?.engine);
  if (engine) capabilities.engine = engine;
  return capabilities;
}

/**
 * The extensions a request may send to this server: asked only when it carries any. Exclude
 * clicks cannot be dropped silently — the answer would ignore what the user said — so a server
 * without them refuses the request (`unsupported`); `previous` is a hint a server may ignore.
 */
export async function extensionsFor(
  request: Pick<SegmentRequest, 'negativeRefs' | 'previous' | 'signal'>,
  endpoint: string,
  capabilities: (options: { signal?: AbortSignal }) => Promise<SegmenterCapabilities>,
): Promise<SegmenterCapabilities> {
  const wantsNegatives = (request.negativeRefs?.length ?? 0) > 0;
  if (!wantsNegatives && !request.previous) return NO_EXTENSIONS;
  const extensions = await capabilities({ signal: request.signal });
  if (wantsNegatives && !extensions.negativeRefs)
    throw new SegmentError(
      'unsupported',
      `This server (${endpoint}) does not take exclude clicks (negative_refs); Moondream's API has include refs only. Use segmask serve or the offline engine for exclude clicks.`,
      { param: 'negative_refs' },
    );
  return extensions;
}

/** `{"tier": "learned" | "graph-cut", "model": "..."}`, or undefined for anything else. */
function engineTierOf(value: unknown): EngineTier | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { tier, model } = value as { tier?: unknown; model?: unknown };
  if (tier !== 'learned' && tier !== 'graph-cut') return undefined;
  return typeof model === 'string' ? { tier, model: model.slice(0, 100) } : { tier };
}

import { SegmentError } from '../protocol/errors';
import { errorResponse, json, type HeaderMap } from './http-errors';
import type { SegmentLimits, UpstreamTimeouts } from './limits';
import { forward, forwardCapabilities, type ProxyContext } from './proxy';
import { checkDeclaredPixels } from '../engine/wire-body/data-url-image';
import { parseSegmentBody } from '../engine/wire-body/segment-body';
import type { SegmentRoutes } from './routes';
import type { Upstream } from './upstream-url';

/** The env key, read per request; `process` is guarded for edge runtimes that lack it. */
function envApiKey(): string | undefined {
  const env =
    typeof process === 'undefined' ? undefined : (process.env as Record<string, string | undefined>);
  return env?.MOONDREAM_API_KEY || undefined;
}

/**
 * Proxy mode's routes. `segment` validates the body (nothing of the key is spent on a bad one),
 * then forwards it. The body is parsed here, on the caller's thread: a proxy has no engine
 * threads, and it decodes only the image's first bytes (its declared size), not the image.
 */
export function createProxyRoute(config: {
  apiKey: string | undefined;
  upstream: Upstream;
  timeouts: UpstreamTimeouts;
  limits: SegmentLimits;
}): SegmentRoutes {
  const { upstream, timeouts, limits } = config;

  function context(cors: HeaderMap): ProxyContext | Response {
    const apiKey = config.apiKey ?? envApiKey();
    if (!apiKey && upstream.cloud)
      return errorResponse(
        503,
        'The proxy has no Moondream API key: set MOONDREAM_API_KEY in the server environment (or pass apiKey).',
        null,
        'missing_api_key',
        cors,
      );
    return { upstream, timeouts, apiKey, cors };
  }

  return {
    async segment(request, bytes, { cors }) {
      const body = parseSegmentBody(bytes, limits);
      const ctx = context(cors);
      if (ctx instanceof Response) return ctx;
      checkDeclaredPixels(body.imageUrl, limits);
      if (upstream.cloud && body.negativeRefs)
        throw new SegmentError('unsupported', "Moondream's cloud takes no exclude points (negative_refs).", {
          param: 'negative_refs',
          status: 400,
        });
      // `previous` is a hint the cloud does not know: it never leaves for it.
      const { previous: _hint, ...fields } = body.fields;
      const sent: BodyInit =
        upstream.cloud && body.previous ? JSON.stringify(fields) : (bytes as Uint8Array<ArrayBuffer>);
      return forward(request, 'segment', { method: 'POST', body: sent }, ctx);
    },
    async capabilities(request, cors) {
      const ctx = context(cors);
      return ctx instanceof Response
        ? json(200, { extensions: [] }, cors)
        : forwardCapabilities(request, ctx);
    },
  };
}

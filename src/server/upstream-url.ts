import { SegmentError } from '../protocol/errors';
import { MOONDREAM_CLOUD_ENDPOINT } from '../transport/moondream';

/** Where a proxy forwards, with any credentials in the URL moved out of it and out of sight. */
export interface Upstream {
  /** `{base path}/{route}{query}`: a query string in the configured URL keeps working. */
  url(route: string): string;
  /** Basic auth from `user:pass@` in the configured URL (fetch refuses URLs carrying them). */
  authorization?: string;
  /** Safe to show a client or a log: scheme, host and path only (no credentials, no query). */
  label: string;
  cloud: boolean;
}

const CLOUD = MOONDREAM_CLOUD_ENDPOINT;

export function parseUpstream(configured: string = CLOUD): Upstream {
  let base: URL;
  try {
    base = new URL(configured);
  } catch {
    throw new SegmentError('invalid_input', 'upstream must be an absolute http(s) URL.', {
      param: 'upstream',
    });
  }
  if (base.protocol !== 'http:' && base.protocol !== 'https:')
    throw new SegmentError('invalid_input', 'upstream must be an http(s) URL.', { param: 'upstream' });
  const authorization =
    base.username || base.password
      ? `Basic ${btoa(`${decodeURIComponent(base.username)}:${decodeURIComponent(base.password)}`)}`
      : undefined;
  base.username = '';
  base.password = '';
  const path = base.pathname.replace(/\/+$/, '');
  const host = base.hostname;
  return {
    url: (route) => `${base.origin}${path}/${route}${base.search}`,
    authorization,
    label: `${base.origin}${path}`,
    cloud: host === 'moondream.ai' || host.endsWith('.moondream.ai'),
  };
}

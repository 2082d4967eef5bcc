import { SegmentError } from '../protocol/errors';

export type RouteName = 'segment' | 'capabilities' | 'prepare' | 'health';

/** One route the handler answers: its path below the base path, its method, its Origin rule. */
export interface RouteSpec {
  name: RouteName;
  /** Below the base path: `{basePath}/segment`. */
  path: string;
  method: 'GET' | 'POST';
  /** Refused with 403 from an Origin that is neither allowed nor the server's own. */
  checksOrigin: boolean;
  /** Also answered at the server's root (`/health` for a load balancer). */
  alsoAtRoot?: boolean;
}

/**
 * Every route, in one table: a new route is one line here and its answer in handler.ts.
 * Matched on the whole path (after the URL's own normalization), never by suffix:
 * `/anything/capabilities` and `/v1/capabilities/health` are no routes.
 */
export const ROUTES: readonly RouteSpec[] = [
  { name: 'segment', path: '/segment', method: 'POST', checksOrigin: true },
  { name: 'capabilities', path: '/capabilities', method: 'GET', checksOrigin: true },
  { name: 'prepare', path: '/prepare', method: 'POST', checksOrigin: true },
  { name: 'health', path: '/health', method: 'GET', checksOrigin: false, alsoAtRoot: true },
];

export const DEFAULT_BASE_PATH = '/v1';

/** A base path as given (`/v1`, `/api/moondream`, `''` for the root), checked; no trailing slash. */
export function checkBasePath(basePath: unknown): string {
  if (typeof basePath !== 'string' || !/^(?:\/[A-Za-z0-9._~!$&'()*+,;=:@%-]+)*$/.test(basePath))
    throw new SegmentError(
      'invalid_input',
      'basePath must be a path such as "/v1" or "/api/moondream" (no trailing slash), or "" for the root.',
      { param: 'basePath' },
    );
  return basePath;
}

/** The route at exactly `path`, or undefined. */
export function matchRoute(path: string, basePath: string): RouteSpec | undefined {
  return ROUTES.find((route) => path === basePath + route.path || (route.alsoAtRoot && path === route.path));
}

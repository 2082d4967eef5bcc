import type { HeaderMap } from './http-errors';

/** What a mode (engine or proxy) answers on `/segment` and `/capabilities`. */
export interface SegmentRoutes {
  /** `bytes`: the body, already read within maxBodyBytes. */
  segment(request: Request, bytes: Uint8Array, ctx: { id: string; cors: HeaderMap }): Promise<Response>;
  capabilities(request: Request, cors: HeaderMap): Promise<Response>;
}

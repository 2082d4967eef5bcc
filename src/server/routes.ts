import type { HeaderMap } from './http-errors';

/** What a mode (engine or proxy) answers on `/segment`, `/capabilities` and `/prepare`. */
export interface SegmentRoutes {
  /** `bytes`: the body, already read within maxBodyBytes. */
  segment(request: Request, bytes: Uint8Array, ctx: { id: string; cors: HeaderMap }): Promise<Response>;
  capabilities(request: Request, cors: HeaderMap): Promise<Response>;
  /** `POST /prepare` (segmask extension): 204 once the image is ready; absent where it is not offered. */
  prepare?(request: Request, bytes: Uint8Array, ctx: { id: string; cors: HeaderMap }): Promise<Response>;
}

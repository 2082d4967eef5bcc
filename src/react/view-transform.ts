/**
 * Zoom and pan of the canvas as one affine map: screen = offset + scale · image, in fractions of
 * the canvas box (so a resize keeps the view). Pure functions; the store holds the value.
 */
export interface ViewTransform {
  scale: number;
  x: number;
  y: number;
}

export const IDENTITY_VIEW: ViewTransform = { scale: 1, x: 0, y: 0 };
/** The default largest zoom factor: the one place it is written. */
export const MAX_ZOOM = 8;

/** Keeps the image covering the canvas: no empty margin at any zoom. */
export function clampView(view: ViewTransform, maxZoom = MAX_ZOOM): ViewTransform {
  const scale = Math.min(maxZoom, Math.max(1, view.scale));
  return { scale, x: Math.min(0, Math.max(1 - scale, view.x)), y: Math.min(0, Math.max(1 - scale, view.y)) };
}

/** Zooms by `factor` keeping the image point under (fx, fy) (canvas fractions) where it is. */
export function zoomAt(
  view: ViewTransform,
  factor: number,
  fx: number,
  fy: number,
  maxZoom = MAX_ZOOM,
): ViewTransform {
  const scale = Math.min(maxZoom, Math.max(1, view.scale * factor));
  const k = scale / view.scale;
  return clampView({ scale, x: fx - (fx - view.x) * k, y: fy - (fy - view.y) * k }, maxZoom);
}

/** Pans by (dx, dy) canvas fractions. `maxZoom` matters: clamping with a lower limit would zoom out. */
export function panBy(view: ViewTransform, dx: number, dy: number, maxZoom = MAX_ZOOM): ViewTransform {
  return clampView({ scale: view.scale, x: view.x + dx, y: view.y + dy }, maxZoom);
}

/** A point on the canvas (fractions) to image coordinates (fractions). */
export function toImage(view: ViewTransform, fx: number, fy: number): [number, number] {
  return [(fx - view.x) / view.scale, (fy - view.y) / view.scale];
}

export const viewCss = (view: ViewTransform) =>
  `translate(${view.x * 100}%, ${view.y * 100}%) scale(${view.scale})`;

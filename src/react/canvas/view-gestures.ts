import type { CanvasStore, Interaction, Point } from '../canvas-store';
import { panBy, zoomAt } from '../view-transform';

/** The pointers down right now, by id, in client coordinates. */
export type PointersDown = ReadonlyMap<number, Point>;

type ViewInteraction = Extract<Interaction, { kind: 'panning' | 'pinching' }>;

/** The midpoint of the pointers down (one or two) and their spread. */
function centre(pointers: PointersDown): [Point, number] {
  const [a, b] = [...pointers.values()] as [Point, Point | undefined];
  return b ? [[(a[0] + b[0]) / 2, (a[1] + b[1]) / 2], Math.hypot(a[0] - b[0], a[1] - b[1])] : [a, 0];
}

/** Client coordinates to fractions of the (untransformed) canvas box. */
function toFrame(frame: HTMLElement, [x, y]: Point): Point {
  const r = frame.getBoundingClientRect();
  return [(x - r.left) / (r.width || 1), (y - r.top) / (r.height || 1)];
}

/** Starts a pan (space held, middle button) or a pinch (two fingers) from the view as it is. */
export function startViewGesture(
  store: CanvasStore,
  pointers: PointersDown,
  kind: ViewInteraction['kind'],
): void {
  const [origin, distance] = centre(pointers);
  const s = store.getState();
  const from = s.view;
  s.setInteraction(kind === 'pinching' ? { kind, from, origin, distance } : { kind, from, origin });
}

/**
 * The view for where the pointers are now: the start view moved by how far their midpoint went,
 * and for a pinch zoomed about where it began by how much their spread changed.
 */
export function moveViewGesture(
  store: CanvasStore,
  frame: HTMLElement,
  pointers: PointersDown,
  i: ViewInteraction,
  maxZoom: number,
): void {
  if (pointers.size === 0) return;
  const [at, distance] = centre(pointers);
  const [fx0, fy0] = toFrame(frame, i.origin);
  const [fx, fy] = toFrame(frame, at);
  const zoomed =
    i.kind === 'pinching' && distance > 0 && i.distance > 0
      ? zoomAt(i.from, distance / i.distance, fx0, fy0, maxZoom)
      : i.from;
  store.getState().setView(panBy(zoomed, fx - fx0, fy - fy0, maxZoom));
}

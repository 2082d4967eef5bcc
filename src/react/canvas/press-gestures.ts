import { clamp01 } from '../../util/clamp01';
import type { CanvasStore, Interaction, Point, Polarity } from '../canvas-store';

/** A press that moves less than this (screen px) is a click, not a drag. */
const DRAG_PX = 4;
const opposite = (p: Polarity): Polarity => (p === 'include' ? 'exclude' : 'include');

/** Client coordinates to image fractions: the surface's box already includes zoom and pan. */
export function toImage(surface: SVGSVGElement, e: Pick<PointerEvent, 'clientX' | 'clientY'>): Point {
  const r = surface.getBoundingClientRect();
  return [clamp01((e.clientX - r.left) / r.width), clamp01((e.clientY - r.top) / r.height)];
}

/**
 * A button goes down on the image: the primary button presses in the current mode, the secondary
 * excludes (SAM demo, CVAT), Alt/Option or Shift presses the other polarity (Label Studio's Alt,
 * CVAT's Shift). Returns false for an exclude the segmenter cannot take (nothing is pressed).
 */
export function startPress(
  store: CanvasStore,
  surface: SVGSVGElement,
  e: PointerEvent,
  canExclude: boolean,
): boolean {
  if (e.button !== 0 && e.button !== 2) return true;
  const s = store.getState();
  const polarity = e.button === 2 ? 'exclude' : e.altKey || e.shiftKey ? opposite(s.mode) : s.mode;
  if (polarity === 'exclude' && !canExclude) return false;
  const client: Point = [e.clientX, e.clientY];
  s.setInteraction({ kind: 'pressing', pointerId: e.pointerId, at: toImage(surface, e), client, polarity });
  return true;
}

/** A pointer moves: a press that travels far enough becomes a box; a box follows the pointer. */
export function movePress(store: CanvasStore, surface: SVGSVGElement, i: Interaction, e: PointerEvent): void {
  if (i.kind === 'pressing' && i.pointerId === e.pointerId) {
    const moved = Math.hypot(e.clientX - i.client[0], e.clientY - i.client[1]) >= DRAG_PX;
    // An exclude press stays a point wherever it is released: boxes are include only.
    if (moved && i.polarity === 'include') {
      const to = toImage(surface, e);
      store.getState().setInteraction({ kind: 'drawing-box', pointerId: e.pointerId, anchor: i.at, to });
    }
  } else if (i.kind === 'drawing-box' && i.pointerId === e.pointerId) {
    store.getState().setInteraction({ ...i, to: toImage(surface, e) });
  }
}

/** The pointer lifts: a press adds its point, a box is committed where the pointer lifted. */
export function releasePress(
  store: CanvasStore,
  surface: SVGSVGElement,
  i: Interaction,
  e: PointerEvent,
): void {
  const s = store.getState();
  if (i.kind === 'pressing' && i.pointerId === e.pointerId) {
    s.setInteraction({ kind: 'idle' });
    if (i.polarity === 'include') s.addRef(i.at);
    else s.addNegativeRef(i.at);
  } else if (i.kind === 'drawing-box' && i.pointerId === e.pointerId) {
    s.setInteraction({ ...i, to: toImage(surface, e) });
    s.commitBox();
  }
}

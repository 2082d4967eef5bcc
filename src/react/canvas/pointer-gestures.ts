import type { CanvasStore, Point, Polarity } from '../canvas-store';
import { panBy, zoomAt } from '../view-transform';

export interface PointerGestureOptions {
  maxZoom: number;
  /** The segmenter honours exclude points; otherwise an exclude click is refused. */
  canExclude: boolean;
  /** An exclude click was refused: say why. */
  onExcludeRefused(): void;
}

export interface PointerGestures {
  update(options: PointerGestureOptions): void;
  destroy(): void;
}

/** A press that moves less than this (screen px) is a click, not a drag. */
const DRAG_PX = 4;
const clamp01 = (v: number) => Math.min(1, Math.max(0, v));
const opposite = (p: Polarity): Polarity => (p === 'include' ? 'exclude' : 'include');

/**
 * Point, box, pan and pinch on the canvas's SVG surface, framework-free: React mounts it (the way
 * xyflow's ZoomPane mounts XYPanZoom) and passes new options with `update()`. The gesture lives
 * in the store's `interaction`; the pointers down right now are this controller's bookkeeping.
 *
 * Clicks: the primary button adds in the current mode; the secondary button excludes (SAM demo,
 * CVAT); Alt/Option or Shift with a click adds the other polarity (Label Studio's Alt, CVAT's
 * Shift). A drag draws an include box; two fingers pinch; space held or the middle button pans.
 */
// One closure rather than a class: its handlers and state are locals, which the minifier renames
// (a class's members keep their names in the bundle), so it is one piece of ~90 lines on purpose.
export function createPointerGestures(
  surface: SVGSVGElement,
  frame: HTMLElement,
  store: CanvasStore,
  initial: PointerGestureOptions,
): PointerGestures {
  let options = initial;
  const pointers = new Map<number, Point>();
  const s = () => store.getState();
  const idle = () => s().setInteraction({ kind: 'idle' });
  /** Client coordinates to image fractions: the surface's box already includes zoom and pan. */
  const toImage = (e: PointerEvent): Point => {
    const r = surface.getBoundingClientRect();
    return [clamp01((e.clientX - r.left) / r.width), clamp01((e.clientY - r.top) / r.height)];
  };
  /** Client coordinates to fractions of the (untransformed) canvas box. */
  const toFrame = ([x, y]: Point): Point => {
    const r = frame.getBoundingClientRect();
    return [(x - r.left) / (r.width || 1), (y - r.top) / (r.height || 1)];
  };
  /** The midpoint of the pointers down (one or two) and their spread. */
  const centre = (): [Point, number] => {
    const [a, b] = [...pointers.values()] as [Point, Point | undefined];
    return b ? [[(a[0] + b[0]) / 2, (a[1] + b[1]) / 2], Math.hypot(a[0] - b[0], a[1] - b[1])] : [a, 0];
  };
  const startView = (kind: 'panning' | 'pinching') => {
    const [origin, distance] = centre();
    const from = s().view;
    s().setInteraction(kind === 'pinching' ? { kind, from, origin, distance } : { kind, from, origin });
  };

  const down = (e: PointerEvent) => {
    pointers.set(e.pointerId, [e.clientX, e.clientY]);
    try {
      surface.setPointerCapture?.(e.pointerId);
    } catch {
      // Synthetic events (test tools) carry ids the browser does not know; capture is optional.
    }
    if (pointers.size === 2) return startView('pinching');
    if (s().panKeyHeld || (e.pointerType === 'mouse' && e.button === 1)) return startView('panning');
    if (e.button !== 0 && e.button !== 2) return;
    const polarity = e.button === 2 ? 'exclude' : e.altKey || e.shiftKey ? opposite(s().mode) : s().mode;
    if (polarity === 'exclude' && !options.canExclude) return options.onExcludeRefused();
    const client: Point = [e.clientX, e.clientY];
    s().setInteraction({ kind: 'pressing', pointerId: e.pointerId, at: toImage(e), client, polarity });
  };

  const move = (e: PointerEvent) => {
    if (pointers.has(e.pointerId)) pointers.set(e.pointerId, [e.clientX, e.clientY]);
    const i = s().interaction;
    if (i.kind === 'panning' || i.kind === 'pinching') {
      if (pointers.size === 0) return;
      const [at, distance] = centre();
      const [fx0, fy0] = toFrame(i.origin);
      const [fx, fy] = toFrame(at);
      const { maxZoom } = options;
      const zoomed =
        i.kind === 'pinching' && distance > 0 && i.distance > 0
          ? zoomAt(i.from, distance / i.distance, fx0, fy0, maxZoom)
          : i.from;
      s().setView(panBy(zoomed, fx - fx0, fy - fy0, maxZoom));
    } else if (i.kind === 'pressing' && i.pointerId === e.pointerId) {
      const moved = Math.hypot(e.clientX - i.client[0], e.clientY - i.client[1]) >= DRAG_PX;
      // An exclude press stays a point wherever it is released: boxes are include only.
      if (moved && i.polarity === 'include')
        s().setInteraction({ kind: 'drawing-box', pointerId: e.pointerId, anchor: i.at, to: toImage(e) });
    } else if (i.kind === 'drawing-box' && i.pointerId === e.pointerId) {
      s().setInteraction({ ...i, to: toImage(e) });
    }
  };

  const up = (e: PointerEvent) => {
    pointers.delete(e.pointerId);
    const i = s().interaction;
    // A pinch ends when its fingers lift; neither finger adds a point.
    if ((i.kind === 'panning' || i.kind === 'pinching') && pointers.size === 0) idle();
    else if (i.kind === 'pressing' && i.pointerId === e.pointerId) {
      idle();
      if (i.polarity === 'include') s().addRef(i.at);
      else s().addNegativeRef(i.at);
    } else if (i.kind === 'drawing-box' && i.pointerId === e.pointerId) {
      s().setInteraction({ ...i, to: toImage(e) });
      s().commitBox();
    }
  };

  const cancel = (e: PointerEvent) => {
    pointers.delete(e.pointerId);
    const { kind } = s().interaction;
    if (kind === 'pressing' || kind === 'drawing-box' || (pointers.size === 0 && kind !== 'keyboard-box'))
      idle();
  };

  const listeners: [string, (e: PointerEvent) => void][] = [
    ['pointerdown', down],
    ['pointermove', move],
    ['pointerup', up],
    ['pointercancel', cancel],
    // The secondary button excludes: the browser's menu would cover the image.
    ['contextmenu', (e) => options.canExclude && e.preventDefault()],
  ];
  for (const [type, listener] of listeners) surface.addEventListener(type, listener as EventListener);
  return {
    update: (next) => {
      options = next;
    },
    destroy: () => {
      for (const [type, listener] of listeners) surface.removeEventListener(type, listener as EventListener);
      pointers.clear();
    },
  };
}

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
export function createPointerGestures(
  surface: SVGSVGElement,
  frame: HTMLElement,
  store: CanvasStore,
  options: PointerGestureOptions,
): PointerGestures {
  return new PointerGestureController(surface, frame, store, options);
}

class PointerGestureController implements PointerGestures {
  private readonly pointers = new Map<number, Point>();
  private readonly listeners: [string, EventListener][];

  constructor(
    private readonly surface: SVGSVGElement,
    private readonly frame: HTMLElement,
    private readonly store: CanvasStore,
    private options: PointerGestureOptions,
  ) {
    this.listeners = [
      ['pointerdown', (e) => this.down(e as PointerEvent)],
      ['pointermove', (e) => this.move(e as PointerEvent)],
      ['pointerup', (e) => this.up(e as PointerEvent)],
      ['pointercancel', (e) => this.cancel(e as PointerEvent)],
      // The secondary button excludes: the browser's menu would cover the image.
      ['contextmenu', (e) => this.options.canExclude && e.preventDefault()],
    ];
    for (const [type, listener] of this.listeners) surface.addEventListener(type, listener);
  }

  update(options: PointerGestureOptions) {
    this.options = options;
  }

  destroy() {
    for (const [type, listener] of this.listeners) this.surface.removeEventListener(type, listener);
    this.pointers.clear();
  }

  private get state() {
    return this.store.getState();
  }

  /** Client coordinates to image fractions: the surface's box already includes zoom and pan. */
  private toImage(e: PointerEvent): Point {
    const rect = this.surface.getBoundingClientRect();
    return [clamp01((e.clientX - rect.left) / rect.width), clamp01((e.clientY - rect.top) / rect.height)];
  }

  /** Client coordinates to fractions of the (untransformed) canvas box. */
  private toFrame([x, y]: Point): Point {
    const rect = this.frame.getBoundingClientRect();
    return [(x - rect.left) / (rect.width || 1), (y - rect.top) / (rect.height || 1)];
  }

  /** The midpoint of the pointers down (one or two) and their spread. */
  private centre(): { at: Point; distance: number } {
    const [a, b] = [...this.pointers.values()] as [Point, Point | undefined];
    if (!b) return { at: a, distance: 0 };
    return { at: [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2], distance: Math.hypot(a[0] - b[0], a[1] - b[1]) };
  }

  private startViewGesture(kind: 'panning' | 'pinching') {
    const { at, distance } = this.centre();
    const from = this.state.view;
    this.state.setInteraction(
      kind === 'pinching' ? { kind, from, origin: at, distance } : { kind, from, origin: at },
    );
  }

  private down(e: PointerEvent) {
    this.pointers.set(e.pointerId, [e.clientX, e.clientY]);
    try {
      this.surface.setPointerCapture?.(e.pointerId);
    } catch {
      // Synthetic events (test tools) carry ids the browser does not know; capture is optional.
    }
    if (this.pointers.size === 2) return this.startViewGesture('pinching');
    if (this.state.panKeyHeld || (e.pointerType === 'mouse' && e.button === 1))
      return this.startViewGesture('panning');
    if (e.button !== 0 && e.button !== 2) return;
    const polarity: Polarity =
      e.button === 2 ? 'exclude' : e.altKey || e.shiftKey ? opposite(this.state.mode) : this.state.mode;
    if (polarity === 'exclude' && !this.options.canExclude) return this.options.onExcludeRefused();
    const at = this.toImage(e);
    this.state.setInteraction({
      kind: 'pressing',
      pointerId: e.pointerId,
      at,
      client: [e.clientX, e.clientY],
      polarity,
    });
  }

  private move(e: PointerEvent) {
    if (this.pointers.has(e.pointerId)) this.pointers.set(e.pointerId, [e.clientX, e.clientY]);
    const i = this.state.interaction;
    if (i.kind === 'panning' || i.kind === 'pinching') {
      if (this.pointers.size === 0) return;
      const { at, distance } = this.centre();
      const [fx0, fy0] = this.toFrame(i.origin);
      const [fx, fy] = this.toFrame(at);
      const { maxZoom } = this.options;
      const zoomed =
        i.kind === 'pinching' && distance > 0 && i.distance > 0
          ? zoomAt(i.from, distance / i.distance, fx0, fy0, maxZoom)
          : i.from;
      this.state.setView(panBy(zoomed, fx - fx0, fy - fy0, maxZoom));
    } else if (i.kind === 'pressing' && i.pointerId === e.pointerId) {
      const moved = Math.hypot(e.clientX - i.client[0], e.clientY - i.client[1]) >= DRAG_PX;
      // An exclude press stays a point wherever it is released: boxes are include only.
      if (moved && i.polarity === 'include')
        this.state.setInteraction({
          kind: 'drawing-box',
          pointerId: e.pointerId,
          anchor: i.at,
          to: this.toImage(e),
        });
    } else if (i.kind === 'drawing-box' && i.pointerId === e.pointerId) {
      this.state.setInteraction({ ...i, to: this.toImage(e) });
    }
  }

  private up(e: PointerEvent) {
    this.pointers.delete(e.pointerId);
    const i = this.state.interaction;
    if (i.kind === 'panning' || i.kind === 'pinching') {
      // A pinch ends when its fingers lift; neither finger adds a point.
      if (this.pointers.size === 0) this.state.setInteraction({ kind: 'idle' });
    } else if (i.kind === 'pressing' && i.pointerId === e.pointerId) {
      this.state.setInteraction({ kind: 'idle' });
      if (i.polarity === 'include') this.state.addRef(i.at);
      else this.state.addNegativeRef(i.at);
    } else if (i.kind === 'drawing-box' && i.pointerId === e.pointerId) {
      this.state.setInteraction({ ...i, to: this.toImage(e) });
      this.state.commitBox();
    }
  }

  private cancel(e: PointerEvent) {
    this.pointers.delete(e.pointerId);
    const { kind } = this.state.interaction;
    if (
      kind === 'pressing' ||
      kind === 'drawing-box' ||
      (this.pointers.size === 0 && kind !== 'keyboard-box')
    )
      this.state.setInteraction({ kind: 'idle' });
  }
}

import type { CanvasStore, Point } from '../canvas-store';
import { movePress, releasePress, startPress } from './press-gestures';
import { moveViewGesture, startViewGesture } from './view-gestures';

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

/**
 * Point, box, pan and pinch on the canvas's SVG surface, framework-free: React mounts it (the way
 * xyflow's ZoomPane mounts XYPanZoom) and passes new options with `update()`. The gesture lives
 * in the store's `interaction`; the pointers down right now are this controller's bookkeeping.
 * It routes each pointer event to the gesture in progress: points and boxes
 * (`press-gestures.ts`), pan and pinch (`view-gestures.ts`).
 *
 * A click adds a point (the secondary button, or Alt/Shift, the other polarity); a drag draws an
 * include box; two fingers pinch; space held or the middle button pans.
 */
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

  const down = (e: PointerEvent) => {
    pointers.set(e.pointerId, [e.clientX, e.clientY]);
    try {
      surface.setPointerCapture?.(e.pointerId);
    } catch {
      // Synthetic events (test tools) carry ids the browser does not know; capture is optional.
    }
    if (pointers.size === 2) return startViewGesture(store, pointers, 'pinching');
    if (s().panKeyHeld || (e.pointerType === 'mouse' && e.button === 1))
      return startViewGesture(store, pointers, 'panning');
    if (!startPress(store, surface, e, options.canExclude)) options.onExcludeRefused();
  };

  const move = (e: PointerEvent) => {
    if (pointers.has(e.pointerId)) pointers.set(e.pointerId, [e.clientX, e.clientY]);
    const i = s().interaction;
    if (i.kind === 'panning' || i.kind === 'pinching')
      moveViewGesture(store, frame, pointers, i, options.maxZoom);
    else movePress(store, surface, i, e);
  };

  const up = (e: PointerEvent) => {
    pointers.delete(e.pointerId);
    const i = s().interaction;
    // A pinch ends when its fingers lift; neither finger adds a point.
    if (i.kind === 'panning' || i.kind === 'pinching') {
      if (pointers.size === 0) idle();
    } else releasePress(store, surface, i, e);
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

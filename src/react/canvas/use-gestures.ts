import { useEffect, useRef, type RefObject } from 'react';
import type { CanvasStore } from '../canvas-store';
import { createPointerGestures, type PointerGestureOptions, type PointerGestures } from './pointer-gestures';
import { bindWheelZoom, type WheelZoomOptions } from './wheel-zoom';

/**
 * Mounts the framework-free pointer controller and the wheel on the canvas's elements: created
 * once, given new options with `update()`, destroyed on unmount.
 */
export function useGestures(
  surface: RefObject<SVGSVGElement | null>,
  frame: RefObject<HTMLElement | null>,
  store: CanvasStore,
  options: PointerGestureOptions & WheelZoomOptions,
) {
  const controller = useRef<PointerGestures | null>(null);
  const { maxZoom, canExclude, onExcludeRefused, zoomOnWheel } = options;
  useEffect(() => {
    if (!surface.current || !frame.current) return;
    const gestures = createPointerGestures(surface.current, frame.current, store, {
      maxZoom,
      canExclude,
      onExcludeRefused,
    });
    controller.current = gestures;
    return () => {
      gestures.destroy();
      controller.current = null;
    };
    // Created once per element and store; options arrive through update() below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [surface, frame, store]);
  useEffect(() => {
    controller.current?.update({ maxZoom, canExclude, onExcludeRefused });
  }, [maxZoom, canExclude, onExcludeRefused]);
  useEffect(() => {
    if (!frame.current) return;
    return bindWheelZoom(frame.current, store, { zoomOnWheel, maxZoom });
  }, [frame, store, zoomOnWheel, maxZoom]);
}

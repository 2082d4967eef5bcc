import { useCallback, useEffect, useRef, type RefObject } from 'react';
import type { ImageSource, Segmenter } from '../../protocol/types';
import type { CanvasStore } from '../canvas-store';
import { createHoverPreview, type HoverPreview, type PreviewPrompt } from './hover-preview';

export interface HoverPreviewHookOptions {
  segmenter: Segmenter;
  image: ImageSource;
  object: string;
  enabled: boolean;
  canExclude: boolean;
}

/**
 * Mounts the hover and drag preview on the canvas's surface (created once, given new options
 * with `update()`, destroyed on unmount). Its requests go straight to the segmenter, outside
 * react-query: a preview is never cached as the prompt's answer.
 */
export function useHoverPreview(
  surface: RefObject<SVGSVGElement | null>,
  store: CanvasStore,
  { segmenter, image, object, enabled, canExclude }: HoverPreviewHookOptions,
) {
  const controller = useRef<HoverPreview | null>(null);
  const segment = useCallback(
    (prompt: PreviewPrompt, signal: AbortSignal) => segmenter.segment({ image, object, ...prompt, signal }),
    [segmenter, image, object],
  );
  const active = enabled && object.trim() !== '';
  useEffect(() => {
    if (!surface.current) return;
    const preview = createHoverPreview(surface.current, store, { enabled: active, canExclude, segment });
    controller.current = preview;
    return () => {
      preview.destroy();
      controller.current = null;
    };
    // Created once per element and store; options arrive through update() below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [surface, store]);
  useEffect(() => {
    controller.current?.update({ enabled: active, canExclude, segment });
  }, [active, canExclude, segment]);
}

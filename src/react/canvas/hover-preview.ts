import type { Bbox, PointRef, PreviousAnswer, SpatialRef } from '../../protocol/types';
import {
  draftBox,
  MIN_BOX_SIZE,
  type Box,
  type CanvasState,
  type CanvasStore,
  type Point,
} from '../canvas-store';
import { createLatestWins } from './latest-wins';
import { toImage } from './press-gestures';

/** The prompt a preview asks for: the refs placed so far and the one the user is pointing at. */
export interface PreviewPrompt {
  spatialRefs: readonly SpatialRef[];
  negativeRefs: readonly PointRef[];
  previous?: PreviousAnswer;
}

export interface HoverPreviewOptions {
  /** Previews run (the image is prepared and the app wants them). */
  enabled: boolean;
  canExclude: boolean;
  /** Asks the segmenter for the prompt's final answer (image and object are the canvas's). */
  segment(prompt: PreviewPrompt, signal: AbortSignal): Promise<{ path: string; bbox: Bbox }>;
}

export interface HoverPreview {
  update(options: HoverPreviewOptions): void;
  destroy(): void;
}

type Target = { at: Point } | { box: Box };

/** What adding a click at `at` (in the current mode) or the box `box` would ask; null when nothing would. */
function promptFor(s: CanvasState, target: Target, canExclude: boolean): PreviewPrompt | null {
  const previous = s.previous ?? undefined;
  if ('box' in target)
    return { spatialRefs: [...s.refs, target.box], negativeRefs: s.negativeRefs, previous };
  if (s.mode === 'include')
    return { spatialRefs: [...s.refs, target.at], negativeRefs: s.negativeRefs, previous };
  // An exclude point alone means nothing until there is something to take it from.
  if (!canExclude || (s.refs.length === 0 && !previous)) return null;
  return { spatialRefs: s.refs, negativeRefs: [...s.negativeRefs, target.at], previous };
}

/**
 * The mask a click would give, before the click: under the mouse or pen while no button is
 * pressed, under the keyboard's reticle when it moves, and for the box while it is drawn. One
 * request in flight at most, the newest position next (`latest-wins.ts`). The answer goes to the
 * store's ephemeral `hoverMask`, never to the prompt: no history, no ref, no result. It goes
 * away when the pointer leaves, a gesture starts or the prompt changes. Touch has no hover.
 */
export function createHoverPreview(
  surface: SVGSVGElement,
  store: CanvasStore,
  initial: HoverPreviewOptions,
): HoverPreview {
  let options = initial;
  const previews = createLatestWins<Target, { path: string; bbox: Bbox }>(
    async (target, signal) => {
      const prompt = promptFor(store.getState(), target, options.canExclude);
      if (!prompt) return null;
      const { path, bbox } = await options.segment(prompt, signal);
      return { path, bbox };
    },
    (mask) => {
      if (store.getState().hoverMask !== mask) store.getState().setHoverMask(mask);
    },
  );
  const want = (target: Target) => {
    if (options.enabled) previews.want(target);
  };
  const clear = () => previews.clear();

  const move = (e: PointerEvent) => {
    if (e.pointerType === 'touch' || e.buttons !== 0) return;
    if (store.getState().interaction.kind === 'idle') want({ at: toImage(surface, e) });
  };
  const listeners: [string, (e: PointerEvent) => void][] = [
    ['pointermove', move],
    ['pointerleave', clear],
    ['pointerdown', clear],
  ];
  for (const [type, listener] of listeners) surface.addEventListener(type, listener as EventListener);

  const unsubscribe = store.subscribe((s, before) => {
    if (s.refs !== before.refs || s.negativeRefs !== before.negativeRefs || s.mode !== before.mode)
      return clear();
    const box = draftBox(s);
    if (s.interaction !== before.interaction || s.reticle !== before.reticle) {
      if (box) {
        // After this turn: a release moves the box and commits it at once, and needs no preview.
        const interaction = s.interaction;
        if (box[2] - box[0] > MIN_BOX_SIZE && box[3] - box[1] > MIN_BOX_SIZE)
          queueMicrotask(() => {
            if (store.getState().interaction === interaction) want({ box });
          });
      } else if (s.interaction.kind !== 'idle' || before.interaction.kind !== 'idle') clear();
      else if (s.reticle && s.reticle !== before.reticle) want({ at: s.reticle });
    }
  });

  return {
    update(next) {
      const changed = next.segment !== options.segment || next.enabled !== options.enabled;
      options = next;
      if (changed) clear();
    },
    destroy() {
      for (const [type, listener] of listeners) surface.removeEventListener(type, listener as EventListener);
      unsubscribe();
      clear();
    },
  };
}

import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Bbox, PointRef, PreviousAnswer, SegmentResult, SpatialRef } from '../protocol/types';
import { lastClickPolarity } from './last-click';
import type { SegmentStatus } from './request/segment-result';
import { IDENTITY_VIEW, type ViewTransform } from './view-transform';

/** Whether a click says "this is the object" (include) or "this is not" (exclude). */
export type Polarity = 'include' | 'exclude';
export type Point = readonly [number, number];
export type Box = readonly [number, number, number, number];

/** What the user built for one object: the undoable part of the canvas. */
export interface CanvasPrompt {
  /** Include: points and boxes on the object. */
  refs: readonly SpatialRef[];
  /** Exclude: points that are not the object. */
  negativeRefs: readonly PointRef[];
}

/**
 * The gesture in progress. Image points are fractions of the image; client points are screen
 * pixels. One value, so that no two gestures can be half-active at once.
 */
export type Interaction =
  | { kind: 'idle' }
  /** A pointer is down and has not moved far enough to be a drag: on release it is a click. */
  | { kind: 'pressing'; pointerId: number; at: Point; client: Point; polarity: Polarity }
  | { kind: 'drawing-box'; pointerId: number; anchor: Point; to: Point }
  /** A box drawn with the keyboard: from `anchor` to the reticle. */
  | { kind: 'keyboard-box'; anchor: Point }
  | { kind: 'panning'; from: ViewTransform; origin: Point }
  | { kind: 'pinching'; from: ViewTransform; origin: Point; distance: number };

/**
 * One canvas's state. The prompt has history (one entry per click or box, so undo takes back the
 * last click, not the session); the mode, reticle, gesture, zoom and held keys are ephemeral.
 */
export interface CanvasState extends CanvasPrompt {
  past: CanvasPrompt[];
  future: CanvasPrompt[];
  /** What a plain click or Enter adds. */
  mode: Polarity;
  /** Keyboard cursor, image fractions; null until the keyboard is used. */
  reticle: Point | null;
  interaction: Interaction;
  /** Zoom and pan; never in history. */
  view: ViewTransform;
  /** Space is held: a drag pans. */
  panKeyHeld: boolean;
  /** The last final answer for this prompt's object: sent with the next request to refine it. */
  previous: PreviousAnswer | null;
  /** A short message for the live region (an exclude that was refused, and why); '' for none. */
  notice: string;
  /**
   * The canvas's request, published for controls outside it (a `<Toolbar>` shows the stage and
   * exports the result): the stage, and the refined result of the current prompt or null.
   */
  status: SegmentStatus;
  result: SegmentResult | null;
  /**
   * What a click (or the box being drawn) at the pointer or reticle would give, on a prepared
   * image: ephemeral, never in history, never a ref, never a result. Null when there is none.
   */
  hoverMask: { path: string; bbox: Bbox } | null;
  addRef(ref: SpatialRef): void;
  addNegativeRef(point: PointRef): void;
  /**
   * Removes the last click still on the canvas, whichever kind — include point, box or exclude
   * point — whatever the mode (Backspace). Unlike undo, it never brings back what a clear removed.
   */
  removeLastRef(): void;
  /** Removes every point and box: one undo step, so undo brings them back. */
  clear(): void;
  /**
   * Replaces the prompt from outside (controlled use: the app saved an object, loaded another): a
   * history mark, so undo stays within what the user built since; the previous answer is dropped.
   */
  syncPrompt(prompt: Partial<CanvasPrompt>): void;
  undo(): void;
  redo(): void;
  setMode(mode: Polarity): void;
  setReticle(reticle: Point | null): void;
  setInteraction(interaction: Interaction): void;
  /** Ends a box gesture (pointer or keyboard): adds the box unless it is too small to mean one. */
  commitBox(): void;
  setView(view: ViewTransform): void;
  setPanKeyHeld(held: boolean): void;
  setPrevious(previous: PreviousAnswer | null): void;
  setNotice(notice: string): void;
  setRequest(status: SegmentStatus, result: SegmentResult | null): void;
  setHoverMask(mask: { path: string; bbox: Bbox } | null): void;
}

export type CanvasStore = StoreApi<CanvasState>;

/** A box narrower or lower than this (image fraction) is a slip of the hand, not a box. */
export const MIN_BOX_SIZE = 0.002;

const IDLE: Interaction = { kind: 'idle' };

/** The box a gesture is drawing, corners ordered; null when no box is being drawn. */
export function draftBox(state: Pick<CanvasState, 'interaction' | 'reticle'>): Box | null {
  const i = state.interaction;
  const ends =
    i.kind === 'drawing-box'
      ? [i.anchor, i.to]
      : i.kind === 'keyboard-box'
        ? [i.anchor, state.reticle ?? i.anchor]
        : null;
  if (!ends) return null;
  const [[ax, ay], [bx, by]] = ends as [Point, Point];
  return [Math.min(ax, bx), Math.min(ay, by), Math.max(ax, bx), Math.max(ay, by)];
}

/**
 * @param onPromptChange called after every change the user makes (not after `syncPrompt`), with
 * the prompt before it, so the caller can tell which list changed.
 */
export function createCanvasStore(
  initial: Partial<CanvasPrompt> = {},
  onPromptChange?: (prompt: CanvasPrompt, before: CanvasPrompt) => void,
): CanvasStore {
  return createStore<CanvasState>()((set, get) => {
    const prompt = (): CanvasPrompt => ({ refs: get().refs, negativeRefs: get().negativeRefs });
    /** Moves the prompt to `next` with the given history stacks. */
    const move = (next: CanvasPrompt, past: CanvasPrompt[], future: CanvasPrompt[]) => {
      const before = prompt();
      const empty = next.refs.length === 0 && next.negativeRefs.length === 0;
      // Back to nothing: the next click starts a new answer, not a correction of the last.
      set({ ...next, past, future, notice: '', ...(empty ? { previous: null } : {}) });
      onPromptChange?.(next, before);
    };
    const commit = (next: CanvasPrompt) => move(next, [...get().past, prompt()], []);
    return {
      refs: initial.refs ?? [],
      negativeRefs: initial.negativeRefs ?? [],
      past: [],
      future: [],
      mode: 'include',
      reticle: null,
      interaction: IDLE,
      view: IDENTITY_VIEW,
      panKeyHeld: false,
      previous: null,
      notice: '',
      status: 'idle',
      result: null,
      hoverMask: null,
      addRef: (ref) => commit({ ...prompt(), refs: [...get().refs, ref] }),
      addNegativeRef: (point) => commit({ ...prompt(), negativeRefs: [...get().negativeRefs, point] }),
      removeLastRef: () => {
        const { mode, past, refs, negativeRefs } = get();
        const last = lastClickPolarity({ refs, negativeRefs }, past, mode);
        if (last === 'exclude') commit({ refs, negativeRefs: negativeRefs.slice(0, -1) });
        else if (last === 'include') commit({ refs: refs.slice(0, -1), negativeRefs });
      },
      clear: () => {
        if (get().refs.length > 0 || get().negativeRefs.length > 0) commit({ refs: [], negativeRefs: [] });
      },
      syncPrompt: (next) =>
        set({
          refs: next.refs ?? get().refs,
          negativeRefs: next.negativeRefs ?? get().negativeRefs,
          past: [],
          future: [],
          previous: null,
        }),
      undo: () => {
        const { past, future } = get();
        if (past.length === 0) return;
        move(past[past.length - 1]!, past.slice(0, -1), [prompt(), ...future]);
      },
      redo: () => {
        const { past, future } = get();
        if (future.length === 0) return;
        move(future[0]!, [...past, prompt()], future.slice(1));
      },
      setMode: (mode) => set({ mode }),
      setReticle: (reticle) => set({ reticle }),
      setInteraction: (interaction) => set({ interaction }),
      commitBox: () => {
        const box = draftBox(get());
        set({ interaction: IDLE });
        if (box && box[2] - box[0] > MIN_BOX_SIZE && box[3] - box[1] > MIN_BOX_SIZE) get().addRef(box);
      },
      setView: (view) => set({ view }),
      setPanKeyHeld: (panKeyHeld) => set({ panKeyHeld }),
      setPrevious: (previous) => set({ previous }),
      setNotice: (notice) => set({ notice }),
      setRequest: (status, result) => set({ status, result }),
      setHoverMask: (hoverMask) => set({ hoverMask }),
    };
  });
}

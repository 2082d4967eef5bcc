import { clamp01 } from '../../util/clamp01';
import type { CanvasStore, Point, Polarity } from '../canvas-store';
import { isModifier, matchKey } from '../match-key';
import { IDENTITY_VIEW, zoomAt } from '../view-transform';

/** The keys of an event the keymap reads (a React or a DOM KeyboardEvent). */
export type KeyInput = Pick<
  KeyboardEvent,
  'key' | 'code' | 'shiftKey' | 'ctrlKey' | 'metaKey' | 'altKey' | 'repeat'
>;

export interface KeyContext {
  store: CanvasStore;
  maxZoom: number;
  canExclude: boolean;
  /** Stops the request in flight. */
  cancel(): void;
  /** An exclude was asked for where the segmenter has none: say why. */
  refuseExclude(): void;
}

/** One shortcut: which keys, what it does, and how it is described to screen readers. */
export interface KeyAction {
  test(e: KeyInput): boolean;
  perform(ctx: KeyContext, e: KeyInput): void;
  help?: string;
}

const opposite = (p: Polarity): Polarity => (p === 'include' ? 'exclude' : 'include');
/** By character, or by physical key where the layout puts another character there. */
const keyOrCode = (e: KeyInput, keys: string[], codes: string[]) =>
  keys.includes(e.key) || codes.includes(e.code);
const plain = (e: KeyInput) => !isModifier(e);
const reticleOf = (ctx: KeyContext): Point => ctx.store.getState().reticle ?? [0.5, 0.5];

function moveReticle(dx: number, dy: number): KeyAction['perform'] {
  return (ctx, e) => {
    const step = e.shiftKey ? 0.05 : 0.01;
    const [x, y] = reticleOf(ctx);
    ctx.store.getState().setReticle([clamp01(x + dx * step), clamp01(y + dy * step)]);
  };
}

function zoomBy(factor: number): KeyAction['perform'] {
  return (ctx) => {
    // About the reticle when there is one, else the middle of the view.
    const { view, reticle, setView } = ctx.store.getState();
    const [fx, fy] = reticle
      ? [view.x + reticle[0] * view.scale, view.y + reticle[1] * view.scale]
      : [0.5, 0.5];
    setView(zoomAt(view, factor, fx, fy, ctx.maxZoom));
  };
}

/** Adds a point at the reticle, or ends the keyboard box being drawn. */
function addAtReticle(ctx: KeyContext, polarity: Polarity) {
  const s = ctx.store.getState();
  if (s.interaction.kind === 'keyboard-box') return s.commitBox();
  if (polarity === 'exclude' && !ctx.canExclude) return ctx.refuseExclude();
  const at = reticleOf(ctx);
  s.setReticle(at);
  if (polarity === 'include') s.addRef(at);
  else s.addNegativeRef(at);
}

/**
 * The canvas's keyboard, as a table (excalidraw's actions with `keyTest`): the first action whose
 * `test` matches runs. Letters match by `event.code` too, so they work on non-Latin layouts.
 */
export const KEYMAP: readonly KeyAction[] = [
  {
    test: (e) => e.key === ' ',
    perform: (ctx, e) => {
      if (!e.repeat) ctx.store.getState().setPanKeyHeld(true);
    },
    help: 'drag with space held pans',
  },
  {
    test: (e) => plain(e) && keyOrCode(e, ['+', '='], ['NumpadAdd']),
    perform: zoomBy(1.25),
    help: 'plus and minus zoom',
  },
  {
    test: (e) => plain(e) && keyOrCode(e, ['-', '_'], ['NumpadSubtract']),
    perform: zoomBy(0.8),
  },
  {
    test: (e) => plain(e) && keyOrCode(e, ['0'], ['Digit0', 'Numpad0']),
    perform: (ctx) => ctx.store.getState().setView(IDENTITY_VIEW),
    help: '0 resets the zoom',
  },
  {
    test: (e) => isModifier(e) && ((matchKey(e, 'z') && e.shiftKey) || matchKey(e, 'y')),
    perform: (ctx) => ctx.store.getState().redo(),
  },
  {
    test: (e) => isModifier(e) && matchKey(e, 'z'),
    perform: (ctx) => ctx.store.getState().undo(),
    help: 'Control or Command Z undoes the last step (a clear too), with Shift redoes',
  },
  {
    test: (e) => e.key === 'ArrowLeft',
    perform: moveReticle(-1, 0),
    help: 'arrow keys move the cursor',
  },
  { test: (e) => e.key === 'ArrowRight', perform: moveReticle(1, 0) },
  { test: (e) => e.key === 'ArrowUp', perform: moveReticle(0, -1) },
  { test: (e) => e.key === 'ArrowDown', perform: moveReticle(0, 1) },
  {
    test: (e) => e.key === 'Enter' && e.shiftKey,
    perform: (ctx) => addAtReticle(ctx, opposite(ctx.store.getState().mode)),
    help: 'Shift Enter adds the other kind (exclude while including)',
  },
  {
    test: (e) => e.key === 'Enter',
    perform: (ctx) => addAtReticle(ctx, ctx.store.getState().mode),
    help: 'Enter adds a point',
  },
  {
    test: (e) => plain(e) && matchKey(e, 'x'),
    perform: (ctx) => {
      const s = ctx.store.getState();
      if (s.mode === 'include' && !ctx.canExclude) return ctx.refuseExclude();
      s.setMode(opposite(s.mode));
    },
    help: 'X switches between include and exclude',
  },
  {
    test: (e) => plain(e) && matchKey(e, 'b'),
    perform: (ctx) => {
      const s = ctx.store.getState();
      if (s.interaction.kind === 'keyboard-box') return s.commitBox();
      const at = reticleOf(ctx);
      s.setReticle(at);
      s.setInteraction({ kind: 'keyboard-box', anchor: at });
    },
    help: 'B starts and ends a box',
  },
  {
    test: (e) => e.key === 'Backspace' || e.key === 'Delete',
    perform: (ctx) => ctx.store.getState().removeLastRef(),
    help: 'Backspace or Delete removes the last point or box, include or exclude',
  },
  {
    test: (e) => e.key === 'Escape',
    perform: (ctx) => {
      const s = ctx.store.getState();
      if (s.interaction.kind === 'keyboard-box') s.setInteraction({ kind: 'idle' });
      else ctx.cancel();
    },
    help: 'Escape cancels',
  },
];

/** Runs the first matching action; true when one ran (the caller then prevents the default). */
export function runKeymap(e: KeyInput, ctx: KeyContext, keymap: readonly KeyAction[] = KEYMAP): boolean {
  const action = keymap.find((a) => a.test(e));
  action?.perform(ctx, e);
  return Boolean(action);
}

/** The shortcuts in words, for the canvas's accessible name. */
export const keymapHelp = (keymap: readonly KeyAction[] = KEYMAP) =>
  keymap.flatMap((a) => (a.help ? [a.help] : [])).join(', ');

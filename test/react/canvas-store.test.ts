import { describe, expect, it } from 'vitest';
import { createCanvasStore, draftBox, type CanvasPrompt } from '../../src/react/canvas-store';

describe('canvas store', () => {
  it('each click is one undo step; redo replays; a new click clears redo', () => {
    const changes: CanvasPrompt[] = [];
    const store = createCanvasStore({}, (p) => changes.push(p));
    const s = () => store.getState();
    s().addRef([0.1, 0.1]);
    s().addNegativeRef([0.2, 0.2]);
    s().addRef([0.1, 0.1, 0.5, 0.5]);
    expect(s().refs).toEqual([
      [0.1, 0.1],
      [0.1, 0.1, 0.5, 0.5],
    ]);
    expect(s().negativeRefs).toEqual([[0.2, 0.2]]);
    s().undo();
    expect(s().refs).toEqual([[0.1, 0.1]]);
    s().undo(); // the exclude click is its own step
    expect(s().negativeRefs).toEqual([]);
    expect(s().refs).toEqual([[0.1, 0.1]]);
    s().redo();
    expect(s().negativeRefs).toEqual([[0.2, 0.2]]);
    s().addRef([0.3, 0.3]);
    expect(s().future).toEqual([]);
    s().redo();
    expect(s().refs).toEqual([
      [0.1, 0.1],
      [0.3, 0.3],
    ]);
    expect(changes).toHaveLength(7); // 4 clicks, 2 undos, 1 redo
  });

  it('ephemeral state (mode, reticle, gesture, zoom) never enters history', () => {
    const store = createCanvasStore({ refs: [[0.5, 0.5]] });
    const s = () => store.getState();
    s().setMode('exclude');
    s().setReticle([0.4, 0.4]);
    s().setInteraction({ kind: 'keyboard-box', anchor: [0.1, 0.1] });
    s().setView({ scale: 2, x: -0.5, y: -0.5 });
    expect(s().past).toEqual([]);
    s().undo();
    expect(s().refs).toEqual([[0.5, 0.5]]);
    expect(s().mode).toBe('exclude');
  });

  it('Backspace removes the last click still there, of either kind, whatever the mode', () => {
    const store = createCanvasStore();
    const s = () => store.getState();
    s().addRef([0.1, 0.1]);
    s().addNegativeRef([0.2, 0.2]);
    s().addRef([0.3, 0.3, 0.4, 0.4]);
    s().addNegativeRef([0.5, 0.5]);
    // Include mode, but the last click was an exclude: it goes first.
    s().removeLastRef();
    expect(s().negativeRefs).toEqual([[0.2, 0.2]]);
    expect(s().refs).toHaveLength(2);
    s().setMode('exclude');
    s().removeLastRef(); // the box, though the mode is exclude
    expect(s().refs).toEqual([[0.1, 0.1]]);
    s().removeLastRef();
    expect(s().negativeRefs).toEqual([]);
    // Undo brings back the exclude; Backspace then takes that same one again.
    s().undo();
    expect(s().negativeRefs).toEqual([[0.2, 0.2]]);
    s().removeLastRef();
    expect(s().negativeRefs).toEqual([]);
    expect(s().refs).toEqual([[0.1, 0.1]]);
    // After a clear there is nothing to remove: Backspace, unlike undo, brings nothing back.
    s().clear();
    s().removeLastRef();
    expect(s().refs).toEqual([]);
    s().undo();
    expect(s().refs).toEqual([[0.1, 0.1]]);
  });

  it('Backspace after clicks re-added at the same spot removes the newest, by identity', () => {
    const store = createCanvasStore();
    const s = () => store.getState();
    s().addNegativeRef([0.2, 0.2]);
    s().addRef([0.1, 0.1]);
    s().undo();
    s().addRef([0.1, 0.1]); // same coordinates, a new click
    s().addNegativeRef([0.6, 0.6]);
    s().removeLastRef();
    expect(s().negativeRefs).toEqual([[0.2, 0.2]]);
    s().removeLastRef();
    expect(s().refs).toEqual([]);
    expect(s().negativeRefs).toEqual([[0.2, 0.2]]);
  });

  it('Backspace on a prompt given without history takes the current mode first', () => {
    const store = createCanvasStore({ refs: [[0.1, 0.1]], negativeRefs: [[0.2, 0.2]] });
    const s = () => store.getState();
    s().setMode('exclude');
    s().removeLastRef();
    expect(s().negativeRefs).toEqual([]);
    s().removeLastRef();
    expect(s().refs).toEqual([]);
  });

  it('commitBox adds the box of a pointer or keyboard gesture once, and drops a slip of the hand', () => {
    const store = createCanvasStore();
    const s = () => store.getState();
    s().setInteraction({ kind: 'drawing-box', pointerId: 1, anchor: [0.6, 0.7], to: [0.2, 0.1] });
    expect(draftBox(s())).toEqual([0.2, 0.1, 0.6, 0.7]);
    s().commitBox();
    expect(s().refs).toEqual([[0.2, 0.1, 0.6, 0.7]]);
    expect(s().interaction).toEqual({ kind: 'idle' });
    s().setReticle([0.3, 0.3]);
    s().setInteraction({ kind: 'keyboard-box', anchor: [0.3, 0.3] });
    s().commitBox(); // zero size: nothing added
    expect(s().refs).toHaveLength(1);
    expect(s().past).toHaveLength(1);
  });

  it('syncPrompt replaces the prompt as a history mark and drops the previous answer', () => {
    const store = createCanvasStore();
    const s = () => store.getState();
    s().addRef([0.1, 0.1]);
    s().setPrevious({ path: 'M0,0L1,1z', bbox: { xMin: 0, yMin: 0, xMax: 1, yMax: 1 } });
    s().syncPrompt({ refs: [], negativeRefs: [] });
    expect(s().previous).toBeNull();
    s().undo();
    expect(s().refs).toEqual([]);
  });

  it('undoing back to an empty prompt forgets the previous answer', () => {
    const store = createCanvasStore();
    const s = () => store.getState();
    s().addRef([0.1, 0.1]);
    s().setPrevious({ path: 'M0,0L1,1z', bbox: { xMin: 0, yMin: 0, xMax: 1, yMax: 1 } });
    s().addNegativeRef([0.9, 0.9]);
    expect(s().previous).not.toBeNull();
    s().undo();
    s().undo();
    expect(s().previous).toBeNull();
  });

  it('clear removes both lists as one undo step, reports it, forgets the answer; on nothing it is no step', () => {
    const changes: CanvasPrompt[] = [];
    const store = createCanvasStore({}, (p) => changes.push(p));
    const s = () => store.getState();
    s().clear();
    expect(s().past).toHaveLength(0);
    s().addRef([0.1, 0.1]);
    s().addNegativeRef([0.9, 0.9]);
    s().setPrevious({ path: 'M0,0L1,1z', bbox: { xMin: 0, yMin: 0, xMax: 1, yMax: 1 } });
    s().clear();
    expect(s().refs).toEqual([]);
    expect(s().negativeRefs).toEqual([]);
    expect(s().previous).toBeNull();
    expect(changes.at(-1)).toEqual({ refs: [], negativeRefs: [] });
    s().undo();
    expect(s().refs).toEqual([[0.1, 0.1]]);
    expect(s().negativeRefs).toEqual([[0.9, 0.9]]);
  });
});

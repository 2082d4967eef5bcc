// @vitest-environment jsdom
import { fireEvent } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { createPointerGestures } from '../../src/react/canvas/pointer-gestures';
import { createCanvasStore } from '../../src/react/canvas-store';

const rect = (width: number, height: number) => () =>
  ({
    left: 0,
    top: 0,
    width,
    height,
    right: width,
    bottom: height,
    x: 0,
    y: 0,
    toJSON: () => ({}),
  }) as DOMRect;

function mount(options: { maxZoom?: number; canExclude?: boolean } = {}) {
  const frame = document.createElement('div');
  const surface = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  frame.appendChild(surface);
  document.body.appendChild(frame);
  frame.getBoundingClientRect = rect(200, 100);
  surface.getBoundingClientRect = rect(200, 100);
  const store = createCanvasStore();
  const refused: number[] = [];
  const gestures = createPointerGestures(surface, frame, store, {
    maxZoom: options.maxZoom ?? 8,
    canExclude: options.canExclude ?? true,
    onExcludeRefused: () => refused.push(1),
  });
  return { store, surface, gestures, refused };
}
const touch = (id: number, x: number, y: number) => ({
  pointerId: id,
  clientX: x,
  clientY: y,
  pointerType: 'touch',
  button: 0,
});

afterEach(() => document.body.replaceChildren());

describe('pointer gestures', () => {
  it('maxZoom={16}: zoom 16 survives a one-finger pan and a two-finger pinch', () => {
    const { store, surface } = mount({ maxZoom: 16 });
    store.getState().setView({ scale: 16, x: -7.5, y: -7.5 });
    // Space held: a drag pans.
    store.getState().setPanKeyHeld(true);
    fireEvent.pointerDown(surface, touch(1, 100, 50));
    fireEvent.pointerMove(surface, touch(1, 110, 55));
    fireEvent.pointerUp(surface, touch(1, 110, 55));
    expect(store.getState().view.scale).toBe(16);
    expect(store.getState().view.x).toBeCloseTo(-7.45);
    store.getState().setPanKeyHeld(false);
    // A pinch that barely changes the spread keeps the zoom near 16, never back at 8.
    fireEvent.pointerDown(surface, touch(2, 90, 50));
    fireEvent.pointerDown(surface, touch(3, 110, 50));
    fireEvent.pointerMove(surface, touch(3, 111, 50));
    expect(store.getState().view.scale).toBe(16); // clamped at 16 from above, not 8
    fireEvent.pointerMove(surface, touch(3, 105, 50));
    expect(store.getState().view.scale).toBeCloseTo(12, 5);
    fireEvent.pointerUp(surface, touch(2, 90, 50));
    fireEvent.pointerUp(surface, touch(3, 105, 50));
    expect(store.getState().refs).toEqual([]);
    expect(store.getState().interaction).toEqual({ kind: 'idle' });
  });

  it('secondary button and Alt+click exclude; a drag in exclude stays one point; refused where unsupported', () => {
    const { store, surface } = mount();
    const mouse = (button: number, x: number, y: number, extra = {}) => ({
      pointerId: 1,
      clientX: x,
      clientY: y,
      pointerType: 'mouse',
      button,
      ...extra,
    });
    fireEvent.pointerDown(surface, mouse(2, 100, 50));
    fireEvent.pointerUp(surface, mouse(2, 100, 50));
    fireEvent.pointerDown(surface, mouse(0, 20, 20, { altKey: true }));
    fireEvent.pointerMove(surface, mouse(0, 80, 80, { altKey: true }));
    fireEvent.pointerUp(surface, mouse(0, 80, 80, { altKey: true }));
    expect(store.getState().negativeRefs).toEqual([
      [0.5, 0.5],
      [0.1, 0.2],
    ]);
    expect(store.getState().refs).toEqual([]);
    const other = mount({ canExclude: false });
    fireEvent.pointerDown(other.surface, mouse(2, 100, 50));
    fireEvent.pointerUp(other.surface, mouse(2, 100, 50));
    expect(other.store.getState().negativeRefs).toEqual([]);
    expect(other.refused).toHaveLength(1);
  });
});

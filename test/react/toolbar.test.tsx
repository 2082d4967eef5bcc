// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SegmentEvent, SegmentResult } from '../../src/index';
import {
  createCanvasStore,
  SegmentCanvas,
  SegmentCanvasProvider,
  Toolbar,
  useCanvasState,
  type CanvasStore,
} from '../../src/react/index';
import { scriptedSegmenter, wrapper } from './scripted';

afterEach(cleanup);

const final: SegmentEvent = {
  type: 'final',
  path: 'M0,0L1,0L1,1z',
  bbox: { xMin: 0.1, yMin: 0.1, xMax: 0.5, yMax: 0.5 },
};

function setup(capabilities = { negativeRefs: true, previous: true }) {
  const scripted = scriptedSegmenter(capabilities);
  const Wrapper = wrapper(scripted.segmenter);
  const store: CanvasStore = createCanvasStore();
  const exported: SegmentResult[] = [];
  const view = render(
    <Wrapper>
      <SegmentCanvasProvider store={store}>
        <Toolbar onExport={(r) => exported.push(r)} />
        <SegmentCanvas image="img.png" object="cat" />
      </SegmentCanvasProvider>
    </Wrapper>,
  );
  const root = view.container.querySelector('[data-segmask-canvas]') as HTMLElement;
  const surface = root.querySelector('svg')!;
  surface.getBoundingClientRect = () =>
    ({ left: 0, top: 0, width: 200, height: 100, right: 200, bottom: 100, x: 0, y: 0 }) as DOMRect;
  const click = (x: number, y: number) => {
    const e = { clientX: x, clientY: y, pointerId: 1, button: 0, pointerType: 'mouse' };
    fireEvent.pointerDown(surface, e);
    fireEvent.pointerUp(surface, e);
  };
  const button = (action: string) =>
    view.container.querySelector(`[data-segmask-action="${action}"]`) as HTMLButtonElement;
  return { ...scripted, store, root, click, button, exported, view };
}

describe('<Toolbar> with a <SegmentCanvas> in one <SegmentCanvasProvider>', () => {
  it('drives the mode, undo, redo and clear of the canvas it shares a store with', async () => {
    const { store, root, click, button } = setup();
    expect(screen.getByRole('toolbar', { name: 'Segmentation tools' })).toBeTruthy();
    // The canvas's own toggle is still there (no modeToggle={false}): both read the same store.
    expect(button('include').getAttribute('aria-pressed')).toBe('true');
    await waitFor(() => expect(button('exclude').getAttribute('aria-disabled')).toBeNull());
    expect(button('undo').getAttribute('aria-disabled')).toBe('true');
    expect(button('undo').title).toBe('Nothing to undo');

    fireEvent.click(button('exclude'));
    expect(store.getState().mode).toBe('exclude');
    expect(button('exclude').getAttribute('aria-pressed')).toBe('true');
    expect(button('include').getAttribute('aria-pressed')).toBe('false');
    expect(root.querySelector('[data-segmask-mode-button="exclude"]')!.getAttribute('aria-pressed')).toBe(
      'true',
    );

    click(50, 50);
    expect(store.getState().negativeRefs).toEqual([[0.25, 0.5]]);
    expect(root.querySelectorAll('[data-segmask-ref][data-polarity="exclude"]')).toHaveLength(1);
    fireEvent.click(button('include'));
    click(100, 50);
    expect(store.getState().refs).toEqual([[0.5, 0.5]]);

    fireEvent.click(button('undo'));
    expect(store.getState().refs).toEqual([]);
    expect(store.getState().negativeRefs).toEqual([[0.25, 0.5]]);
    fireEvent.click(button('redo'));
    expect(store.getState().refs).toEqual([[0.5, 0.5]]);
    expect(button('redo').getAttribute('aria-disabled')).toBe('true');

    fireEvent.click(button('clear'));
    expect(store.getState().refs).toEqual([]);
    expect(store.getState().negativeRefs).toEqual([]);
    expect(root.querySelectorAll('[data-segmask-ref]')).toHaveLength(0);
    expect(button('clear').getAttribute('aria-disabled')).toBe('true');
    // Clear is one undo step.
    fireEvent.click(button('undo'));
    expect(store.getState().refs).toEqual([[0.5, 0.5]]);
    expect(store.getState().negativeRefs).toEqual([[0.25, 0.5]]);
  });

  it('exports the refined result, and only once there is one; resets the zoom', async () => {
    const { store, root, click, button, requests, exported } = setup();
    fireEvent.click(button('export'));
    expect(exported).toEqual([]);
    expect(button('export').title).toBe('No refined mask yet');
    click(100, 50);
    await waitFor(() => expect(requests).toHaveLength(1));
    act(() => requests[0]!.push(final));
    await waitFor(() => expect(root.dataset.status).toBe('refined'));
    expect(root.querySelector('[data-segmask-status-chip]')!.textContent).toBe('Refined');
    await waitFor(() => expect(button('export').getAttribute('aria-disabled')).toBeNull());
    fireEvent.click(button('export'));
    expect(exported).toHaveLength(1);
    expect(exported[0]!.path).toBe(final.path);

    expect(button('zoom-reset').getAttribute('aria-disabled')).toBe('true');
    act(() => store.getState().setView({ scale: 2, x: -0.5, y: -0.5 }));
    expect(button('zoom-reset').getAttribute('aria-disabled')).toBeNull();
    fireEvent.click(button('zoom-reset'));
    expect(store.getState().view).toEqual({ scale: 1, x: 0, y: 0 });
  });

  it('disables exclude with the reason where the segmenter lacks it, and says why when pressed', async () => {
    const { store, button, view } = setup({ negativeRefs: false, previous: false });
    await waitFor(() =>
      expect(button('exclude').title).toBe('Exclude unavailable: this segmenter takes include points only'),
    );
    expect(button('exclude').getAttribute('aria-disabled')).toBe('true');
    expect(
      view.container.querySelector('[data-segmask-toolbar] [data-segmask-exclude-reason]'),
    ).not.toBeNull();
    fireEvent.click(button('exclude'));
    expect(store.getState().mode).toBe('include');
    expect(store.getState().notice).toMatch(/Exclude unavailable/);
  });

  it('is one Tab stop; arrow keys, Home and End move focus, disabled buttons included', () => {
    const { button, view } = setup();
    const toolbar = screen.getByRole('toolbar');
    const buttons = Array.from(toolbar.querySelectorAll('button'));
    expect(buttons.filter((b) => b.tabIndex === 0)).toEqual([button('include')]);
    button('include').focus();
    fireEvent.keyDown(toolbar, { key: 'ArrowRight' });
    expect(document.activeElement).toBe(button('exclude'));
    fireEvent.keyDown(toolbar, { key: 'ArrowRight' });
    expect(document.activeElement).toBe(button('undo')); // disabled (nothing to undo), still reachable
    expect(buttons.filter((b) => b.tabIndex === 0)).toEqual([button('undo')]);
    fireEvent.keyDown(toolbar, { key: 'End' });
    expect(document.activeElement).toBe(button('export'));
    fireEvent.keyDown(toolbar, { key: 'ArrowRight' });
    expect(document.activeElement).toBe(button('include')); // wraps
    fireEvent.keyDown(toolbar, { key: 'ArrowLeft' });
    expect(document.activeElement).toBe(button('export'));
    fireEvent.keyDown(toolbar, { key: 'Home' });
    expect(document.activeElement).toBe(button('include'));
    view.unmount();
  });

  it('lets an app build its own controls from the same hooks', () => {
    const scripted = scriptedSegmenter({ negativeRefs: true, previous: true });
    const Wrapper = wrapper(scripted.segmenter);
    const Count = () => <output data-testid="count">{useCanvasState((s) => s.refs.length)}</output>;
    const view = render(
      <Wrapper>
        <SegmentCanvasProvider>
          <Count />
          <SegmentCanvas
            image="img.png"
            object="cat"
            defaultRefs={[
              [0.5, 0.5],
              [0.2, 0.2],
            ]}
          />
        </SegmentCanvasProvider>
      </Wrapper>,
    );
    expect(view.getByTestId('count').textContent).toBe('2');
  });

  it('outside a provider, says what is missing', () => {
    const spy = vi.spyOn(console, 'error').mockImplementation(() => {});
    expect(() => render(<Toolbar />)).toThrow(/SegmentCanvasProvider/);
    spy.mockRestore();
  });
});

// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { collectResult, type SegmentEvent, type Segmenter, type SpatialRef } from '../../src/index';
import type { SegmenterCapabilities } from '../../src/protocol/types';
import { SegmentCanvas, type SegmentCanvasProps } from '../../src/react/index';
import { scriptedSegmenter, wrapper } from './scripted';

afterEach(cleanup);

const LOCAL: SegmenterCapabilities = { negativeRefs: true, previous: true, prepare: true, local: true };
const final = (xMin = 0.1): SegmentEvent => ({
  type: 'final',
  path: 'M0,0L1,0L1,1z',
  bbox: { xMin, yMin: 0.1, xMax: 0.5, yMax: 0.5 },
});

/** The scripted segmenter (events released by the test), prepared at once, `segment` its stream's answer. */
function setup(
  capabilities: SegmenterCapabilities = LOCAL,
  props: Partial<SegmentCanvasProps> = {},
  prepare: () => Promise<void> = async () => undefined,
) {
  const scripted = scriptedSegmenter(capabilities);
  const segmenter: Segmenter = {
    ...scripted.segmenter,
    segment: (request) => collectResult(scripted.segmenter.stream(request)),
    prepare,
  };
  const refs: SpatialRef[][] = [];
  const results: unknown[] = [];
  const Wrapper = wrapper(segmenter);
  const view = render(
    <Wrapper>
      <SegmentCanvas
        image="a.png"
        object="cat"
        onRefsChange={(r) => refs.push(r)}
        onResult={(r) => results.push(r)}
        {...props}
      />
    </Wrapper>,
  );
  const root = view.container.querySelector('[data-segmask-canvas]') as HTMLElement;
  const surface = root.querySelector('svg')!;
  surface.getBoundingClientRect = () =>
    ({ left: 0, top: 0, width: 200, height: 100, right: 200, bottom: 100, x: 0, y: 0 }) as DOMRect;
  const pointer = { pointerId: 1, pointerType: 'mouse', button: 0, buttons: 0 };
  const hover = (x: number, y: number, init = {}) =>
    fireEvent.pointerMove(surface, { clientX: x, clientY: y, ...pointer, ...init });
  const layer = () => root.querySelector('[data-segmask-preview]');
  return { ...scripted, root, surface, refs, results, hover, layer, pointer };
}

const ready = (root: HTMLElement) => waitFor(() => expect(root.dataset.prepared).toBe('true'));

describe('<SegmentCanvas> hover preview', () => {
  it('shows the mask a click would give, drawn apart; never a ref, never history, never onResult', async () => {
    const { root, hover, layer, requests, refs, results } = setup();
    await ready(root);
    hover(100, 50);
    await waitFor(() => expect(requests).toHaveLength(1));
    expect(requests[0]!.request.spatialRefs).toEqual([[0.5, 0.5]]);
    act(() => requests[0]!.push(final()));
    await waitFor(() => expect(layer()).not.toBeNull());
    expect(layer()!.getAttribute('aria-hidden')).toBe('true');
    expect(layer()!.querySelector('[data-segmask-mask][data-stage="preview"]')).not.toBeNull();
    expect(root.dataset.status).toBe('idle');
    expect(refs).toEqual([]);
    expect(results).toEqual([]);
    expect(root.querySelectorAll('[data-segmask-ref]')).toHaveLength(0);
    // Undo has nothing to take back.
    root.focus();
    fireEvent.keyDown(root, { key: 'z', ctrlKey: true });
    expect(refs).toEqual([]);
    expect(layer()).not.toBeNull();
  });

  it('one request in flight at most; the newest position goes next, the ones between never', async () => {
    const { root, hover, layer, requests } = setup();
    await ready(root);
    hover(20, 20);
    await waitFor(() => expect(requests).toHaveLength(1));
    hover(40, 20);
    hover(60, 20);
    hover(180, 80);
    await new Promise((r) => setTimeout(r, 50));
    expect(requests).toHaveLength(1);
    act(() => requests[0]!.push(final(0.11)));
    await waitFor(() => expect(requests).toHaveLength(2));
    expect(requests[1]!.request.spatialRefs).toEqual([[0.9, 0.8]]);
    // The answer one step behind shows meanwhile.
    await waitFor(() => expect(layer()).not.toBeNull());
    act(() => requests[1]!.push(final(0.12)));
    await waitFor(() =>
      expect(layer()!.querySelector('path')!.getAttribute('transform')).toMatch(/translate\(0\.12/),
    );
    expect(requests).toHaveLength(2);
  });

  it('goes away when the pointer leaves (its request aborted) and when a gesture starts', async () => {
    const { root, surface, hover, layer, requests, pointer } = setup();
    await ready(root);
    hover(100, 50);
    await waitFor(() => expect(requests).toHaveLength(1));
    act(() => requests[0]!.push(final()));
    await waitFor(() => expect(layer()).not.toBeNull());
    hover(120, 50);
    await waitFor(() => expect(requests).toHaveLength(2));
    fireEvent.pointerLeave(surface, pointer);
    expect(layer()).toBeNull();
    expect(requests[1]!.request.signal!.aborted).toBe(true);
    hover(100, 50);
    await waitFor(() => expect(requests).toHaveLength(3));
    act(() => requests[2]!.push(final()));
    await waitFor(() => expect(layer()).not.toBeNull());
    fireEvent.pointerDown(surface, { clientX: 100, clientY: 50, ...pointer, buttons: 1 });
    expect(layer()).toBeNull();
  });

  it('with refs placed it previews adding that click by the current mode', async () => {
    const { root, hover, requests } = setup(LOCAL, { defaultRefs: [[0.5, 0.5]] });
    await ready(root);
    await waitFor(() => expect(requests).toHaveLength(1)); // the prompt's own request
    act(() => requests[0]!.push(final()));
    await waitFor(() => expect(root.dataset.status).toBe('refined'));
    hover(20, 20);
    await waitFor(() => expect(requests).toHaveLength(2));
    expect(requests[1]!.request.spatialRefs).toEqual([
      [0.5, 0.5],
      [0.1, 0.2],
    ]);
    expect(requests[1]!.request.previous).toEqual({
      path: 'M0,0L1,0L1,1z',
      bbox: (final() as { bbox: object }).bbox,
    });
    act(() => requests[1]!.push(final()));
    root.focus();
    fireEvent.keyDown(root, { key: 'x', code: 'KeyX' }); // exclude mode
    hover(40, 20);
    await waitFor(() => expect(requests).toHaveLength(3));
    expect(requests[2]!.request.spatialRefs).toEqual([[0.5, 0.5]]);
    expect(requests[2]!.request.negativeRefs).toEqual([[0.2, 0.2]]);
  });

  it('a box being dragged previews its mask; the keyboard reticle previews like the pointer', async () => {
    const { root, surface, requests, pointer } = setup();
    await ready(root);
    fireEvent.pointerDown(surface, { clientX: 20, clientY: 10, ...pointer, buttons: 1 });
    fireEvent.pointerMove(surface, { clientX: 100, clientY: 60, ...pointer, buttons: 1 });
    await waitFor(() => expect(requests).toHaveLength(1));
    expect(requests[0]!.request.spatialRefs).toEqual([[0.1, 0.1, 0.5, 0.6]]);
    act(() => requests[0]!.push(final()));
    await waitFor(() => expect(root.querySelector('[data-segmask-preview]')).not.toBeNull());
    fireEvent.pointerUp(surface, { clientX: 100, clientY: 60, ...pointer });
    // The box is committed: the prompt's own request takes over, the preview is gone.
    await waitFor(() => expect(requests).toHaveLength(2));
    expect(root.querySelector('[data-segmask-preview]')).toBeNull();
    act(() => requests[1]!.push(final()));
    root.focus();
    fireEvent.keyDown(root, { key: 'ArrowRight' });
    await waitFor(() => expect(requests).toHaveLength(3));
    expect(requests[2]!.request.spatialRefs).toEqual([
      [0.1, 0.1, 0.5, 0.6],
      [0.51, 0.5],
    ]);
  });

  it('off for a segmenter that is not local (the prop turns it on); touch never previews', async () => {
    const remote = setup({ negativeRefs: false, previous: false, prepare: true });
    await ready(remote.root);
    remote.hover(100, 50);
    await new Promise((r) => setTimeout(r, 50));
    expect(remote.requests).toHaveLength(0);
    cleanup();
    const opted = setup({ negativeRefs: false, previous: false, prepare: true }, { hoverPreview: true });
    await ready(opted.root);
    opted.hover(100, 50, { pointerType: 'touch' });
    await new Promise((r) => setTimeout(r, 50));
    expect(opted.requests).toHaveLength(0);
    opted.hover(100, 50);
    await waitFor(() => expect(opted.requests).toHaveLength(1));
  });

  it('nothing before the image is prepared', async () => {
    let prepared = () => {};
    const { root, hover, requests } = setup(LOCAL, {}, () => new Promise<void>((r) => (prepared = r)));
    hover(100, 50);
    await new Promise((r) => setTimeout(r, 50));
    expect(requests).toHaveLength(0);
    await act(async () => prepared());
    await ready(root);
    hover(100, 50);
    await waitFor(() => expect(requests).toHaveLength(1));
  });
});

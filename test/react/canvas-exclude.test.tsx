// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { SegmentError, type SegmentEvent, type SpatialRef } from '../../src/index';
import { createLocalSegmenter } from '../../src/engine/index';
import type { PointRef, Segmenter, SegmenterCapabilities } from '../../src/protocol/types';
import { SegmentCanvas } from '../../src/react/index';
import { scriptedSegmenter, wrapper } from './scripted';

afterEach(cleanup);

const final: SegmentEvent = {
  type: 'final',
  path: 'M0,0L1,0L1,1z',
  bbox: { xMin: 0.1, yMin: 0.1, xMax: 0.5, yMax: 0.5 },
};

function setup(capabilities = { negativeRefs: true, previous: true }, props = {}) {
  const scripted = scriptedSegmenter(capabilities);
  const Wrapper = wrapper(scripted.segmenter);
  const changes = { refs: [] as SpatialRef[][], negative: [] as PointRef[][] };
  const view = render(
    <Wrapper>
      <SegmentCanvas
        image="img.png"
        object="cat"
        onRefsChange={(r) => changes.refs.push(r)}
        onNegativeRefsChange={(r) => changes.negative.push(r)}
        {...props}
      />
    </Wrapper>,
  );
  const root = view.container.querySelector('[data-segmask-canvas]') as HTMLElement;
  const surface = root.querySelector('svg')!;
  surface.getBoundingClientRect = () =>
    ({ left: 0, top: 0, width: 200, height: 100, right: 200, bottom: 100, x: 0, y: 0 }) as DOMRect;
  const click = (x: number, y: number, init: Record<string, unknown> = {}) => {
    const e = { clientX: x, clientY: y, pointerId: 1, button: 0, pointerType: 'mouse', ...init };
    fireEvent.pointerDown(surface, e);
    fireEvent.pointerUp(surface, e);
  };
  return { ...scripted, root, surface, changes, click };
}

const excludeButton = () => screen.getByRole('button', { name: '− Exclude' }) as HTMLButtonElement;

describe('<SegmentCanvas> include and exclude', () => {
  it('exclude by secondary button, by the toggle and by keyboard; each its own undo step; both lists reported and sent', async () => {
    const { root, click, changes, requests } = setup();
    await waitFor(() => expect(excludeButton().disabled).toBe(false), { timeout: 5000 });
    click(100, 50); // include
    await waitFor(() => expect(requests).toHaveLength(1));
    act(() => requests[0]!.push(final));
    await waitFor(() => expect(root.dataset.status).toBe('refined'));
    click(20, 20, { button: 2 }); // secondary button: exclude
    expect(changes.negative.at(-1)).toEqual([[0.1, 0.2]]);
    await waitFor(() => expect(requests).toHaveLength(2));
    expect(requests[1]!.request.spatialRefs).toEqual([[0.5, 0.5]]);
    expect(requests[1]!.request.negativeRefs).toEqual([[0.1, 0.2]]);
    // The previous answer goes with the next request automatically.
    expect(requests[1]!.request.previous).toEqual({ path: final.path, bbox: final.bbox });
    expect(root.querySelectorAll('[data-segmask-ref="point"][data-polarity="exclude"]')).toHaveLength(1);
    expect(root.querySelectorAll('[data-segmask-ref="point"][data-polarity="include"]')).toHaveLength(1);
    // The toggle (touch, pen): plain clicks now exclude.
    fireEvent.click(excludeButton());
    expect(excludeButton().getAttribute('aria-pressed')).toBe('true');
    click(180, 90);
    expect(changes.negative.at(-1)).toEqual([
      [0.1, 0.2],
      [0.9, 0.9],
    ]);
    // Keyboard: X back to include; Shift+Enter excludes at the reticle, Enter includes.
    root.focus();
    fireEvent.keyDown(root, { key: 'x', code: 'KeyX' });
    expect(excludeButton().getAttribute('aria-pressed')).toBe('false');
    fireEvent.keyDown(root, { key: 'ArrowUp' });
    fireEvent.keyDown(root, { key: 'Enter', shiftKey: true });
    expect(changes.negative.at(-1)!.at(-1)).toEqual([0.5, 0.49]);
    fireEvent.keyDown(root, { key: 'Enter' });
    expect(changes.refs.at(-1)).toEqual([
      [0.5, 0.5],
      [0.5, 0.49],
    ]);
    // Undo takes back one click at a time, include or exclude.
    fireEvent.keyDown(root, { key: 'z', ctrlKey: true });
    expect(changes.refs.at(-1)).toEqual([[0.5, 0.5]]);
    fireEvent.keyDown(root, { key: 'z', ctrlKey: true });
    expect(changes.negative.at(-1)).toHaveLength(2);
    fireEvent.keyDown(root, { key: 'z', ctrlKey: true });
    fireEvent.keyDown(root, { key: 'z', ctrlKey: true });
    expect(changes.negative.at(-1)).toEqual([]);
    expect(root.querySelectorAll('[data-polarity="exclude"][data-segmask-ref]')).toHaveLength(0);
  });

  it('exclude points stay through a failure, like include points', async () => {
    const { root, click, requests } = setup();
    await waitFor(() => expect(excludeButton().disabled).toBe(false));
    click(100, 50);
    click(20, 20, { button: 2 });
    await waitFor(() => expect(requests.length).toBeGreaterThan(0));
    act(() => requests.at(-1)!.push(new SegmentError('server_error', 'The engine failed.')));
    await waitFor(() => expect(root.dataset.status).toBe('error'));
    expect(root.querySelectorAll('[data-polarity="exclude"][data-segmask-ref]')).toHaveLength(1);
    fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
    await waitFor(() => expect(requests.at(-1)!.request.negativeRefs).toEqual([[0.1, 0.2]]));
  });

  it('where the segmenter lacks exclude: the toggle is disabled with a visible reason and exclusions are refused', async () => {
    const { root, click, changes, requests } = setup({ negativeRefs: false, previous: false });
    await waitFor(() =>
      expect(root.querySelector('[data-segmask-exclude-reason]')?.textContent).toMatch(/include points only/),
    );
    expect(excludeButton().disabled).toBe(true);
    click(20, 20, { button: 2 });
    root.focus();
    fireEvent.keyDown(root, { key: 'Enter', shiftKey: true });
    fireEvent.keyDown(root, { key: 'x' });
    expect(changes.negative).toEqual([]);
    expect(screen.getByRole('status').textContent).toMatch(/include points only/);
    expect(requests).toHaveLength(0);
    click(100, 50);
    await waitFor(() => expect(requests).toHaveLength(1));
    expect(requests[0]!.request.negativeRefs).toBeUndefined();
  });

  it('offers exclude before capabilities() answers where the segmenter knows it (the offline engine while its model loads)', async () => {
    const scripted = scriptedSegmenter();
    let answer: ((c: SegmenterCapabilities) => void) | undefined;
    const loading: Segmenter = {
      ...scripted.segmenter,
      capabilities: () => new Promise((resolve) => (answer = resolve)),
      knownCapabilities: createLocalSegmenter({ worker: false, model: false }).knownCapabilities!,
    };
    const Wrapper = wrapper(loading);
    const view = render(
      <Wrapper>
        <SegmentCanvas image="img.png" object="cat" />
      </Wrapper>,
    );
    await waitFor(() => expect(answer).toBeDefined()); // asked, and not answered
    expect(excludeButton().disabled).toBe(false);
    expect(view.container.querySelector('[data-segmask-exclude-reason]')).toBeNull();
    // Without it, the same pending segmenter offers nothing until it answers.
    cleanup();
    const unknown: Segmenter = { ...scripted.segmenter, capabilities: () => new Promise(() => {}) };
    const Unknown = wrapper(unknown);
    render(
      <Unknown>
        <SegmentCanvas image="img.png" object="cat" />
      </Unknown>,
    );
    expect(excludeButton().disabled).toBe(true);
  });

  it("keys on the canvas's own buttons are theirs: Enter on the toggle adds no point", async () => {
    const { changes } = setup();
    const include = screen.getByRole('button', { name: '+ Include' });
    include.focus();
    fireEvent.keyDown(include, { key: 'Enter' });
    fireEvent.keyDown(include, { key: ' ' });
    expect(changes.refs).toEqual([]);
  });

  it('an alert shows the advice once', async () => {
    const { root, click, requests } = setup();
    click(100, 50);
    await waitFor(() => expect(requests).toHaveLength(1));
    act(() => requests[0]!.push(new SegmentError('unauthorized', 'HTTP 401: Invalid API key.')));
    await waitFor(() => expect(root.dataset.status).toBe('error'));
    expect(screen.getByRole('alert').textContent!.split('Check the API key').length - 1).toBe(1);
  });
});

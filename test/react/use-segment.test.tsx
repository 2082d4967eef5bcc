// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, renderHook, screen, waitFor } from '@testing-library/react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import {
  SegmentError,
  type SegmentEvent,
  type SegmentRequest,
  type Segmenter,
  type SpatialRef,
} from '../../src/index';
import { SegmentCanvas, SegmentProvider, useSegment } from '../../src/react/index';

afterEach(cleanup);

/** A segmenter whose events the test releases one by one, recording every request. */
function scriptedSegmenter() {
  const requests: {
    request: SegmentRequest;
    push(e: SegmentEvent): void;
    fail(e: Error): void;
    aborted(): boolean;
  }[] = [];
  const segmenter: Segmenter = {
    async *stream(request) {
      const queue: (SegmentEvent | Error)[] = [];
      let wake: (() => void) | undefined;
      requests.push({
        request,
        push: (e) => {
          queue.push(e);
          wake?.();
        },
        fail: (e) => {
          queue.push(e);
          wake?.();
        },
        aborted: () => request.signal?.aborted ?? false,
      });
      request.signal?.addEventListener('abort', () => wake?.());
      for (;;) {
        if (request.signal?.aborted) throw new SegmentError('aborted', 'cancelled');
        if (queue.length === 0) await new Promise<void>((r) => (wake = r));
        if (request.signal?.aborted) throw new SegmentError('aborted', 'cancelled');
        const next = queue.shift();
        if (!next) continue;
        if (next instanceof Error) throw next;
        yield next;
        if (next.type === 'final') return;
      }
    },
    segment: () => Promise.reject(new Error('unused')),
  };
  return { segmenter, requests };
}

const bbox = { xMin: 0.1, yMin: 0.1, xMax: 0.5, yMax: 0.5 };
const finalBbox = { xMin: 0.12, yMin: 0.11, xMax: 0.48, yMax: 0.52 };
const final: SegmentEvent = {
  type: 'final',
  path: 'M0,0L1,0L1,1z',
  bbox: finalBbox,
  requestId: 'r1',
  metrics: { ttftMs: 5 },
};

function wrapper(segmenter: Segmenter) {
  const client = new QueryClient();
  return ({ children }: { children: ReactNode }) => (
    <QueryClientProvider client={client}>
      <SegmentProvider segmenter={segmenter}>{children}</SegmentProvider>
    </QueryClientProvider>
  );
}

describe('useSegment', () => {
  it('walks the state machine requesting -> bbox -> coarse -> refined, final bbox re-anchored', async () => {
    const { segmenter, requests } = scriptedSegmenter();
    const { result } = renderHook(
      () => useSegment({ image: 'img.png', object: 'cat', spatialRefs: [[0.3, 0.3]] }),
      { wrapper: wrapper(segmenter) },
    );
    expect(result.current.status).toBe('requesting');
    await waitFor(() => expect(requests).toHaveLength(1));
    expect(requests[0]!.request.spatialRefs).toEqual([[0.3, 0.3]]);
    act(() => requests[0]!.push({ type: 'bbox', bbox }));
    await waitFor(() => expect(result.current.status).toBe('bbox'));
    expect(result.current.bbox).toEqual(bbox);
    act(() => requests[0]!.push({ type: 'path_delta', chunk: 'M 0 0' }));
    act(() => requests[0]!.push({ type: 'path_delta', chunk: ' L 1 0' }));
    await waitFor(() => expect(result.current.coarsePath).toBe('M 0 0 L 1 0'));
    expect(result.current.status).toBe('coarse');
    act(() => requests[0]!.push(final));
    await waitFor(() => expect(result.current.status).toBe('refined'));
    expect(result.current.result!.bbox).toEqual(finalBbox);
    expect(result.current.bbox).toEqual(bbox);
    expect(result.current.requestId).toBe('r1');
    expect(result.current.metrics).toEqual({ ttftMs: 5 });
  });

  it('latest wins: new refs abort the old stream, and its late chunks never show', async () => {
    const { segmenter, requests } = scriptedSegmenter();
    const { result, rerender } = renderHook(
      ({ refs }: { refs: SpatialRef[] }) =>
        useSegment({ image: 'img.png', object: 'cat', spatialRefs: refs }),
      {
        wrapper: wrapper(segmenter),
        initialProps: { refs: [[0.3, 0.3]] },
      },
    );
    await waitFor(() => expect(requests).toHaveLength(1));
    act(() => requests[0]!.push({ type: 'bbox', bbox }));
    await waitFor(() => expect(result.current.status).toBe('bbox'));
    rerender({
      refs: [
        [0.3, 0.3],
        [0.4, 0.4],
      ],
    });
    await waitFor(() => expect(requests).toHaveLength(2));
    await waitFor(() => expect(requests[0]!.aborted()).toBe(true));
    expect(result.current.status).toBe('requesting');
    act(() => requests[0]!.push({ type: 'bbox', bbox: { xMin: 0, yMin: 0, xMax: 1, yMax: 1 } }));
    act(() => requests[1]!.push({ type: 'bbox', bbox: finalBbox }));
    await waitFor(() => expect(result.current.bbox).toEqual(finalBbox));
  });

  it('revisiting a prompt is served from the cache', async () => {
    const { segmenter, requests } = scriptedSegmenter();
    const { result, rerender } = renderHook(
      ({ refs }: { refs: SpatialRef[] }) =>
        useSegment({ image: 'img.png', object: 'cat', spatialRefs: refs }),
      {
        wrapper: wrapper(segmenter),
        initialProps: { refs: [[0.3, 0.3]] },
      },
    );
    await waitFor(() => expect(requests).toHaveLength(1));
    act(() => {
      requests[0]!.push({ type: 'bbox', bbox });
      requests[0]!.push(final);
    });
    await waitFor(() => expect(result.current.status).toBe('refined'));
    rerender({ refs: [[0.6, 0.6]] });
    await waitFor(() => expect(requests).toHaveLength(2));
    rerender({ refs: [[0.3, 0.3]] });
    expect(result.current.status).toBe('refined');
    expect(requests).toHaveLength(2);
  });

  it('a typed error becomes status error; cancel() gives aborted and reaches the signal', async () => {
    const { segmenter, requests } = scriptedSegmenter();
    const { result } = renderHook(
      () => useSegment({ image: 'img.png', object: 'cat', spatialRefs: [[0.3, 0.3]] }),
      { wrapper: wrapper(segmenter) },
    );
    await waitFor(() => expect(requests).toHaveLength(1));
    act(() => requests[0]!.fail(new SegmentError('rate_limited', 'HTTP 429')));
    await waitFor(() => expect(result.current.status).toBe('error'));
    expect(result.current.error!.code).toBe('rate_limited');
    act(() => result.current.retry());
    await waitFor(() => expect(requests).toHaveLength(2));
    act(() => result.current.cancel());
    await waitFor(() => expect(result.current.status).toBe('aborted'));
    expect(requests[1]!.aborted()).toBe(true);
  });

  it('is idle without an object or when disabled', () => {
    const { segmenter } = scriptedSegmenter();
    const { result } = renderHook(
      () => useSegment({ image: 'img.png', object: ' ', spatialRefs: [[0.3, 0.3]] }),
      { wrapper: wrapper(segmenter) },
    );
    expect(result.current.status).toBe('idle');
  });
});

describe('<SegmentCanvas>', () => {
  function setup(props: Partial<Parameters<typeof SegmentCanvas>[0]> = {}) {
    const scripted = scriptedSegmenter();
    const Wrapper = wrapper(scripted.segmenter);
    const view = render(
      <Wrapper>
        <SegmentCanvas image="img.png" object="cat" {...props} />
      </Wrapper>,
    );
    const root = view.container.querySelector('[data-segmask-canvas]') as HTMLElement;
    const surface = root.querySelector('svg')!;
    surface.getBoundingClientRect = () => ({
      left: 0,
      top: 0,
      width: 200,
      height: 100,
      right: 200,
      bottom: 100,
      x: 0,
      y: 0,
      toJSON: () => ({}),
    });
    return { ...scripted, root, surface };
  }

  it('a click adds a point and a drag adds a box, by pointer events', async () => {
    const onRefsChange = (refs: SpatialRef[]) => changes.push(refs);
    const changes: SpatialRef[][] = [];
    const { requests, surface, root } = setup({ onRefsChange });
    expect(root.dataset.status).toBe('idle');
    fireEvent.pointerDown(surface, {
      clientX: 50,
      clientY: 50,
      pointerId: 1,
      button: 0,
      pointerType: 'mouse',
    });
    fireEvent.pointerUp(surface, { clientX: 50, clientY: 50, pointerId: 1, pointerType: 'mouse' });
    expect(changes.at(-1)).toEqual([[0.25, 0.5]]);
    await waitFor(() => expect(requests).toHaveLength(1));
    expect(root.dataset.status).toBe('requesting');
    fireEvent.pointerDown(surface, {
      clientX: 20,
      clientY: 10,
      pointerId: 2,
      button: 0,
      pointerType: 'touch',
    });
    fireEvent.pointerMove(surface, { clientX: 120, clientY: 60, pointerId: 2, pointerType: 'touch' });
    fireEvent.pointerUp(surface, { clientX: 120, clientY: 60, pointerId: 2, pointerType: 'touch' });
    expect(changes.at(-1)).toEqual([
      [0.25, 0.5],
      [0.1, 0.1, 0.6, 0.6],
    ]);
    expect(surface.style.touchAction).toBe('none');
  });

  it('keyboard: arrows + Enter add a point, B draws a box, Backspace and Ctrl+Z take back, Esc cancels', async () => {
    const changes: SpatialRef[][] = [];
    const { root, requests } = setup({ onRefsChange: (r) => changes.push(r) });
    root.focus();
    fireEvent.keyDown(root, { key: 'ArrowRight' });
    fireEvent.keyDown(root, { key: 'Enter' });
    expect(changes.at(-1)).toEqual([[0.51, 0.5]]);
    // A Russian layout: the B key types "и"; the shortcut still works by code.
    fireEvent.keyDown(root, { key: 'и', code: 'KeyB' });
    fireEvent.keyDown(root, { key: 'ArrowDown', shiftKey: true });
    fireEvent.keyDown(root, { key: 'ArrowRight', shiftKey: true });
    fireEvent.keyDown(root, { key: 'b', code: 'KeyB' });
    expect(changes.at(-1)!.length).toBe(2);
    const box = changes.at(-1)![1]!;
    expect(box[0]).toBeCloseTo(0.51);
    expect(box[2]).toBeCloseTo(0.56);
    fireEvent.keyDown(root, { key: 'z', ctrlKey: true });
    expect(changes.at(-1)).toEqual([[0.51, 0.5]]);
    fireEvent.keyDown(root, { key: 'z', ctrlKey: true, shiftKey: true });
    expect(changes.at(-1)!.length).toBe(2);
    fireEvent.keyDown(root, { key: 'Backspace' });
    expect(changes.at(-1)).toEqual([[0.51, 0.5]]);
    await waitFor(() => expect(requests.length).toBeGreaterThan(0));
    fireEvent.keyDown(root, { key: 'Escape' });
    await waitFor(() => expect(root.dataset.status).toBe('aborted'));
  });

  it('streams into the overlay, announces stages, and keeps refs through an error with a retry', async () => {
    const { root, surface, requests } = setup({ defaultRefs: [[0.3, 0.3]] });
    await waitFor(() => expect(requests).toHaveLength(1));
    act(() => requests[0]!.push({ type: 'bbox', bbox }));
    await waitFor(() => expect(root.dataset.status).toBe('bbox'));
    expect(root.querySelector('[data-segmask-bbox]')).not.toBeNull();
    expect(screen.getByRole('status').textContent).toBe('Box found');
    act(() => requests[0]!.push({ type: 'path_delta', chunk: 'M 0 0 L 1 0' }));
    await waitFor(() =>
      expect(root.querySelector('[data-segmask-mask]')?.getAttribute('data-stage')).toBe('coarse'),
    );
    act(() => requests[0]!.push(final));
    await waitFor(() =>
      expect(root.querySelector('[data-segmask-mask]')?.getAttribute('data-stage')).toBe('refined'),
    );
    const path = root.querySelector('[data-segmask-mask] path:last-of-type')!;
    expect(path.getAttribute('transform')).toBe('translate(0.12 0.11) scale(0.36 0.41000000000000003)');
    // A new point, and the server fails: the error shows with a retry; both refs stay.
    fireEvent.pointerDown(surface, {
      clientX: 100,
      clientY: 50,
      pointerId: 3,
      button: 0,
      pointerType: 'pen',
    });
    fireEvent.pointerUp(surface, { clientX: 100, clientY: 50, pointerId: 3, pointerType: 'pen' });
    await waitFor(() => expect(requests).toHaveLength(2));
    act(() => requests[1]!.fail(new SegmentError('unauthorized', 'HTTP 401.')));
    await waitFor(() => expect(root.dataset.status).toBe('error'));
    expect(screen.getByRole('alert').textContent).toMatch(/HTTP 401.*Check the API key/);
    expect(root.querySelectorAll('[data-segmask-ref="point"]')).toHaveLength(2);
    fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
    await waitFor(() => expect(requests).toHaveLength(3));
    expect(requests[2]!.request.spatialRefs).toEqual([
      [0.3, 0.3],
      [0.5, 0.5],
    ]);
  });

  it('shows and announces a low-confidence grounding, and not a confident one', async () => {
    const { root, requests } = setup({ defaultRefs: [[0.3, 0.3]] });
    await waitFor(() => expect(requests).toHaveLength(1));
    act(() => requests[0]!.push({ ...final, metrics: { groundingScore: 0.21 } } as SegmentEvent));
    await waitFor(() => expect(root.dataset.status).toBe('refined'));
    expect(root.querySelector('[data-segmask-low-confidence]')?.textContent).toMatch(
      /Low-confidence match \(0\.21\)/,
    );
    expect(screen.getByRole('status').textContent).toMatch(/low-confidence match.*0\.21.*add a point/);
    cleanup();
    const confident = setup({ defaultRefs: [[0.3, 0.3]] });
    await waitFor(() => expect(confident.requests).toHaveLength(1));
    act(() => confident.requests[0]!.push({ ...final, metrics: { groundingScore: 0.8 } } as SegmentEvent));
    await waitFor(() => expect(confident.root.dataset.status).toBe('refined'));
    expect(confident.root.querySelector('[data-segmask-low-confidence]')).toBeNull();
    expect(screen.getByRole('status').textContent).toBe('Done');
  });

  it('controlled: an app that resets the refs (a saved object) starts a new history mark', async () => {
    const scripted = scriptedSegmenter();
    const Wrapper = wrapper(scripted.segmenter);
    let reset!: () => void;
    let latest: SpatialRef[] = [];
    function App() {
      const [refs, setRefs] = useState<SpatialRef[]>([]);
      latest = refs;
      reset = () => setRefs([]);
      return <SegmentCanvas image="img.png" object="cat" refs={refs} onRefsChange={setRefs} />;
    }
    const view = render(
      <Wrapper>
        <App />
      </Wrapper>,
    );
    const root = view.container.querySelector('[data-segmask-canvas]') as HTMLElement;
    root.focus();
    fireEvent.keyDown(root, { key: 'Enter' });
    fireEvent.keyDown(root, { key: 'ArrowRight' });
    fireEvent.keyDown(root, { key: 'Enter' });
    expect(latest).toHaveLength(2);
    fireEvent.keyDown(root, { key: 'z', ctrlKey: true });
    expect(latest).toHaveLength(1); // undo takes back one point of this object
    fireEvent.keyDown(root, { key: 'z', ctrlKey: true, shiftKey: true });
    expect(latest).toHaveLength(2);
    act(() => reset());
    await waitFor(() => expect(root.querySelectorAll('[data-segmask-ref]')).toHaveLength(0));
    fireEvent.keyDown(root, { key: 'z', ctrlKey: true });
    expect(latest).toEqual([]); // the saved object's clicks are not undone into the next one
    fireEvent.keyDown(root, { key: 'z', ctrlKey: true, shiftKey: true });
    expect(latest).toEqual([]);
    fireEvent.keyDown(root, { key: 'Enter' });
    expect(latest).toHaveLength(1);
    fireEvent.keyDown(root, { key: 'z', ctrlKey: true });
    expect(latest).toEqual([]);
  });
});

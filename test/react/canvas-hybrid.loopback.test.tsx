// @vitest-environment jsdom
/**
 * The canvas over a hybrid segmenter with real segmenters on both sides: the offline engine's
 * preview, and the Moondream transport calling a real segmask handler that the test holds back.
 */
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { PNG } from 'pngjs';
import { afterEach, describe, expect, it } from 'vitest';
import { createHybridSegmenter, createMoondreamSegmenter } from '../../src/index';
import { createLocalSegmenter } from '../../src/engine/index';
import { SegmentCanvas } from '../../src/react/index';
import { startSlowedEngineServer, type SlowedEngineServer } from '../helpers/slowed-engine-server';
import { wrapper } from './scripted';

let server: SlowedEngineServer | undefined;
afterEach(async () => {
  cleanup();
  await server?.close();
  server = undefined;
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

async function mount() {
  server = await startSlowedEngineServer();
  const segmenter = createHybridSegmenter({
    preview: createLocalSegmenter({ worker: false, model: false, detector: false }),
    final: createMoondreamSegmenter({ endpoint: server.url, retry: false }),
  });
  const Wrapper = wrapper(segmenter);
  const view = render(
    <Wrapper>
      <SegmentCanvas image={rectangleDataUrl()} object="box" />
    </Wrapper>,
  );
  const root = view.container.querySelector('[data-segmask-canvas]') as HTMLElement;
  const surface = root.querySelector('svg')!;
  surface.getBoundingClientRect = () =>
    ({ left: 0, top: 0, width: 200, height: 100, right: 200, bottom: 100, x: 0, y: 0 }) as DOMRect;
  const e = { clientX: 100, clientY: 50, pointerId: 1, button: 0, pointerType: 'mouse' };
  fireEvent.pointerDown(surface, e);
  fireEvent.pointerUp(surface, e);
  return { root, server };
}

const previewMask = (root: HTMLElement) => root.querySelector('[data-segmask-mask][data-stage="preview"]');
const opts = { timeout: 10_000 };

describe('<SegmentCanvas> over a hybrid segmenter', () => {
  it("shows the preview stage (status, chip, announcement, mask) before the final's first event; the final replaces it", async () => {
    const { root, server } = await mount();
    await waitFor(() => expect(root.dataset.status).toBe('preview'), opts);
    expect(server.seen).toHaveLength(1); // the final is asked, and held
    expect(root.querySelector('[data-segmask-status-chip]')!.textContent).toBe(
      'Preview (offline) · Moondream…',
    );
    expect(screen.getByRole('status').textContent).toBe('Preview ready (offline); waiting for Moondream');
    expect(previewMask(root)).not.toBeNull();
    expect(root.getAttribute('aria-busy')).toBe('true');
    server.release();
    await waitFor(() => expect(root.dataset.status).toBe('refined'), opts);
    expect(previewMask(root)).toBeNull();
    expect(root.querySelector('[data-segmask-mask][data-stage="refined"]')).not.toBeNull();
    expect(root.dataset.engine).toBe('graph-cut');
  });

  it('a final that fails keeps the preview on screen beside the error', async () => {
    const { root, server } = await mount();
    await waitFor(() => expect(root.dataset.status).toBe('preview'), opts);
    server.failAfterFirstEvent('The model crashed.');
    await waitFor(() => expect(root.dataset.status).toBe('error'), opts);
    expect(screen.getByRole('alert').textContent).toMatch(/The model crashed/);
    expect(previewMask(root)).not.toBeNull();
    expect(screen.getByRole('status').textContent).toMatch(/The preview stays/);
  });
});

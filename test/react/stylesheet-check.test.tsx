// @vitest-environment jsdom
import { readFileSync } from 'node:fs';
import { cleanup, render } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { scriptedSegmenter } from './scripted';

const STYLESHEET = readFileSync('src/react/styles.css', 'utf8');

/** A fresh copy of the react layer: the warning is said once per page, so once per import. */
async function freshCanvas() {
  vi.resetModules();
  return import('../../src/react/index');
}

function renderCanvas({ SegmentCanvas, SegmentProvider }: Awaited<ReturnType<typeof freshCanvas>>) {
  return render(
    <SegmentProvider segmenter={scriptedSegmenter().segmenter}>
      <SegmentCanvas image="img.png" object="cat" />
    </SegmentProvider>,
  );
}

let warn: ReturnType<typeof vi.spyOn>;
beforeEach(() => {
  warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
});
afterEach(() => {
  cleanup();
  warn.mockRestore();
  document.head.innerHTML = '';
  vi.unstubAllEnvs();
});

describe('a canvas without segmask/styles.css', () => {
  it('says once, in development, what to import', async () => {
    const react = await freshCanvas();
    renderCanvas(react);
    renderCanvas(react);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]![0])).toMatch(/import 'segmask\/styles\.css'/);
  });

  it('still lays out its surface and markers over the photo (inline), so it stays usable', async () => {
    const { container } = renderCanvas(await freshCanvas());
    const surface = container.querySelector<SVGElement>('[data-segmask-surface]')!;
    expect(surface.style.position).toBe('absolute');
    expect(surface.style.touchAction).toBe('none');
    expect(container.querySelector<HTMLElement>('[data-segmask-stage]')!.style.position).toBe('relative');
  });

  it('is quiet when the stylesheet is loaded', async () => {
    const style = document.createElement('style');
    style.textContent = STYLESHEET;
    document.head.append(style);
    const { container } = renderCanvas(await freshCanvas());
    const canvas = container.querySelector('[data-segmask-canvas]')!;
    expect(getComputedStyle(canvas).getPropertyValue('--segmask-styles').trim()).toBe('loaded');
    expect(warn).not.toHaveBeenCalled();
  });

  it('is quiet in production builds', async () => {
    vi.stubEnv('NODE_ENV', 'production');
    renderCanvas(await freshCanvas());
    expect(warn).not.toHaveBeenCalled();
  });
});

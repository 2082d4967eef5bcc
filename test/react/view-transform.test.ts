import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IDENTITY_VIEW, clampView, panBy, toImage, zoomAt } from '../../src/react/view-transform';

describe('view transform (zoom and pan)', () => {
  it('zooming keeps the image point under the pointer where it is', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 1.01, max: 3, noNaN: true }),
        (fx, fy, factor) => {
          const before = toImage(IDENTITY_VIEW, fx, fy);
          const view = zoomAt(IDENTITY_VIEW, factor, fx, fy);
          const after = toImage(view, fx, fy);
          expect(after[0]).toBeCloseTo(before[0], 9);
          expect(after[1]).toBeCloseTo(before[1], 9);
        },
      ),
    );
  });

  it('never zooms out past the whole image nor beyond the limit, and never shows a margin', () => {
    expect(zoomAt(IDENTITY_VIEW, 0.5, 0.3, 0.3)).toEqual(IDENTITY_VIEW);
    expect(zoomAt(IDENTITY_VIEW, 100, 0.5, 0.5).scale).toBe(8);
    expect(zoomAt(IDENTITY_VIEW, 100, 0.5, 0.5, 4).scale).toBe(4);
    const zoomed = zoomAt(IDENTITY_VIEW, 2, 0.5, 0.5);
    expect(panBy(zoomed, 5, 5)).toEqual({ scale: 2, x: 0, y: 0 });
    expect(panBy(zoomed, -5, -5)).toEqual({ scale: 2, x: -1, y: -1 });
    expect(clampView({ scale: 0.5, x: 3, y: -3 })).toEqual(IDENTITY_VIEW);
  });
});

describe('maxZoom above the default', () => {
  it('survives a pan (panBy passes maxZoom on to the clamp)', () => {
    const view = zoomAt(IDENTITY_VIEW, 16, 0.5, 0.5, 16);
    expect(view.scale).toBe(16);
    expect(panBy(view, 0.01, 0.01, 16).scale).toBe(16);
  });
});

import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { createMoondreamSegmenter } from '../../src/index';
import { MaskOverlay, SegmentCanvas, SegmentProvider } from '../../src/react/index';

describe('server rendering', () => {
  it('renders <SegmentCanvas> and <MaskOverlay> with renderToString in Node (no window, document or Worker)', () => {
    expect(typeof (globalThis as { window?: unknown }).window).toBe('undefined');
    const html = renderToString(
      <SegmentProvider segmenter={createMoondreamSegmenter({ endpoint: '/api' })}>
        <SegmentCanvas image="/photo.jpg" object="cat" defaultRefs={[[0.5, 0.5]]} />
        <div style={{ position: 'relative' }}>
          <MaskOverlay path="M0,0L1,0L1,1z" bbox={{ xMin: 0.1, yMin: 0.1, xMax: 0.5, yMax: 0.5 }} />
        </div>
      </SegmentProvider>,
    );
    expect(html).toContain('data-segmask-canvas');
    expect(html).toContain('data-status="requesting"');
    expect(html).toContain('data-stage="refined"');
  });

  it('importing every entry touches no browser global at module scope', async () => {
    await import('../../src/index');
    await import('../../src/react/index');
    await import('../../src/engine/index');
    expect(typeof (globalThis as { document?: unknown }).document).toBe('undefined');
  });
});

// The canvas from source over real segmenters, as an app would mount it; the test reads the DOM.
// ?final=<endpoint> makes it a hybrid: the offline engine's preview, then that server's answer.
import { createRoot } from 'react-dom/client';
import {
  createHybridSegmenter,
  createMoondreamSegmenter,
  defineSegmenter,
  type SegmentRequest,
  type Segmenter,
} from '../../../src/index';
import { createLocalSegmenter } from '../../../src/engine/index';
import { SegmentCanvas, SegmentProvider } from '../../../src/react/index';

/** A light rectangle on a dark ground, 320×240. */
function scene(): string {
  const canvas = document.createElement('canvas');
  canvas.width = 320;
  canvas.height = 240;
  const g = canvas.getContext('2d')!;
  g.fillStyle = '#202020';
  g.fillRect(0, 0, 320, 240);
  g.fillStyle = '#e8e8e8';
  g.fillRect(80, 60, 160, 120);
  return canvas.toDataURL('image/png');
}

const params = new URLSearchParams(location.search);
const final = params.get('final');
/** What the canvas asked of the engine: how many streams, how many at once at most, the last one. */
const asked = {
  started: 0,
  active: 0,
  maxActive: 0,
  last: null as Omit<SegmentRequest, 'image' | 'signal'> | null,
};

/** The engine, passed through, counting its streams (the test reads `asked`). */
function counted(engine: Segmenter): Segmenter {
  return defineSegmenter({
    capabilities: (options) => engine.capabilities!(options),
    prepare: (image, options) => engine.prepare!(image, options),
    async *stream({ image, signal, ...request }) {
      asked.started++;
      asked.maxActive = Math.max(asked.maxActive, ++asked.active);
      asked.last = request;
      try {
        yield* engine.stream({ image, signal, ...request });
      } finally {
        asked.active--;
      }
    },
  });
}

const local = counted(createLocalSegmenter({ model: false, detector: false }));
const segmenter = final
  ? createHybridSegmenter({
      preview: local,
      final: createMoondreamSegmenter({ endpoint: final, retry: false }),
    })
  : local;
const refChanges: unknown[] = [];
const results: unknown[] = [];
Object.assign(window, { refChanges, results, asked });

createRoot(document.getElementById('root')!).render(
  <SegmentProvider segmenter={segmenter}>
    <SegmentCanvas
      image={scene()}
      object="box"
      onRefsChange={(refs) => refChanges.push(refs)}
      onResult={(result) => results.push(result)}
    />
  </SegmentProvider>,
);

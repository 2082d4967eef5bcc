import type { Meta, StoryObj } from '@storybook/react-vite';
import { useMemo, useState } from 'react';
import { expect, userEvent, waitFor } from 'storybook/test';
import {
  createMoondreamSegmenter,
  type SegmentErrorCode,
  type SegmentResult,
  type SpatialRef,
} from '../src/index';
import { SegmentCanvas, SegmentProvider, type SegmentStatus } from '../src/react/index';
import { ERROR_CODES, failing, localSegmenter, recording, slowed } from './segmenters';
import { testOnly } from './test-only';

const CAT = 'assets/chelsea.png';
const COFFEE = 'assets/coffee.png';
const ASTRONAUT = 'assets/astronaut.jpg';
const ROCKET = 'assets/rocket.jpg';

interface DemoProps {
  image: string;
  object: string;
  promptWithoutRefs?: boolean;
  color?: string;
  opacity?: number;
  dimOutside?: boolean;
  defaultRefs?: SpatialRef[];
}

function Demo({
  segmenter,
  ...props
}: DemoProps & { segmenter: Parameters<typeof SegmentProvider>[0]['segmenter'] }) {
  const [status, setStatus] = useState<SegmentStatus>('idle');
  const [result, setResult] = useState<SegmentResult | null>(null);
  const [refs, setRefs] = useState<SpatialRef[]>(props.defaultRefs ?? []);
  return (
    <SegmentProvider segmenter={segmenter}>
      <div style={{ font: '14px system-ui, sans-serif', maxWidth: 720 }}>
        <p style={{ margin: '0 0 8px' }}>
          Click the {props.object}, or drag a box around it. Keyboard: focus the image, arrows, Enter, B,
          Backspace, Esc, Ctrl+Z.
        </p>
        <SegmentCanvas
          {...props}
          refs={refs}
          onRefsChange={setRefs}
          onStatusChange={setStatus}
          onResult={setResult}
          alt={`A photo with a ${props.object}`}
          style={{ width: '100%' }}
        />
        <p style={{ margin: '8px 0 0' }}>
          status: <code data-testid="status">{status}</code> · refs: <code>{JSON.stringify(refs)}</code>
          {result?.metrics?.segmentTimeMs !== undefined ? (
            <> · engine {result.metrics.segmentTimeMs} ms</>
          ) : null}
          {refs.length ? (
            <button type="button" style={{ marginLeft: 8 }} onClick={() => setRefs([])}>
              Clear
            </button>
          ) : null}
        </p>
      </div>
    </SegmentProvider>
  );
}

/**
 * Click to include a point, drag to draw a box; right-click, Alt/Shift+click or the − Exclude
 * toggle excludes (where the segmenter takes exclude points). The answer streams in: the box at
 * once (dashed), the coarse outline growing, then the refined mask, and the next click refines
 * that answer. The stage shows as a chip; errors show with their advice and Retry, and the
 * points stay. Keyboard: focus the photo, arrows move a reticle, Enter adds a point, Shift+Enter
 * the other kind, X switches the mode, B draws a box, Backspace removes, Esc cancels, Ctrl+Z
 * undoes. Zoom: wheel or pinch at the pointer, + / - / 0.
 *
 * ```tsx
 * import { SegmentCanvas, SegmentProvider } from 'segmask/react';
 * import { createLocalSegmenter } from 'segmask/engine'; // or createMoondreamSegmenter from 'segmask'
 *
 * const segmenter = createLocalSegmenter();
 *
 * export function Picker({ src }: { src: string }) {
 *   const [refs, setRefs] = useState<SpatialRef[]>([]);
 *   return (
 *     <SegmentProvider segmenter={segmenter}>
 *       <SegmentCanvas image={src} object="cat" refs={refs} onRefsChange={setRefs}
 *         onResult={(result) => console.log(result.path, result.bbox)} />
 *     </SegmentProvider>
 *   );
 * }
 * ```
 *
 * Theme with CSS custom properties: `--segmask-fill`, `--segmask-fill-opacity`,
 * `--segmask-outline`, `--segmask-include`, `--segmask-exclude`, `--segmask-focus`,
 * `--segmask-control-background`, `--segmask-control-color`, `--segmask-busy`,
 * `--segmask-error-background`. For controls outside the photo, see the Toolbar.
 */
const meta = {
  title: 'SegmentCanvas',
  // A docs page whose props table is SegmentCanvas's own (from its types); the stories render it
  // through Demo, which adds the segmenter and the status line.
  tags: ['autodocs'],
  component: SegmentCanvas as unknown as typeof Demo,
  render: (args) => <Demo {...args} />,
  args: { image: ASTRONAUT, object: 'astronaut', segmenter: localSegmenter },
  argTypes: {
    image: { control: 'select', options: [ASTRONAUT, ROCKET, CAT, COFFEE] },
    color: { control: 'color' },
    opacity: { control: { type: 'range', min: 0, max: 1, step: 0.05 } },
    segmenter: { table: { disable: true } },
  },
} satisfies Meta<typeof Demo>;
export default meta;
type Story = StoryObj<typeof meta>;

/** The offline engine in a Web Worker: no key, no network. */
export const OfflineEngine: Story = {
  name: 'Offline engine',
  args: { defaultRefs: [[0.03, 0.02, 0.72, 1]] },
  play: async ({ canvasElement }) => {
    const root = canvasElement.querySelector('[data-segmask-canvas]') as HTMLElement;
    await waitFor(() => expect(root.dataset.status).toBe('refined'), { timeout: 15_000 });
    await expect(root.querySelector('[data-segmask-mask][data-stage="refined"]')).not.toBeNull();
  },
};

/**
 * The name alone: the worker's COCO detector (CenterNet from @vladmandic/human on tfjs-wasm)
 * grounds "astronaut" to a person box, then the engine segments it. Change the name in the
 * controls ("shuttle" is not a COCO class: it answers ungrounded, saying what to do).
 */
export const TextOnly: Story = {
  name: 'Text only (detector)',
  args: { promptWithoutRefs: true },
  play: async ({ canvasElement }) => {
    const root = canvasElement.querySelector('[data-segmask-canvas]') as HTMLElement;
    await waitFor(() => expect(root.dataset.status).toBe('refined'), { timeout: 30_000 });
    const box = root.querySelector('[data-segmask-mask][data-stage="refined"] path')!.getBoundingClientRect();
    const image = root.getBoundingClientRect();
    // The person, not the shuttle model at the top right.
    await expect((box.right - image.left) / image.width).toBeLessThan(0.8);
  },
};

/** Start empty: click or drag. */
export const Empty: Story = {};

/**
 * The whole cat from one box, with the rest of the photo dimmed. (A coffee cup on its saucer
 * was here: brown cup on brown saucer is beyond colour and texture alone; try it with exclude
 * clicks in the playground.)
 */
export const CatDimOutside: Story = {
  name: 'Cat, dim outside',
  args: { image: CAT, object: 'cat', dimOutside: true, defaultRefs: [[0, 0, 0.85, 1]] },
};

/** A thin object on a dark sky, from one box. */
export const Rocket: Story = {
  args: { image: ROCKET, object: 'rocket', defaultRefs: [[0.455, 0.27, 0.545, 0.97]] },
};

/** A model shuttle behind the astronaut: a small object in a busy corner. */
export const Shuttle: Story = {
  name: 'Shuttle model',
  args: { object: 'shuttle', defaultRefs: [[0.67, 0, 0.94, 0.6]] },
};

/** Pauses between events: watch bbox, then the coarse outline, then the refined mask. */
export const SlowStream: Story = {
  name: 'Slow stream',
  args: { segmenter: slowed(localSegmenter, 900), defaultRefs: [[0.03, 0.02, 0.72, 1]] },
};

function CloudDemo({ apiKey, endpoint, ...props }: DemoProps & { apiKey: string; endpoint: string }) {
  const segmenter = useMemo(
    () => createMoondreamSegmenter({ apiKey: apiKey || undefined, endpoint: endpoint || undefined }),
    [apiKey, endpoint],
  );
  return <Demo {...props} segmenter={segmenter} />;
}

/** Moondream Cloud (or a proxy / `segmask serve`): set a key or an endpoint in the controls. */
export const MoondreamCloud: StoryObj<typeof CloudDemo> = {
  name: 'Moondream Cloud',
  render: (args) => <CloudDemo {...args} />,
  args: { image: ASTRONAUT, object: 'astronaut', apiKey: '', endpoint: 'http://127.0.0.1:2021/v1' },
};

function ErrorDemo({ code, ...props }: DemoProps & { code: SegmentErrorCode }) {
  const segmenter = useMemo(() => failing(code), [code]);
  return <Demo {...props} segmenter={segmenter} />;
}

/** How each failure looks: the message, the fix, Retry; the points stay. */
export const Errors: StoryObj<typeof ErrorDemo> = {
  render: (args) => <ErrorDemo {...args} />,
  args: { image: ASTRONAUT, object: 'astronaut', code: 'unauthorized', defaultRefs: [[0.45, 0.5]] },
  argTypes: { code: { control: 'select', options: ERROR_CODES } },
  play: async ({ canvasElement, args }) => {
    const root = canvasElement.querySelector('[data-segmask-canvas]') as HTMLElement;
    await waitFor(() => expect(root.dataset.status).toBe('error'), { timeout: 20_000 });
    await expect(root.querySelectorAll('[data-segmask-ref="point"]').length).toBe(1);
    const alert = root.querySelector('[role="alert"]') as HTMLElement;
    await expect(alert.dataset.segmaskError).toBe(args.code);
    await expect(alert.querySelector('button')?.textContent).toBe('Retry');
  },
};

const errorStory = (code: SegmentErrorCode, name: string): StoryObj<typeof ErrorDemo> => ({
  ...Errors,
  name: `Error: ${name}`,
  args: { ...Errors.args, code },
});
export const ErrorInvalidInput = errorStory('invalid_input', 'bad spatial ref');
export const ErrorPayloadTooLarge = errorStory('payload_too_large', 'image too large (413)');
export const ErrorRateLimited = errorStory('rate_limited', 'rate limited');
export const ErrorBadRequest = errorStory('bad_request', 'bad request (400)');
export const ErrorServerError = errorStory('server_error', 'server error (5xx)');
export const ErrorUnsupported = errorStory('unsupported', 'server without segment');
export const ErrorStreamCut = errorStory('stream_incomplete', 'stream cut');
export const ErrorInvalidResponse = errorStory('invalid_response', 'not an event stream');
export const ErrorParseError = errorStory('parse_error', 'outline unreadable');
export const ErrorUngrounded = errorStory('ungrounded', 'ungrounded name');
export const ErrorNetwork = errorStory('network', 'network down');

/** Esc while the answer streams: the request stops, the status is `aborted`, the box stays. */
export const Cancelled: Story = {
  name: 'Cancelled with Esc',
  args: { segmenter: slowed(localSegmenter, 1500), defaultRefs: [[0.03, 0.02, 0.72, 1]] },
  // Presses Esc: run by the story tests only, so a visitor sees the stream and can press it.
  play: testOnly(async ({ canvasElement }) => {
    const root = canvasElement.querySelector('[data-segmask-canvas]') as HTMLElement;
    root.focus();
    await waitFor(() => expect(root.dataset.status).toBe('requesting'));
    await userEvent.keyboard('{Escape}');
    await waitFor(() => expect(root.dataset.status).toBe('aborted'));
    await expect(root.querySelectorAll('[data-segmask-ref="box"]').length).toBe(1);
  }),
};

function IncludeExcludeDemo({ image, object }: { image: string; object: string }) {
  const [requests, setRequests] = useState<string[]>([]);
  const segmenter = useMemo(
    () =>
      recording(localSegmenter, (r) =>
        setRequests((log) => [
          ...log,
          JSON.stringify({
            refs: r.spatialRefs ?? [],
            negativeRefs: r.negativeRefs ?? [],
            previous: !!r.previous,
          }),
        ]),
      ),
    [],
  );
  return (
    <SegmentProvider segmenter={segmenter}>
      <div style={{ font: '14px system-ui, sans-serif', maxWidth: 720 }}>
        <p style={{ margin: '0 0 8px' }}>
          Click includes; right-click, Alt/Shift+click, the − Exclude toggle or Shift+Enter excludes; X
          switches the mode; Ctrl+Z undoes one click. Each click refines the last answer.
        </p>
        <SegmentCanvas
          image={image}
          object={object}
          alt={`A photo with a ${object}`}
          style={{ width: '100%' }}
        />
        <ol data-testid="requests" style={{ font: '12px monospace' }}>
          {requests.map((r, i) => (
            <li key={i}>{r}</li>
          ))}
        </ol>
      </div>
    </SegmentProvider>
  );
}

/** Include and exclude on the offline engine; the requests the canvas sent are listed below it. */
export const IncludeExclude: StoryObj<typeof IncludeExcludeDemo> = {
  name: 'Include and exclude',
  render: (args) => <IncludeExcludeDemo {...args} />,
  args: { image: ASTRONAUT, object: 'astronaut' },
  play: testOnly(async ({ canvasElement }) => {
    const root = canvasElement.querySelector('[data-segmask-canvas]') as HTMLElement;
    const excludeToggle = root.querySelector('[data-segmask-mode-button="exclude"]') as HTMLButtonElement;
    await waitFor(() => expect(excludeToggle.disabled).toBe(false), { timeout: 10_000 });
    root.focus();
    await userEvent.keyboard('{Enter}');
    await waitFor(() => expect(root.dataset.status).toBe('refined'), { timeout: 20_000 });
    await userEvent.keyboard('{ArrowUp>10/}{Shift>}{Enter}{/Shift}');
    await waitFor(() =>
      expect(root.querySelectorAll('[data-polarity="exclude"][data-segmask-ref]').length).toBe(1),
    );
    const log = canvasElement.querySelector('[data-testid="requests"]')!;
    await waitFor(() =>
      expect(log.lastElementChild?.textContent).toMatch(
        /"negativeRefs":\[\[0\.5,0\.(?:4|39)\d*\]\].*"previous":true/,
      ),
    );
    await userEvent.keyboard('{Control>}z{/Control}');
    await waitFor(() =>
      expect(root.querySelectorAll('[data-polarity="exclude"][data-segmask-ref]').length).toBe(0),
    );
  }),
};

import type { Meta, StoryObj } from '@storybook/react-vite';
import { useState } from 'react';
import { expect, userEvent, waitFor } from 'storybook/test';
import type { Segmenter, SegmentResult } from '../src/index';
import {
  SegmentCanvas,
  SegmentCanvasProvider,
  SegmentProvider,
  Toolbar,
  useCanvasState,
  useCanvasStoreApi,
  type ToolbarProps,
} from '../src/react/index';
import { localSegmenter } from './segmenters';
import { testOnly } from './test-only';

const ASTRONAUT = 'assets/astronaut.jpg';
/** The engine without its `capabilities()`: what a Moondream-protocol server offers. */
const includeOnly: Segmenter = {
  stream: (request) => localSegmenter.stream(request),
  segment: (request) => localSegmenter.segment(request),
};

function ToolbarDemo({
  segmenter = localSegmenter,
  theme = 'light',
  ...toolbar
}: ToolbarProps & { segmenter?: Segmenter; theme?: 'light' | 'dark' }) {
  const [exported, setExported] = useState('');
  const dark = theme === 'dark';
  return (
    <div
      style={{
        maxWidth: 720,
        padding: 12,
        font: '14px system-ui, sans-serif',
        color: dark ? '#e8eaef' : '#16181d',
        background: dark ? '#111318' : '#fff',
        colorScheme: dark ? 'dark' : 'light',
      }}
    >
      <SegmentProvider segmenter={segmenter}>
        <SegmentCanvasProvider>
          <Toolbar
            {...toolbar}
            onExport={(result: SegmentResult) => {
              setExported(`${result.path.length} characters of SVG path`);
              toolbar.onExport?.(result);
            }}
            style={{ marginBottom: 8 }}
          />
          <SegmentCanvas
            image={ASTRONAUT}
            object="astronaut"
            modeToggle={false}
            alt="An astronaut in front of a flag and a shuttle model"
            style={{ width: '100%' }}
          />
        </SegmentCanvasProvider>
      </SegmentProvider>
      <output data-testid="exported" style={{ display: 'block', marginTop: 8 }}>
        {exported}
      </output>
    </div>
  );
}

/**
 * The canvas's controls as a toolbar beside it: include / exclude (the mode of a plain click),
 * undo, redo, clear, reset zoom, export. It is optional and replaceable, as xyflow's `<Controls>`
 * are: put the canvas and the toolbar in one `<SegmentCanvasProvider>`, and the toolbar drives
 * that canvas through the same public hooks (`useCanvasState`, `useCanvasStoreApi`) that your
 * own controls would use.
 *
 * ```tsx
 * <SegmentProvider segmenter={segmenter}>
 *   <SegmentCanvasProvider key={imageUrl}>
 *     <Toolbar onExport={(result) => save(result)} />
 *     <SegmentCanvas image={imageUrl} object="cat" modeToggle={false} />
 *   </SegmentCanvasProvider>
 * </SegmentProvider>
 * ```
 *
 * Keyboard: the toolbar is one Tab stop; arrow keys, Home and End move between its buttons
 * (yours too, passed as children). A button that cannot act now stays focusable with
 * `aria-disabled` and says why in its tooltip; Exclude is disabled, with the reason shown, where
 * the segmenter does not take exclude points. Theme: `--segmask-include`, `--segmask-exclude`,
 * `--segmask-focus`, `--segmask-toolbar-background`, `--segmask-toolbar-border`; text takes the
 * page's colour, so it follows a light or dark page.
 */
const meta = {
  title: 'Toolbar',
  tags: ['autodocs'],
  component: Toolbar,
  render: (args) => <ToolbarDemo {...args} />,
  args: { exportLabel: 'Export' },
  argTypes: { onExport: { action: 'export' } },
} satisfies Meta<typeof Toolbar>;
export default meta;
type Story = StoryObj<typeof meta>;

/** Clicks with the toolbar: Exclude, a click on the flag, Undo, Redo, Clear (under the story tests). */
export const Default: Story = {
  name: 'Toolbar',
  play: testOnly(async ({ canvasElement }) => {
    const root = canvasElement.querySelector('[data-segmask-canvas]') as HTMLElement;
    const action = (name: string) =>
      canvasElement.querySelector(`[data-segmask-action="${name}"]`) as HTMLButtonElement;
    const excludeMarkers = () => root.querySelectorAll('[data-segmask-ref][data-polarity="exclude"]').length;
    await waitFor(() => expect(action('exclude').getAttribute('aria-disabled')).toBeNull(), {
      timeout: 10_000,
    });
    await userEvent.click(action('exclude'));
    await expect(action('exclude').getAttribute('aria-pressed')).toBe('true');
    root.focus();
    await userEvent.keyboard('{Enter}'); // a point at the reticle, in the toolbar's mode
    await waitFor(() => expect(excludeMarkers()).toBe(1));
    await userEvent.click(action('undo'));
    await waitFor(() => expect(excludeMarkers()).toBe(0));
    await userEvent.click(action('redo'));
    await waitFor(() => expect(excludeMarkers()).toBe(1));
    await userEvent.click(action('clear'));
    await waitFor(() => expect(root.querySelectorAll('[data-segmask-ref]').length).toBe(0));
  }),
};

export const Dark: Story = { render: (args) => <ToolbarDemo {...args} theme="dark" /> };

/** A segmenter without exclude points (Moondream's cloud): Exclude is disabled, with the reason. */
export const IncludeOnly: Story = {
  name: 'Segmenter without exclude',
  render: (args) => <ToolbarDemo {...args} segmenter={includeOnly} />,
  play: async ({ canvasElement }) => {
    const exclude = canvasElement.querySelector('[data-segmask-action="exclude"]') as HTMLButtonElement;
    // Disabled while the segmenter is asked, then with the answer's reason.
    await waitFor(() => expect(exclude.title).toMatch(/include points only/), { timeout: 10_000 });
    await expect(exclude.getAttribute('aria-disabled')).toBe('true');
    await expect(canvasElement.querySelector('[data-segmask-exclude-reason]')?.textContent).toMatch(
      /include points only/,
    );
  },
};

function OwnControls() {
  const store = useCanvasStoreApi();
  const count = useCanvasState((s) => s.refs.length + s.negativeRefs.length);
  const status = useCanvasState((s) => s.status);
  return (
    <p style={{ display: 'flex', gap: 8, alignItems: 'center', margin: '0 0 8px' }}>
      <button type="button" disabled={!count} onClick={() => store.getState().undo()}>
        Take back
      </button>
      <span>
        {count} point(s) · {status}
      </span>
    </p>
  );
}

/** Replace the toolbar with your own: the same hooks, any markup. */
export const YourOwnControls: StoryObj = {
  name: 'Your own controls',
  render: () => (
    <div style={{ maxWidth: 720, font: '14px system-ui, sans-serif' }}>
      <SegmentProvider segmenter={localSegmenter}>
        <SegmentCanvasProvider>
          <OwnControls />
          <SegmentCanvas image={ASTRONAUT} object="astronaut" alt="An astronaut" style={{ width: '100%' }} />
        </SegmentCanvasProvider>
      </SegmentProvider>
    </div>
  ),
};

import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, fn, userEvent, waitFor, within } from 'storybook/test';
import { Annotator } from './annotator/Annotator';
import { localSegmenter } from './segmenters';
import { testOnly } from './test-only';

/**
 * Several labeled objects on one photo, on the offline engine: click or box an object, name
 * it, save; select, hide or delete in the list; export COCO (RLE or polygons), a PNG label map
 * or SVG. The source is a recipe: stories/annotator/Annotator.tsx.
 */
const meta = {
  title: 'Annotator',
  // A docs page: the props table from the component's own types, its description, live examples.
  tags: ['autodocs'],
  component: Annotator,
  args: {
    image: 'assets/coffee.png',
    fileName: 'coffee.png',
    segmenter: localSegmenter,
    defaultLabel: 'coffee',
    onExport: fn(),
  },
  argTypes: { segmenter: { table: { disable: true } } },
} satisfies Meta<typeof Annotator>;
export default meta;
type Story = StoryObj<typeof meta>;

const status = (root: HTMLElement) =>
  root.querySelector<HTMLElement>('[data-segmask-canvas]')!.dataset.status;

/** Clicks the canvas at image fractions (x, y), or drags from (x, y) to (x2, y2). */
async function pointAt(root: HTMLElement, x: number, y: number, to?: [number, number]) {
  const svg = root.querySelector('[data-segmask-canvas] svg')!;
  const r = svg.getBoundingClientRect();
  const at = (fx: number, fy: number) => ({ clientX: r.left + r.width * fx, clientY: r.top + r.height * fy });
  if (!to) return userEvent.pointer({ keys: '[MouseLeft]', target: svg, coords: at(x, y) });
  await userEvent.pointer([
    { keys: '[MouseLeft>]', target: svg, coords: at(x, y) },
    { target: svg, coords: at((x + to[0]) / 2, (y + to[1]) / 2) },
    { target: svg, coords: at(to[0], to[1]) },
    { keys: '[/MouseLeft]', target: svg, coords: at(to[0], to[1]) },
  ]);
}

export const Default: Story = {
  name: 'Annotator',
  // A scripted session (two objects saved, exports): run by the story tests only.
  play: testOnly(async ({ canvasElement, args, step }) => {
    const page = within(canvasElement);
    await waitFor(() =>
      expect(canvasElement.querySelector<HTMLImageElement>('[data-segmask-canvas] img')?.complete).toBe(true),
    );

    await step('segment the coffee with a click and save it', async () => {
      await pointAt(canvasElement, 0.48, 0.36);
      await waitFor(() => expect(status(canvasElement)).toBe('refined'), { timeout: 25_000 });
      await userEvent.click(page.getByRole('button', { name: /Save “coffee”/ }));
      await expect(page.getAllByRole('listitem')).toHaveLength(1);
    });

    await step('box the saucer, name it and save it', async () => {
      await userEvent.clear(page.getByLabelText('Label of the next object'));
      await userEvent.type(page.getByLabelText('Label of the next object'), 'saucer');
      await pointAt(canvasElement, 0.12, 0.17, [0.8, 0.98]);
      await waitFor(() => expect(status(canvasElement)).toBe('refined'), { timeout: 25_000 });
      await userEvent.click(page.getByRole('button', { name: /Save “saucer”/ }));
      await expect(page.getAllByRole('listitem')).toHaveLength(2);
      await expect(canvasElement.querySelectorAll('[data-annotator-object]')).toHaveLength(2);
      await expect(page.getByRole('button', { name: 'saucer' })).toHaveAttribute('aria-pressed', 'true');
      await expect(page.getByRole('button', { name: 'coffee' })).toHaveAttribute('aria-pressed', 'false');
    });

    await step('select with the keyboard', async () => {
      page.getByRole('button', { name: 'coffee' }).focus();
      await userEvent.keyboard('{Enter}');
      await expect(page.getByRole('button', { name: 'coffee' })).toHaveAttribute('aria-pressed', 'true');
    });

    await step('hide and show an object', async () => {
      await userEvent.click(page.getByRole('button', { name: 'Hide coffee' }));
      await expect(canvasElement.querySelectorAll('[data-annotator-object]')).toHaveLength(1);
      await userEvent.click(page.getByRole('button', { name: 'Show coffee' }));
      await expect(canvasElement.querySelectorAll('[data-annotator-object]')).toHaveLength(2);
    });

    await step('export COCO with RLE for both objects', async () => {
      await userEvent.click(page.getByRole('button', { name: 'COCO (RLE)' }));
      await waitFor(() => expect(args.onExport).toHaveBeenCalledTimes(1));
      const file = (args.onExport as ReturnType<typeof fn>).mock.calls[0]![0] as {
        name: string;
        data: string;
      };
      await expect(file.name).toBe('coffee.coco.json');
      const dataset = JSON.parse(file.data);
      await expect(dataset.categories.map((c: { name: string }) => c.name)).toEqual(['coffee', 'saucer']);
      await expect(dataset.annotations[1].segmentation.size).toEqual([400, 600]);
      // The saucer is bigger than the coffee in it.
      await expect(dataset.annotations[1].area).toBeGreaterThan(dataset.annotations[0].area);
    });

    await step('delete one, then export a PNG label map and SVG', async () => {
      await userEvent.click(page.getByRole('button', { name: 'Delete saucer' }));
      await expect(page.getAllByRole('listitem')).toHaveLength(1);
      await userEvent.click(page.getByRole('button', { name: 'PNG masks' }));
      await waitFor(() =>
        expect(page.getByTestId('export')).toHaveTextContent('PNG label map: 600×400, values 0–1'),
      );
      await userEvent.click(page.getByRole('button', { name: 'SVG' }));
      await waitFor(() => expect(args.onExport).toHaveBeenCalledTimes(3));
      const svg = (args.onExport as ReturnType<typeof fn>).mock.calls[2]![0] as { data: string };
      await expect(svg.data).toContain('<title>coffee</title>');
    });
  }),
};

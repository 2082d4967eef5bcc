import type { Meta, StoryObj } from '@storybook/react-vite';
import { fn } from 'storybook/test';
import { Playground } from './playground/Playground';

/**
 * Try segmask on your own photo: pick, drop or paste one (it stays in this tab), choose the
 * offline engine, Moondream Cloud (your key, kept in memory only) or a proxy / `segmask serve`,
 * name the object, click it or drag a box. The three stages arrive with their times; export the
 * object as a transparent cutout, SVG, COCO or YOLO labels.
 */
const meta = {
  title: 'Playground',
  // No docs page: it would come first in the sidebar, and `npm start` must open the playground
  // itself (the kit's components have theirs).
  component: Playground,
  parameters: { layout: 'fullscreen' },
  args: { object: 'astronaut', backend: 'offline', theme: 'light', onExport: fn() },
  argTypes: {
    backend: {
      control: 'inline-radio',
      options: ['offline', 'graph-cut', 'cloud', 'server', 'cloud-hybrid', 'server-hybrid'],
    },
    theme: { control: 'inline-radio', options: ['light', 'dark'] },
    photo: { table: { disable: true } },
  },
} satisfies Meta<typeof Playground>;
export default meta;

export const Default: StoryObj<typeof meta> = { name: 'Playground' };

export const Dark: StoryObj<typeof meta> = { args: { theme: 'dark' } };

import type { Meta, StoryObj } from '@storybook/react-vite';
import { MaskOverlay } from '../src/react/index';

function OverlayDemo(props: {
  path: string;
  xMin: number;
  yMin: number;
  xMax: number;
  yMax: number;
  stage: 'coarse' | 'refined';
  dimOutside: boolean;
  color?: string;
}) {
  const { path, xMin, yMin, xMax, yMax, ...rest } = props;
  return (
    <div style={{ position: 'relative', display: 'inline-block', maxWidth: 600 }}>
      <img src="assets/chelsea.png" alt="Chelsea the cat" style={{ display: 'block', width: '100%' }} />
      <MaskOverlay path={path} bbox={{ xMin, yMin, xMax, yMax }} {...rest} />
    </div>
  );
}

const meta = {
  title: 'MaskOverlay',
  // A docs page: the props table from the component's own types, its description, live examples.
  tags: ['autodocs'],
  component: OverlayDemo,
  args: {
    // A path in Moondream's refined syntax; it leaves its box on the right (x up to 1.05): never clipped.
    path: 'M.2,.05L.6,0L.9,.15L1.05,.5L.85,.9L.4,1L.05,.8L0,.4z',
    xMin: 0.25,
    yMin: 0.08,
    xMax: 0.72,
    yMax: 0.97,
    stage: 'refined',
    dimOutside: false,
  },
  argTypes: {
    stage: { control: 'inline-radio', options: ['coarse', 'refined'] },
    color: { control: 'color' },
  },
} satisfies Meta<typeof OverlayDemo>;
export default meta;

export const Refined: StoryObj<typeof meta> = {};
export const Coarse: StoryObj<typeof meta> = {
  args: { stage: 'coarse', path: 'M 0.2 0.05 L 0.6 0 L 0.9 0.15 L 1.05 0.5 L 0.85 0.9 L 0.4 1' },
};
export const DimOutside: StoryObj<typeof meta> = { name: 'Dim outside', args: { dimOutside: true } };

import type { Preview } from '@storybook/react-vite';

const preview: Preview = {
  parameters: {
    layout: 'padded',
    // The playground first: it is what `npm start` opens.
    options: { storySort: { order: ['Playground', 'SegmentCanvas', 'Annotator', 'MaskOverlay', 'Core'] } },
  },
};
export default preview;

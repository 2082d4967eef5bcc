import type { Preview } from '@storybook/react-vite';
// The kit's look, imported once as the README tells apps to.
import '../src/react/styles.css';

const preview: Preview = {
  parameters: {
    layout: 'padded',
    // The playground first: it is what `npm start` opens.
    options: { storySort: { order: ['Playground', 'SegmentCanvas', 'Annotator', 'MaskOverlay', 'Core'] } },
  },
};
export default preview;

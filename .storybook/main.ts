import type { StorybookConfig } from '@storybook/react-vite';

const config: StorybookConfig = {
  framework: '@storybook/react-vite',
  stories: ['../stories/**/*.stories.@(ts|tsx)'],
  staticDirs: [{ from: '../stories/assets', to: '/assets' }],
  // No network here: telemetry would only wait for a timeout.
  core: { disableTelemetry: true },
};
export default config;

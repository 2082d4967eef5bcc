import type { StorybookConfig } from '@storybook/react-vite';

const config: StorybookConfig = {
  framework: '@storybook/react-vite',
  stories: ['../stories/**/*.stories.@(ts|tsx)'],
  staticDirs: [{ from: '../stories/assets', to: '/assets' }],
  // No network here: telemetry would only wait for a timeout.
  core: { disableTelemetry: true },
  // ES workers keep the engine's dynamic imports lazy: the detector (tfjs) loads only when a
  // prompt needs it, not with the worker.
  viteFinal: (vite) => ({ ...vite, worker: { ...vite.worker, format: 'es' } }),
};
export default config;

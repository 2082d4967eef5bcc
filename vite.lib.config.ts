import { defineConfig } from 'vite';
import dts from 'vite-plugin-dts';
import pkg from './package.json' with { type: 'json' };

const external = [
  ...Object.keys(pkg.peerDependencies ?? {}),
  /^node:/,
  /^zustand/,
  /^@tanstack\//,
  /^react(-dom)?(\/|$)/,
  'react/jsx-runtime',
];

export default defineConfig({
  base: './',
  plugins: [dts({ include: ['src'], rollupTypes: false, entryRoot: 'src' })],
  // The detector's packages are optional peers: left as imports in the worker too, for the
  // app's bundler to resolve when they are installed (never copied into dist).
  // The default worker ships as one file (an app's bundler copies it as an asset and would not
  // copy chunks of it); apps that want the detector in the browser bundle `segmask/engine-worker`
  // themselves (README).
  worker: {
    format: 'es',
    rollupOptions: {
      external: [/^@tensorflow\//, '@vladmandic/human'],
      output: { inlineDynamicImports: true },
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    minify: false,
    target: 'es2022',
    lib: {
      entry: {
        index: 'src/index.ts',
        react: 'src/react/index.ts',
        engine: 'src/engine/index.ts',
        server: 'src/server/index.ts',
        cli: 'src/cli/index.ts',
        'engine-thread': 'src/engine/runtime/node/engine-thread.ts',
        'engine-pool': 'src/engine/runtime/node/engine-pool.ts',
        'engine-worker': 'src/engine/runtime/web-worker/engine.worker.ts',
      },
      formats: ['es'],
    },
    rollupOptions: { external, output: { preserveModules: false } },
  },
});

/**
 * The engine's default Web Worker, in the one form every bundler recognises and bundles as a
 * worker (a module Worker of a URL relative to import.meta.url, all literal). From source (Vite
 * dev, Storybook, tests) it is the worker with the detector; the library build points it at
 * dist/default-worker.js (boxes and points, no detector imports) and writes the pattern into dist
 * as is, so the app's bundler (Vite, webpack, Turbopack) builds the worker itself.
 */
export function spawnEngineWorker(): Worker {
  return new Worker(new URL('./engine.worker.ts', import.meta.url), { type: 'module' });
}

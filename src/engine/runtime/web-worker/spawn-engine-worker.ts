/**
 * The engine's Web Worker, from its default location. Kept alone in this file: bundlers
 * recognise `new Worker(new URL(…, import.meta.url))` only when written out like this.
 */
export function spawnEngineWorker(): Worker {
  return new Worker(new URL('./engine.worker.ts', import.meta.url), { type: 'module' });
}

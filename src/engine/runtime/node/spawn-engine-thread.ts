import { Worker } from 'node:worker_threads';

/**
 * One engine thread. In the package it is the built dist/engine-thread.js; from source (tests,
 * tsx) it is the .ts file, loaded through tsx. The name is computed so bundlers leave it alone.
 */
export function spawnEngineThread(): Worker {
  const fromSource = import.meta.url.endsWith('.ts');
  // A variable, not a template literal inside `new URL(…)`: Vite would turn that into a glob import.
  const file = `./engine-thread.${fromSource ? 'ts' : 'js'}`;
  const url = new URL(file, import.meta.url);
  if (!fromSource) return new Worker(url);
  const boot = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(url.href)}); });`;
  return new Worker(boot, { eval: true });
}

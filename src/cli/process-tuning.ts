import { spawn } from 'node:child_process';

/**
 * The glibc malloc setting `segmask serve` runs with. Each engine thread allocates its requests'
 * images, its detector's buffers and onnxruntime's arena; by default glibc gives every thread an
 * arena of its own (up to 8 per core), and each keeps the pages it freed. Two arenas bound that
 * at no cost in speed (`npm run bench:serve-memory`; docs/benchmarks.md has the numbers and the
 * settings that trade speed for memory). glibc reads it when the process starts, so serve runs
 * itself again once with it set.
 */
export const SERVE_MALLOC_ENV = { MALLOC_ARENA_MAX: '2' } as const;

/** Any of these in the environment is the user's own choice, left as it is. */
const MALLOC_SETTINGS = [
  'MALLOC_ARENA_MAX',
  'MALLOC_MMAP_THRESHOLD_',
  'MALLOC_TRIM_THRESHOLD_',
  'MALLOC_TOP_PAD_',
];

/** Linux (glibc reads it; musl ignores it) and no malloc setting chosen by the user. */
export function wantsMallocTuning(
  env: NodeJS.ProcessEnv = process.env,
  platform = process.platform,
): boolean {
  return platform === 'linux' && MALLOC_SETTINGS.every((name) => env[name] === undefined);
}

const FORWARDED = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * Runs this same command again with the settings, forwarding the stop signals, and ends as it
 * ends (its exit code, or its signal). A Ctrl-C in a terminal reaches both processes; serve
 * treats a second stop signal while draining as the same request.
 */
export function rerunWithMallocTuning(): Promise<void> {
  const child = spawn(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
    stdio: 'inherit',
    env: { ...process.env, ...SERVE_MALLOC_ENV },
  });
  const forward = (signal: NodeJS.Signals) => child.kill(signal);
  for (const signal of FORWARDED) process.on(signal, forward);
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      for (const name of FORWARDED) process.off(name, forward);
      if (signal) process.kill(process.pid, signal);
      else process.exitCode = code ?? 1;
      resolve();
    });
  });
}

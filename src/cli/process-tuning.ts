import { spawn } from 'node:child_process';

/**
 * The glibc malloc setting `segmask serve` runs with. Each engine thread allocates its requests'
 * images, its detector's buffers and onnxruntime's arena; by default glibc gives every thread an
 * arena of its own (up to 8 per core), and each keeps the pages it freed. Two arenas bound that
 * at no cost in speed (`npm run bench:serve-memory`; docs/benchmarks.md has the numbers and the
 * settings that trade speed for memory).
 */
const SERVE_MALLOC_ENV = { MALLOC_ARENA_MAX: '2' } as const;

/**
 * The V8 flags `segmask serve` runs with, for `/health` while the engine is busy
 * (`npm run bench:serve`; docs/benchmarks.md):
 * - `--single-threaded-gc`: V8's GC helper threads are shared by every isolate and run at normal
 *   priority, so an engine thread's collections escaped its lowered priority and took the cores
 *   the event loop needed. Each isolate now collects on its own thread.
 * - `--max-semi-space-size=2` (MB): refused uploads are read and dropped at tens of MB/s, and with
 *   the default 16 MB young generation V8 kept starting full markings of a 10 MB heap (it starts
 *   one when the old generation's headroom is below the young generation's size).
 */
const SERVE_V8_FLAGS = ['--single-threaded-gc', '--max-semi-space-size=2'] as const;

/** Any of these in the environment is the user's own choice, left as it is. */
const MALLOC_SETTINGS = [
  'MALLOC_ARENA_MAX',
  'MALLOC_MMAP_THRESHOLD_',
  'MALLOC_TRIM_THRESHOLD_',
  'MALLOC_TOP_PAD_',
];

/** What serve adds to its own process: environment and Node flags. */
export interface ServeTuning {
  env: Record<string, string>;
  execArgv: string[];
}

const flagName = (flag: string) => flag.split('=')[0]!.replace(/_/g, '-');

/**
 * The settings this process lacks, or undefined when it has them all (or chose its own): a malloc
 * setting or a V8 flag the user gave, on the command line or in NODE_OPTIONS, is left as it is.
 * Linux only: glibc reads the malloc setting (musl ignores it), and these were measured there.
 */
export function serveTuning(
  env: NodeJS.ProcessEnv = process.env,
  execArgv: readonly string[] = process.execArgv,
  platform: NodeJS.Platform = process.platform,
): ServeTuning | undefined {
  if (platform !== 'linux') return undefined;
  const malloc = MALLOC_SETTINGS.every((name) => env[name] === undefined) ? SERVE_MALLOC_ENV : {};
  const given = new Set([...execArgv, ...(env.NODE_OPTIONS ?? '').split(/\s+/)].map(flagName));
  const flags = SERVE_V8_FLAGS.filter((flag) => !given.has(flagName(flag)));
  if (Object.keys(malloc).length === 0 && flags.length === 0) return undefined;
  return { env: { ...malloc }, execArgv: flags };
}

const FORWARDED = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * Runs this same command again with the settings (glibc and V8 read them when the process
 * starts), forwarding the stop signals, and ends as it ends (its exit code, or its signal). A
 * Ctrl-C in a terminal reaches both processes; serve treats a second stop signal while draining
 * as the same request.
 */
export function rerunWithTuning(tuning: ServeTuning): Promise<void> {
  const child = spawn(process.execPath, [...process.execArgv, ...tuning.execArgv, ...process.argv.slice(1)], {
    stdio: 'inherit',
    env: { ...process.env, ...tuning.env },
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

import { SERVE_MALLOC_ENV, wantsMallocTuning } from '../src/cli/malloc-tuning';

/**
 * The environment `segmask serve` runs its server with (the CLI adds glibc's malloc settings
 * unless the user chose them), so the benches' server process measures what serve runs.
 * BENCH_MALLOC=default measures glibc's defaults instead.
 */
export function serveEnv(): NodeJS.ProcessEnv {
  const tuned = wantsMallocTuning() && process.env.BENCH_MALLOC !== 'default';
  return tuned ? { ...process.env, ...SERVE_MALLOC_ENV } : process.env;
}

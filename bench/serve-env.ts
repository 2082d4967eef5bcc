import { serveTuning } from '../src/cli/process-tuning';

/**
 * The environment and Node flags `segmask serve` runs its server with (the CLI adds glibc's
 * malloc setting and its V8 flags unless the user chose their own), so the benches' server
 * process measures what serve runs. BENCH_MALLOC=default measures glibc's defaults instead,
 * BENCH_V8=default V8's.
 */
export function serveProcess(): { env: NodeJS.ProcessEnv; execArgv: string[] } {
  const tuning = serveTuning(process.env, []);
  const env =
    tuning && process.env.BENCH_MALLOC !== 'default' ? { ...process.env, ...tuning.env } : process.env;
  const execArgv = tuning && process.env.BENCH_V8 !== 'default' ? tuning.execArgv : [];
  return { env, execArgv };
}

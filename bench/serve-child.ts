/**
 * The server of bench/serve.bench.ts, in its own process so the load's clients do not share its
 * event loop. Reports its own event-loop delay per load level (asked with 'loop').
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { startServer } from '../src/server/index';

const running = await startServer({ port: 0, threads: 2, maxQueue: 256, log: () => {} });
let delay = monitorEventLoopDelay({ resolution: 5 });
delay.enable();
process.send!({ url: running.url });
process.on('message', (message) => {
  if (message === 'loop') {
    delay.disable();
    process.send!({ loopP99: delay.percentile(99) / 1e6, loopMax: delay.max / 1e6 });
    delay = monitorEventLoopDelay({ resolution: 5 });
    delay.enable();
  }
  if (message === 'stop') void running.close().then(() => process.exit(0));
});

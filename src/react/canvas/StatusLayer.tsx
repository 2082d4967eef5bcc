import type { SegmentRequestState, SegmentStatus } from '../request/segment-result';
import { previewChip } from './preview-words';
import { visuallyHidden } from './styles';

/** The chip's words per stage; none while idle, and none on error (the alert says it). */
const CHIP: Partial<Record<SegmentStatus, string>> = {
  requesting: 'Segmenting…',
  bbox: 'Box found',
  coarse: 'Outlining…',
  refined: 'Refined',
  aborted: 'Cancelled',
};

export interface StatusLayerProps {
  state: SegmentRequestState;
  /** What the live region says (see `announcement`). */
  announcement: string;
  object: string;
  lowScore: number | undefined;
  retry(): void;
  /** Show the stage as a chip over the photo. */
  chip: boolean;
}

/**
 * The words over the image: a polite live region for every stage, the stage as a chip, the
 * low-confidence notice, and the error with Retry. The error shows its own message (what happened, then what to do), once.
 */
export function StatusLayer({ state, announcement, object, lowScore, retry, chip }: StatusLayerProps) {
  const chipText = !chip
    ? undefined
    : state.status === 'preview'
      ? previewChip(state.preview)
      : CHIP[state.status];
  return (
    <>
      <div aria-live="polite" role="status" style={visuallyHidden}>
        {announcement}
      </div>
      {chipText ? (
        // Seen, not read: the live region above says the same.
        <div aria-hidden data-segmask-status-chip={state.status}>
          <span />
          {chipText}
        </div>
      ) : null}
      {lowScore !== undefined ? (
        <div data-segmask-low-confidence={lowScore}>
          Low-confidence match ({lowScore.toFixed(2)}): click the {object} to confirm
        </div>
      ) : null}
      {state.status === 'error' ? (
        <div role="alert" data-segmask-error={state.error.code}>
          <span>{state.error.message}</span>
          <button type="button" onClick={retry}>
            Retry
          </button>
        </div>
      ) : null}
    </>
  );
}

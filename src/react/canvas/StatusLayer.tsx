import type { SegmentRequestState } from '../request/segment-result';
import { errorStyle, noticeStyle, retryStyle, visuallyHidden } from './styles';

export interface StatusLayerProps {
  state: SegmentRequestState;
  /** What the live region says (see `announcement`). */
  announcement: string;
  object: string;
  lowScore: number | undefined;
  retry(): void;
}

/**
 * The words over the image: a polite live region for every stage, the low-confidence notice, and
 * the error with Retry. The error shows its own message (what happened, then what to do), once.
 */
export function StatusLayer({ state, announcement, object, lowScore, retry }: StatusLayerProps) {
  return (
    <>
      <div aria-live="polite" role="status" style={visuallyHidden}>
        {announcement}
      </div>
      {lowScore !== undefined ? (
        <div data-segmask-low-confidence={lowScore} style={noticeStyle}>
          Low-confidence match ({lowScore.toFixed(2)}): click the {object} to confirm
        </div>
      ) : null}
      {state.status === 'error' ? (
        <div role="alert" data-segmask-error={state.error.code} style={errorStyle}>
          <span>{state.error.message}</span>
          <button type="button" onClick={retry} style={retryStyle}>
            Retry
          </button>
        </div>
      ) : null}
    </>
  );
}

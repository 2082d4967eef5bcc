import { BboxFrame, MaskPath, type MaskStyle } from '../MaskOverlay';
import type { SegmentRequestState } from '../request/segment-result';

/**
 * The answer as it streams: the dashed first box, the coarse outline growing, then the refined
 * mask. It draws the request's state as it is; it derives nothing.
 */
export function StreamLayer({ state, maskStyle }: { state: SegmentRequestState; maskStyle: MaskStyle }) {
  if (state.status === 'refined')
    return <MaskPath path={state.result.path} bbox={state.result.bbox} stage="refined" {...maskStyle} />;
  const { bbox, coarsePath } = state;
  if (!bbox) return null;
  return (
    <>
      <BboxFrame bbox={bbox} color={maskStyle.color} />
      {coarsePath ? <MaskPath path={coarsePath} bbox={bbox} stage="coarse" {...maskStyle} /> : null}
    </>
  );
}

import { BboxFrame, MaskPath, type MaskStyle } from '../MaskOverlay';
import type { SegmentRequestState } from '../request/segment-result';

/**
 * The answer as it streams: a hybrid segmenter's preview (kept under the final's stages, and
 * beside its error), the dashed first box, the coarse outline growing, then the refined mask. It
 * draws the request's state as it is; it derives nothing.
 */
export function StreamLayer({ state, maskStyle }: { state: SegmentRequestState; maskStyle: MaskStyle }) {
  if (state.status === 'refined')
    return <MaskPath path={state.result.path} bbox={state.result.bbox} stage="refined" {...maskStyle} />;
  const { bbox, coarsePath, preview } = state;
  return (
    <>
      {preview ? <MaskPath path={preview.path} bbox={preview.bbox} stage="preview" {...maskStyle} /> : null}
      {bbox ? <BboxFrame bbox={bbox} color={maskStyle.color} /> : null}
      {bbox && coarsePath ? <MaskPath path={coarsePath} bbox={bbox} stage="coarse" {...maskStyle} /> : null}
    </>
  );
}

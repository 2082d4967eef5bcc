import type { SegmentStatus } from '../../src/react/index';
import { LOW_GROUNDING_SCORE } from '../../src/engine/index';
import type { StageTimes } from './timed-segmenter';

const STAGES = [
  ['bbox', 'Box'],
  ['coarse', 'Coarse outline'],
  ['refined', 'Refined mask'],
] as const;

const STATUS_TEXT: Record<SegmentStatus, string> = {
  idle: 'Click, or drag a box',
  requesting: 'Asking…',
  preview: 'Preview shown, final answer coming…',
  bbox: 'Box found',
  coarse: 'Outlining…',
  refined: 'Refined',
  error: 'Failed',
  aborted: 'Cancelled',
};

/** The status chip, when each of the three stages arrived, and the grounding score. */
export function StagePanel({ status, times }: { status: SegmentStatus; times: StageTimes | null }) {
  const score = times?.metrics?.groundingScore;
  const engineMs = times?.metrics?.segmentTimeMs;
  return (
    <section className="sm-field" aria-label="Stages">
      <span className="sm-chip" data-status={status} data-testid="status-chip">
        {STATUS_TEXT[status]}
      </span>
      <ol className="sm-stages">
        {STAGES.map(([key, label]) => {
          const at = times?.[key];
          return (
            <li key={key} data-stage={key} data-done={at !== undefined}>
              <span>{label}</span>
              <span className="sm-time">{at === undefined ? '—' : `${at} ms`}</span>
            </li>
          );
        })}
      </ol>
      <p className="sm-note">
        {score !== undefined ? (
          <>
            Grounding score <strong data-testid="grounding">{score.toFixed(2)}</strong>
            {score < LOW_GROUNDING_SCORE ? ' (low: check the object)' : ''}
          </>
        ) : (
          'Times from the request to each stage’s first event.'
        )}
        {engineMs !== undefined ? ` · engine ${Math.round(engineMs)} ms` : ''}
      </p>
    </section>
  );
}

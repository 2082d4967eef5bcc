import type { SegmentStatus } from '../../src/react/index';
import { LOW_GROUNDING_SCORE } from '../../src/engine/index';
import { useSyncExternalStore } from 'react';
import { learnedStart } from './learned-segmenter';
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

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** Which tier answered, how long preparing the photo took, and when the model was ready. */
function TierNote({ times }: { times: StageTimes | null }) {
  const start = useSyncExternalStore(learnedStart.subscribe, learnedStart.get);
  const model =
    start.loadMs === undefined
      ? null
      : start.tier?.tier === 'learned'
        ? `model ${start.tier.model} loaded in ${seconds(start.loadMs)}${start.tier.device ? ` (${start.tier.device})` : ''}`
        : `no model (${start.error ?? 'its files did not load'}): the graph cut answers`;
  if (!times?.engine && times?.prepareMs === undefined && !model) return null;
  return (
    <p className="sm-note" data-testid="tier-note">
      {times?.engine ? (
        <>
          Answered by <strong data-testid="engine-tier">{times.engine}</strong>
        </>
      ) : null}
      {times?.prepareMs !== undefined ? (
        <>
          {times.engine ? ' · ' : ''}photo prepared in{' '}
          <span data-testid="prepare-time">{seconds(times.prepareMs)}</span>
        </>
      ) : null}
      {model ? `${times?.engine || times?.prepareMs !== undefined ? ' · ' : ''}${model}` : null}
    </p>
  );
}

/** The status chip, when each of the three stages arrived, the grounding score and the tier. */
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
      <TierNote times={times} />
    </section>
  );
}

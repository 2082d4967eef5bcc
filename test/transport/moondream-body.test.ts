import { describe, expect, it } from 'vitest';
import type { SegmentRequest } from '../../src/protocol/types';
import { moondreamSegmentBody } from '../../src/transport/moondream-body';

const image = { width: 1, height: 1, data: new Uint8ClampedArray(4) };
const previous = { path: 'M0 0 L1 0 L1 1 Z', bbox: { xMin: 0.1, yMin: 0.2, xMax: 0.5, yMax: 0.6 } };

describe('the /segment request body', () => {
  it('carries the object, the encoded image and the include refs in wire form', () => {
    const request: SegmentRequest = {
      image,
      object: 'cat',
      spatialRefs: [
        [0.5, 0.5],
        [0.1, 0.2, 0.3, 0.4],
      ],
    };
    const none = { negativeRefs: false, previous: false };
    expect(moondreamSegmentBody(request, 'data:image/jpeg;base64,AA', none, undefined)).toEqual({
      image_url: 'data:image/jpeg;base64,AA',
      object: 'cat',
      stream: true,
      spatial_refs: [
        [0.5, 0.5],
        [0.1, 0.2, 0.3, 0.4],
      ],
    });
  });

  it('sends previous only to a server that takes it, and the settings in snake_case', () => {
    const request: SegmentRequest = { image, object: 'cat', negativeRefs: [[0.9, 0.9]], previous };
    const settings = { temperature: 0.5, topP: 0.9, maxTokens: 100 };
    const without = moondreamSegmentBody(request, 'u', { negativeRefs: true, previous: false }, settings);
    expect(without.previous).toBeUndefined();
    expect(without.negative_refs).toEqual([[0.9, 0.9]]);
    expect(without.settings).toEqual({ temperature: 0.5, top_p: 0.9, max_tokens: 100 });
    const withPrevious = moondreamSegmentBody(
      request,
      'u',
      { negativeRefs: true, previous: true },
      undefined,
    );
    expect(withPrevious.previous).toEqual({
      path: previous.path,
      bbox: { x_min: 0.1, y_min: 0.2, x_max: 0.5, y_max: 0.6 },
    });
    expect(withPrevious.settings).toBeUndefined();
  });
});

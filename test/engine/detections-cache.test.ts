import { describe, expect, it } from 'vitest';
import type { Detection, ObjectDetector } from '../../src/engine/grounding/object-detector';
import { detectOnce } from '../../src/engine/runtime/detections-cache';

const image = () => ({ width: 4, height: 4, data: new Uint8ClampedArray(64) });
const person: Detection = { label: 'person', score: 0.9, box: [0.1, 0.1, 0.5, 0.9] };

function counting(answer: () => Promise<Detection[]>) {
  const calls: unknown[] = [];
  const detector: ObjectDetector = {
    detect: (pixels) => {
      calls.push(pixels);
      return answer();
    },
  };
  return { detector, calls };
}

describe('detections per decoded image', () => {
  it('asks the detector once per image, whoever asks (a click, a hover preview, another segmenter)', async () => {
    const { detector, calls } = counting(async () => [person]);
    const photo = image();
    expect(await detectOnce(detector).detect(photo)).toEqual([person]);
    expect(await detectOnce(detector).detect(photo)).toEqual([person]);
    expect(calls).toHaveLength(1);
    await detectOnce(detector).detect(image()); // another image
    expect(calls).toHaveLength(2);
  });

  it('asks again after a failed pass', async () => {
    let fail = true;
    const { detector, calls } = counting(async () => {
      if (fail) throw new Error('wasm not ready');
      return [person];
    });
    const photo = image();
    await expect(detectOnce(detector).detect(photo)).rejects.toThrow('wasm not ready');
    fail = false;
    expect(await detectOnce(detector).detect(photo)).toEqual([person]);
    expect(calls).toHaveLength(2);
  });
});

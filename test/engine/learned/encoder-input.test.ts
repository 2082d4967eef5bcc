import { describe, expect, it } from 'vitest';
import { encoderInput } from '../../../src/engine/learned/encoder-input';
import type { Pixels } from '../../../src/protocol/types';

function gradient(width: number, height: number): Pixels {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let p = 0; p < width * height; p++) data.set([p % 251, (p * 7) % 253, (p * 13) % 255, 255], p * 4);
  return { data, width, height };
}

describe('encoderInput', () => {
  it('writes the same input into a reused buffer as into a fresh one, its padding zeroed', () => {
    const tall = gradient(100, 200); // 512 × 1024 once resized: the right half is padding
    const wide = gradient(200, 100); // 1024 × 512: the bottom half is padding
    const fresh = encoderInput(wide);
    const reused = encoderInput(tall, new Float32Array(fresh.length).fill(7));
    expect(encoderInput(wide, reused)).toBe(reused);
    const firstDifference = reused.findIndex((v, i) => v !== fresh[i]);
    expect(firstDifference).toBe(-1);
    const plane = 1024 * 1024;
    for (const c of [0, 1, 2]) {
      expect(reused[c * plane + 1023 * 1024 + 1023]).toBe(0);
      expect(reused[c * plane + 600 * 1024 + 10]).toBe(0);
    }
  });

  it('refuses a buffer of another size', () => {
    expect(() => encoderInput(gradient(4, 4), new Float32Array(16))).toThrow(RangeError);
  });
});

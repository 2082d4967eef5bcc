import { describe, expect, it } from 'vitest';
import { detectorInput } from '../../src/engine/grounding/detector-input';
import { detectorPackageLoaders } from '../../src/engine/grounding/detector-packages';
import { loadCenterNet } from '../../src/engine/grounding/object-detector';

/** A seeded RGBA image whose channels all differ. */
function noise(width: number, height: number, seed = 7) {
  const data = new Uint8ClampedArray(width * height * 4);
  let s = seed;
  for (let i = 0; i < data.length; i++) data[i] = (s = (s * 1103515245 + 12345) >>> 0) >>> 24;
  return { width, height, data };
}

describe('detectorInput', () => {
  it.each([
    [53, 37, 16], // up both ways, odd sizes
    [640, 428, 512], // a dev photo's size: down across, up along
    [1200, 90, 64], // a strip
    [1, 1, 8],
  ])("is tfjs's resizeBilinear of the RGB for %i×%i → %i²", async (width, height, size) => {
    const { tf, wasm } = detectorPackageLoaders();
    const core = await tf();
    await wasm();
    if (core.getBackend() !== 'wasm') await core.setBackend('wasm');
    const image = noise(width, height);
    const expected = core.tidy(() => {
      const rgba = core.tensor3d(Float32Array.from(image.data), [height, width, 4]);
      const rgb = core.slice(rgba, [0, 0, 0], [height, width, 3]);
      return core.image.resizeBilinear(core.expandDims(rgb, 0) as import('@tensorflow/tfjs-core').Tensor4D, [
        size,
        size,
      ]);
    });
    const want = (await expected.data()) as Float32Array;
    expected.dispose();
    const got = detectorInput(image, size);
    expect(got).toHaveLength(want.length);
    let worst = 0;
    for (let i = 0; i < want.length; i++) worst = Math.max(worst, Math.abs(got[i]! - want[i]!));
    expect(worst).toBeLessThan(1e-3);
  });

  it('allocates its fixed output whatever the image (a 12 MP photo gives 512²×3 floats)', () => {
    const big = { width: 4000, height: 3000, data: new Uint8ClampedArray(4000 * 3000 * 4).fill(200) };
    const input = detectorInput(big, 512);
    expect(input).toHaveLength(512 * 512 * 3);
    expect(input.every((v) => v === 200)).toBe(true);
  });

  it("keeps a 12 MP photo out of the detector's wasm heap, which never shrinks", async () => {
    const detector = await loadCenterNet();
    const core = await detectorPackageLoaders().tf();
    const heapBytes = () =>
      (core.backend() as unknown as { wasm: { HEAPU8: Uint8Array } }).wasm.HEAPU8.byteLength;
    await detector.detect(noise(640, 480));
    const before = heapBytes();
    await detector.detect({ width: 4000, height: 3000, data: new Uint8ClampedArray(4000 * 3000 * 4) });
    // The whole photo as float RGBA would have been 192 MB there.
    expect(heapBytes()).toBeLessThanOrEqual(before + 16 * 2 ** 20);
  }, 30_000);
});

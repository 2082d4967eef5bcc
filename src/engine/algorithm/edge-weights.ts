/**
 * Edge-aware pairwise weights of a pixel grid (GrabCut's): `gamma · exp(-β‖Δrgb‖²)` to the right
 * and downward neighbour, strong between similar colours and weak across edges, β the inverse of
 * twice the mean squared difference. Also the colour distances themselves, for geodesics.
 */
export function edgeWeights(
  rgba: Uint8ClampedArray | Uint8Array,
  w: number,
  h: number,
  gamma: number,
): { right: Float32Array; down: Float32Array; rightDiff: Float32Array; downDiff: Float32Array } {
  const n = w * h;
  const right = new Float32Array(n),
    down = new Float32Array(n);
  const rightDiff = new Float32Array(n),
    downDiff = new Float32Array(n);
  const diff2 = (p: number, q: number) => {
    const a = p * 4,
      b = q * 4;
    return (
      (rgba[a]! - rgba[b]!) ** 2 + (rgba[a + 1]! - rgba[b + 1]!) ** 2 + (rgba[a + 2]! - rgba[b + 2]!) ** 2
    );
  };
  let sum = 0,
    count = 0;
  for (let p = 0; p < n; p++) {
    if ((p % w) + 1 < w) {
      right[p] = diff2(p, p + 1);
      sum += right[p]!;
      count++;
    }
    if (p + w < n) {
      down[p] = diff2(p, p + w);
      sum += down[p]!;
      count++;
    }
  }
  const beta = count > 0 && sum > 0 ? count / (2 * sum) : 0;
  for (let p = 0; p < n; p++) {
    rightDiff[p] = Math.sqrt(right[p]!);
    downDiff[p] = Math.sqrt(down[p]!);
    right[p] = gamma * Math.exp(-beta * right[p]!);
    down[p] = gamma * Math.exp(-beta * down[p]!);
  }
  return { right, down, rightDiff, downDiff };
}

/** Exact Euclidean distance transforms on pixel grids (the robot user's and the click floods'). */

const FAR = 1e20;

/**
 * One dimension of Felzenszwalb & Huttenlocher's exact squared Euclidean distance transform:
 * the lower envelope of the parabolas rooted at each sample. Written here because it is 40
 * lines, exact and linear; OpenCV's distanceTransform would pull a 10 MB wasm into the engine.
 */
function envelope1d(f: Float64Array, n: number, out: Float64Array, v: Int32Array, z: Float64Array): void {
  let k = 0;
  v[0] = 0;
  z[0] = -Infinity;
  z[1] = Infinity;
  for (let q = 1; q < n; q++) {
    let s = (f[q]! + q * q - (f[v[k]!]! + v[k]! * v[k]!)) / (2 * q - 2 * v[k]!);
    while (s <= z[k]!) {
      k--;
      s = (f[q]! + q * q - (f[v[k]!]! + v[k]! * v[k]!)) / (2 * q - 2 * v[k]!);
    }
    k++;
    v[k] = q;
    z[k] = s;
    z[k + 1] = Infinity;
  }
  k = 0;
  for (let q = 0; q < n; q++) {
    while (z[k + 1]! < q) k++;
    out[q] = (q - v[k]!) ** 2 + f[v[k]!]!;
  }
}

/**
 * Squared Euclidean distance from every pixel of `region` (1) to the nearest pixel outside it,
 * the image padded by one pixel of outside (RITM pads so the image's edge counts as an edge).
 */
export function squaredDistanceToOutside(region: Uint8Array, w: number, h: number): Float64Array {
  const pw = w + 2,
    ph = h + 2;
  const grid = new Float64Array(pw * ph);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) grid[(y + 1) * pw + x + 1] = region[y * w + x] ? FAR : 0;
  const longest = Math.max(pw, ph);
  const f = new Float64Array(longest),
    out = new Float64Array(longest),
    z = new Float64Array(longest + 1);
  const v = new Int32Array(longest);
  for (let x = 0; x < pw; x++) {
    for (let y = 0; y < ph; y++) f[y] = grid[y * pw + x]!;
    envelope1d(f, ph, out, v, z);
    for (let y = 0; y < ph; y++) grid[y * pw + x] = out[y]!;
  }
  for (let y = 0; y < ph; y++) {
    for (let x = 0; x < pw; x++) f[x] = grid[y * pw + x]!;
    envelope1d(f, pw, out, v, z);
    for (let x = 0; x < pw; x++) grid[y * pw + x] = out[x]!;
  }
  const result = new Float64Array(w * h);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) result[y * w + x] = grid[(y + 1) * pw + x + 1]!;
  return result;
}

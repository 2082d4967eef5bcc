/**
 * Minimum s-t cut on a 4-connected pixel grid: Boykov-Kolmogorov's augmenting-path algorithm
 * (search trees reused between augmentations, orphan adoption with timestamp/distance marks).
 * Written for grids because neighbours are implicit (no edge lists: 4 capacities per pixel), which
 * keeps a 200x200 cut at a few ms; no maintained npm package offers graph cuts in JS/wasm.
 */

// Directions: 0 right, 1 down, 2 left, 3 up; the reverse of d is (d + 2) & 3.
const TERMINAL = 4;
const NONE = -1;
const FREE = 0;
const SOURCE = 1;
const SINK = 2;

import type { GridCut } from './grid-cut-graph';

export { createGridCut, setPairwise, type GridCut } from './grid-cut-graph';

/**
 * One piece, not split, on purpose: the tree growth, augmentation and orphan adoption share a
 * dozen typed arrays and counters in closures; passing them between functions would cost the
 * hot loop more than the length costs the reader (each phase is commented where it starts).
 *
 * Solves the cut in place. Returns a mask with 1 for pixels on the source side (labelled
 * foreground when the source capacity is the cost of calling p background).
 */
export function solveGridCut(cut: GridCut): Uint8Array {
  const { width: w, height: h, edges: cap, terminals: tr } = cut;
  const n = w * h;
  const tree = new Uint8Array(n);
  const parent = new Int8Array(n).fill(NONE);
  const stamp = new Int32Array(n);
  const dist = new Int32Array(n);
  const queue = new Int32Array(n + 1); // circular FIFO of active nodes
  const queued = new Uint8Array(n);
  let head = 0;
  let tail = 0;
  let time = 1;
  const orphans: number[] = [];

  const push = (p: number) => {
    if (queued[p]) return;
    queued[p] = 1;
    queue[tail] = p;
    tail = tail === n ? 0 : tail + 1;
  };
  // Neighbour of p in direction d, or -1 off the grid.
  const nb = (p: number, d: number): number => {
    const x = p % w;
    switch (d) {
      case 0:
        return x + 1 < w ? p + 1 : -1;
      case 1:
        return p + w < n ? p + w : -1;
      case 2:
        return x > 0 ? p - 1 : -1;
      default:
        return p >= w ? p - w : -1;
    }
  };

  for (let p = 0; p < n; p++) {
    if (tr[p]! > 0) tree[p] = SOURCE;
    else if (tr[p]! < 0) tree[p] = SINK;
    else continue;
    parent[p] = TERMINAL;
    dist[p] = 1;
    push(p);
  }

  const augment = (s: number, t: number, d: number) => {
    let f = cap[s * 4 + d]!;
    for (let x = s; parent[x] !== TERMINAL;) {
      const y = nb(x, parent[x]!);
      f = Math.min(f, cap[y * 4 + ((parent[x]! + 2) & 3)]!);
      x = y;
      if (parent[x] === TERMINAL) f = Math.min(f, tr[x]!);
    }
    if (parent[s] === TERMINAL) f = Math.min(f, tr[s]!);
    for (let x = t; parent[x] !== TERMINAL;) {
      f = Math.min(f, cap[x * 4 + parent[x]!]!);
      x = nb(x, parent[x]!);
      if (parent[x] === TERMINAL) f = Math.min(f, -tr[x]!);
    }
    if (parent[t] === TERMINAL) f = Math.min(f, -tr[t]!);

    cap[s * 4 + d] = cap[s * 4 + d]! - f;
    cap[t * 4 + ((d + 2) & 3)] = cap[t * 4 + ((d + 2) & 3)]! + f;
    for (let x = s; ;) {
      if (parent[x] === TERMINAL) {
        tr[x] = tr[x]! - f;
        if (tr[x]! <= 0) {
          tr[x] = 0;
          parent[x] = NONE;
          orphans.push(x);
        }
        break;
      }
      const px = parent[x]!;
      const y = nb(x, px);
      const e = y * 4 + ((px + 2) & 3);
      cap[e] = cap[e]! - f;
      cap[x * 4 + px] = cap[x * 4 + px]! + f;
      if (cap[e]! <= 0) {
        cap[e] = 0;
        parent[x] = NONE;
        orphans.push(x);
      }
      x = y;
    }
    for (let x = t; ;) {
      if (parent[x] === TERMINAL) {
        tr[x] = tr[x]! + f;
        if (tr[x]! >= 0) {
          tr[x] = 0;
          parent[x] = NONE;
          orphans.push(x);
        }
        break;
      }
      const px = parent[x]!;
      const y = nb(x, px);
      const e = x * 4 + px;
      cap[e] = cap[e]! - f;
      cap[y * 4 + ((px + 2) & 3)] = cap[y * 4 + ((px + 2) & 3)]! + f;
      if (cap[e]! <= 0) {
        cap[e] = 0;
        parent[x] = NONE;
        orphans.push(x);
      }
      x = y;
    }
  };

  // Distance from x to its terminal through valid parents, or -1 when the chain hits an orphan.
  const originDistance = (start: number): number => {
    let d = 0;
    let x = start;
    for (;;) {
      if (stamp[x] === time) {
        d += dist[x]!;
        break;
      }
      const px = parent[x]!;
      if (px === NONE) return -1;
      d++;
      if (px === TERMINAL) {
        stamp[x] = time;
        dist[x] = 1;
        break;
      }
      x = nb(x, px);
    }
    // Mark the chain so later look-ups stop early.
    for (let y = start, k = d; stamp[y] !== time; y = nb(y, parent[y]!)) {
      stamp[y] = time;
      dist[y] = k--;
    }
    return d;
  };

  const adopt = (x: number) => {
    const t = tree[x]!;
    let best = NONE;
    let bestDist = Infinity;
    for (let d = 0; d < 4; d++) {
      const q = nb(x, d);
      if (q < 0 || tree[q] !== t || parent[q] === NONE) continue;
      const residual = t === SOURCE ? cap[q * 4 + ((d + 2) & 3)]! : cap[x * 4 + d]!;
      if (residual <= 0) continue;
      const od = originDistance(q);
      if (od >= 0 && od < bestDist) {
        best = d;
        bestDist = od;
      }
    }
    if (best !== NONE) {
      parent[x] = best;
      stamp[x] = time;
      dist[x] = bestDist + 1;
      return;
    }
    tree[x] = FREE;
    for (let d = 0; d < 4; d++) {
      const q = nb(x, d);
      if (q < 0 || tree[q] !== t) continue;
      const residual = t === SOURCE ? cap[q * 4 + ((d + 2) & 3)]! : cap[x * 4 + d]!;
      if (residual > 0) push(q);
      const pq = parent[q]!;
      if (pq !== NONE && pq !== TERMINAL && nb(q, pq) === x) {
        parent[q] = NONE;
        orphans.push(q);
      }
    }
  };

  while (head !== tail) {
    const p = queue[head]!;
    head = head === n ? 0 : head + 1;
    queued[p] = 0;
    const t = tree[p]!;
    if (t === FREE) continue;
    let found = false;
    for (let d = 0; d < 4 && !found; d++) {
      const q = nb(p, d);
      if (q < 0) continue;
      if (t === SOURCE) {
        if (cap[p * 4 + d]! <= 0) continue;
        if (tree[q] === FREE) {
          tree[q] = SOURCE;
          parent[q] = (d + 2) & 3;
          stamp[q] = stamp[p]!;
          dist[q] = dist[p]! + 1;
          push(q);
        } else if (tree[q] === SINK) {
          time++;
          augment(p, q, d);
          found = true;
        }
      } else {
        if (cap[q * 4 + ((d + 2) & 3)]! <= 0) continue;
        if (tree[q] === FREE) {
          tree[q] = SINK;
          parent[q] = (d + 2) & 3;
          stamp[q] = stamp[p]!;
          dist[q] = dist[p]! + 1;
          push(q);
        } else if (tree[q] === SOURCE) {
          time++;
          augment(q, p, (d + 2) & 3);
          found = true;
        }
      }
    }
    if (found) {
      while (orphans.length > 0) adopt(orphans.pop()!);
      if (tree[p] !== FREE) push(p); // it may have more paths to give
    }
  }

  const labels = new Uint8Array(n);
  for (let p = 0; p < n; p++) labels[p] = tree[p] === SOURCE ? 1 : 0;
  return labels;
}

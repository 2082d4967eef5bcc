/**
 * Marching squares over a scalar field (iso 0.5), tracing closed rings with the foreground
 * always on the same side, so outer boundaries and holes come out wound oppositely: exactly
 * what the nonzero fill rule needs. Points are sub-pixel (linear interpolation).
 */

// Corners: 0 top-left, 1 top-right, 2 bottom-right, 3 bottom-left; edges: 0 top, 1 right, 2 bottom, 3 left.
const CORNER_POS = [
  [0, 0],
  [1, 0],
  [1, 1],
  [0, 1],
] as const;
const EDGE_CORNERS = [
  [0, 1],
  [1, 2],
  [3, 2],
  [0, 3],
] as const;
const EDGE_MID = [
  [0.5, 0],
  [1, 0.5],
  [0.5, 1],
  [0, 0.5],
] as const;

/** For each corner configuration (bit c set = corner c inside) and saddle choice: oriented edge pairs. */
const TABLE: [number, number][][][] = [];
for (let config = 0; config < 16; config++) {
  const inside = (c: number) => ((config >> c) & 1) === 1;
  const variants: [number, number][][] = [];
  for (const centreInside of [false, true]) {
    const crossed = [0, 1, 2, 3].filter((e) => inside(EDGE_CORNERS[e]![0]) !== inside(EDGE_CORNERS[e]![1]));
    const pairs: [number, number, number][] = []; // edge, edge, a corner the segment cuts off
    if (crossed.length === 2) {
      const corner = [0, 1, 2, 3].find((c) => inside(c))!;
      pairs.push([crossed[0]!, crossed[1]!, corner]);
    } else if (crossed.length === 4) {
      // Saddle: cut off the two corners that are NOT connected through the centre.
      const cut = [0, 1, 2, 3].filter((c) => inside(c) !== centreInside);
      for (const c of cut) {
        const edges = [0, 1, 2, 3].filter((e) => EDGE_CORNERS[e]!.includes(c as never));
        pairs.push([edges[0]!, edges[1]!, c]);
      }
    }
    variants.push(
      pairs.map(([a, b, corner]) => {
        // Orient a -> b so inside lies on the right of travel (cross product < 0 in x-right, y-down).
        const [ax, ay] = EDGE_MID[a]!;
        const [bx, by] = EDGE_MID[b]!;
        const [cx, cy] = CORNER_POS[corner]!;
        const cross = (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);
        const cornerOnRight = cross > 0; // y points down, so positive cross is the right-hand side
        const wantRight = inside(corner);
        return cornerOnRight === wantRight ? [a, b] : [b, a];
      }),
    );
  }
  TABLE.push(variants);
}

/**
 * Traces iso-0.5 rings of `field` (row-major, `width` x `height`, values 0..1). Samples sit at
 * pixel centres: the sample of pixel (x, y) is at (x + 0.5, y + 0.5). The field is treated as
 * 0 beyond its border so every ring closes. Returns rings as flat `[x0, y0, x1, y1, ...]`.
 */
export function traceContours(field: Float32Array, width: number, height: number): Float64Array[] {
  const W = width + 2; // padded grid
  const H = height + 2;
  const value = (x: number, y: number) =>
    x <= 0 || y <= 0 || x > width || y > height ? 0 : field[(y - 1) * width + (x - 1)]!;
  const next = new Int32Array(W * H * 2).fill(-1);
  const px = new Float64Array(W * H * 2);
  const py = new Float64Array(W * H * 2);
  // Edge ids: top edge of cell (x, y) is the horizontal edge at (x, y); left edge is the vertical one.
  const edgeId = (x: number, y: number, e: number) => {
    switch (e) {
      case 0:
        return (y * W + x) * 2;
      case 2:
        return ((y + 1) * W + x) * 2;
      case 3:
        return (y * W + x) * 2 + 1;
      default:
        return (y * W + x + 1) * 2 + 1;
    }
  };
  for (let y = 0; y < H - 1; y++) {
    for (let x = 0; x < W - 1; x++) {
      const v = [value(x, y), value(x + 1, y), value(x + 1, y + 1), value(x, y + 1)];
      let config = 0;
      for (let c = 0; c < 4; c++) if (v[c]! > 0.5) config |= 1 << c;
      if (config === 0 || config === 15) continue;
      const centre = (v[0]! + v[1]! + v[2]! + v[3]!) / 4 > 0.5;
      for (const [a, b] of TABLE[config]![centre ? 1 : 0]!) {
        for (const e of [a, b]) {
          const id = edgeId(x, y, e);
          const [c0, c1] = EDGE_CORNERS[e]!;
          const t = (0.5 - v[c0]!) / (v[c1]! - v[c0]!);
          // Grid point (gx, gy) is pixel (gx - 1, gy - 1), whose centre is at gx - 0.5.
          px[id] = x + CORNER_POS[c0]![0] + t * (CORNER_POS[c1]![0] - CORNER_POS[c0]![0]) - 0.5;
          py[id] = y + CORNER_POS[c0]![1] + t * (CORNER_POS[c1]![1] - CORNER_POS[c0]![1]) - 0.5;
        }
        next[edgeId(x, y, a)] = edgeId(x, y, b);
      }
    }
  }
  const rings: Float64Array[] = [];
  for (let start = 0; start < next.length; start++) {
    if (next[start] === -1) continue;
    const ring: number[] = [];
    let e = start;
    while (e !== -1 && next[e] !== -1) {
      ring.push(px[e]!, py[e]!);
      const n = next[e]!;
      next[e] = -1;
      e = n;
    }
    if (ring.length >= 6) rings.push(Float64Array.from(ring));
  }
  return rings;
}

/** Ramer-Douglas-Peucker on a closed ring; keeps at least 3 points. */
export function simplifyRing(ring: Float64Array, tolerance: number): Float64Array {
  const n = ring.length / 2;
  if (n <= 4) return ring;
  // Split at the point farthest from point 0, then simplify both open halves.
  let far = 0;
  let farD = -1;
  for (let i = 1; i < n; i++) {
    const d = (ring[i * 2]! - ring[0]!) ** 2 + (ring[i * 2 + 1]! - ring[1]!) ** 2;
    if (d > farD) {
      farD = d;
      far = i;
    }
  }
  const keep = new Uint8Array(n + 1);
  keep[0] = keep[far] = keep[n] = 1;
  const at = (i: number) => (i === n ? 0 : i) * 2;
  const tol2 = tolerance * tolerance;
  const stack: number[] = [0, far, far, n];
  while (stack.length > 0) {
    const b = stack.pop()!;
    const a = stack.pop()!;
    const ax = ring[at(a)]!,
      ay = ring[at(a) + 1]!,
      bx = ring[at(b)]!,
      by = ring[at(b) + 1]!;
    const dx = bx - ax,
      dy = by - ay;
    const len2 = dx * dx + dy * dy || 1e-12;
    let best = -1;
    let bestD = tol2;
    for (let i = a + 1; i < b; i++) {
      const x = ring[at(i)]!,
        y = ring[at(i) + 1]!;
      const cross = (x - ax) * dy - (y - ay) * dx;
      const d = (cross * cross) / len2;
      if (d > bestD) {
        bestD = d;
        best = i;
      }
    }
    if (best >= 0) {
      keep[best] = 1;
      stack.push(a, best, best, b);
    }
  }
  const out: number[] = [];
  for (let i = 0; i < n; i++) if (keep[i]) out.push(ring[i * 2]!, ring[i * 2 + 1]!);
  return Float64Array.from(out);
}

/** The capacities of a 4-connected grid graph for solveGridCut (grid-graph-cut.ts). */

export interface GridCut {
  width: number;
  height: number;
  /** Residual capacity of the edge from pixel p in direction d: `edges[p * 4 + d]`. */
  edges: Float32Array;
  /** Terminal residual: > 0 from the source to p, < 0 from p to the sink. */
  terminals: Float32Array;
}

export function createGridCut(width: number, height: number): GridCut {
  return {
    width,
    height,
    edges: new Float32Array(width * height * 4),
    terminals: new Float32Array(width * height),
  };
}

/** Sets a symmetric pairwise weight between p and its neighbour in direction d (0 right, 1 down). */
export function setPairwise(cut: GridCut, p: number, d: 0 | 1, weight: number): void {
  const q = d === 0 ? p + 1 : p + cut.width;
  cut.edges[p * 4 + d] = weight;
  cut.edges[q * 4 + d + 2] = weight;
}

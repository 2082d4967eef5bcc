/** What the graph cut segments: a working crop and what the user said about it. */
export interface RegionPrompt {
  /** RGBA pixels of the working crop. */
  rgba: Uint8ClampedArray | Uint8Array;
  width: number;
  height: number;
  /** The object lies inside this box (working pixels, [x0, y0, x1, y1)); outside is background. */
  box?: [number, number, number, number];
  /**
   * The box is only where to look (points alone), not drawn around the object: its corners and
   * outline say nothing about the object, so the box priors are off.
   */
  searchRegion?: boolean;
  /** Pixels (x, y in working pixels) the object must cover. */
  points: readonly [number, number][];
  /** Pixels (x, y in working pixels) the object must not cover (exclude clicks). */
  excludes?: readonly [number, number][];
  /** Graph-cut rounds (models re-fitted between them). Default 4. */
  iterations?: number;
  /** Specks and holes under this many pixels are removed. */
  minArea: number;
}
